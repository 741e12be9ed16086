# Every public address the install needs, made before any server: each host's cloud-init names the
# others (the Infinispan bridge, peers, the delegation's glue), so the addresses cannot come from
# the servers themselves without a cycle. Primary IPs outlive their servers (auto_delete off), so
# a host replaced keeps its address and nothing in DNS changes.

variable "regions" {
  description = "The root module's regions."
  type = map(object({
    location = string
    nodes    = number
  }))
}

locals {
  # Hetzner's datacenters by location (a primary IP is made in a datacenter).
  datacenters = {
    fsn1 = "fsn1-dc14"
    nbg1 = "nbg1-dc3"
    hel1 = "hel1-dc2"
    ash  = "ash-dc1"
    hil  = "hil-dc1"
    sin  = "sin-dc1"
  }
  node_slots = merge([
    for name, r in var.regions : {
      for i in range(r.nodes) : "${name}-${i + 1}" => { region = name, index = i + 1, location = r.location }
    }
  ]...)
}

resource "hcloud_primary_ip" "infra" {
  for_each      = var.regions
  name          = "geotier-${each.key}-infra"
  type          = "ipv4"
  datacenter    = local.datacenters[each.value.location]
  assignee_type = "server"
  auto_delete   = false
  labels        = { "geotier.io/region" = each.key, "geotier.io/role" = "infra" }
}

resource "hcloud_primary_ip" "node" {
  for_each      = local.node_slots
  name          = "geotier-${each.key}"
  type          = "ipv4"
  datacenter    = local.datacenters[each.value.location]
  assignee_type = "server"
  auto_delete   = false
  labels        = { "geotier.io/region" = each.value.region, "geotier.io/role" = "node" }
}

output "infra" {
  description = "Per region: the infrastructure host (Infinispan site and geodns), its primary IP's id and address."
  value       = { for name, ip in hcloud_primary_ip.infra : name => { id = ip.id, address = ip.ip_address } }
}

output "nodes" {
  description = "Per node (region-N): its region, number, primary IP id and address."
  value = {
    for slot, ip in hcloud_primary_ip.node : slot => {
      region  = local.node_slots[slot].region
      index   = local.node_slots[slot].index
      id      = ip.id
      address = ip.ip_address
    }
  }
}
