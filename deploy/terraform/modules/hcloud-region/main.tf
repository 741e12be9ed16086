# One region on Hetzner Cloud: an infrastructure host (the region's Infinispan Server site and a
# geodns) and its cache nodes, each on the primary IP made for it, behind firewalls that open
# HTTP(S) to everyone, DNS on the infrastructure host to everyone, and Hot Rod, the cross-site
# bridge and the admin ports only to our own hosts (and the admin networks).

variable "name" {
  description = "The region's name."
  type        = string
}

variable "region" {
  description = "This region, as the root module's regions map has it."
  type = object({
    location          = string
    latitude          = number
    longitude         = number
    nodes             = number
    node_server_type  = string
    store_budget      = string
    infinispan_server = string
    geodns            = bool
  })
}

variable "infra" {
  description = "Every region's infrastructure host: { region = { id, address } }."
  type        = map(object({ id = number, address = string }))
}

variable "nodes" {
  description = "This region's nodes: { slot = { region, index, id, address } }."
  type        = map(object({ region = string, index = number, id = number, address = string }))
}

variable "name_servers" {
  description = "Every geodns host of the install: region to address (the zone file lists them all)."
  type        = map(string)
}

variable "our_hosts" {
  description = "Every address of the install (CIDRs), for the firewall's private ports."
  type        = list(string)
}

variable "admin_networks" {
  type = list(string)
}

variable "ssh_keys" {
  type = list(string)
}

variable "settings" {
  description = "What every host of the install shares (zone, origin, secrets, release): see the root module."
  type = object({
    zone                      = string
    steered_name              = string
    origin_url                = string
    admin_token               = string
    infinispan_node_password  = string
    infinispan_admin_password = string
    bridge_keystore_base64    = string
    bridge_keystore_password  = string
    release_url               = string
    geoip_account_id          = string
    geoip_license_key         = string
  })
  sensitive = true
}

locals {
  template = "${path.module}/../../templates/cloud-init.yaml.tftpl"
  sites    = sort(keys(var.infra))
  common = {
    region         = var.name
    latitude       = var.region.latitude
    longitude      = var.region.longitude
    site_host      = var.infra[var.name].address
    sites          = { for s in local.sites : s => var.infra[s].address }
    name_servers   = var.name_servers
    settings       = var.settings
    infinispan_xml = ""
  }
  infinispan_xml = templatefile("${path.module}/../../templates/infinispan.xml.tftpl", {
    site       = var.name
    sites      = { for s in local.sites : s => var.infra[s].address }
    site_hosts = "${var.infra[var.name].address}[7800]"
    keystore   = "/etc/geotier/infinispan/bridge.p12"
  })
}

resource "hcloud_firewall" "infra" {
  name   = "geotier-${var.name}-infra"
  labels = { "geotier.io/region" = var.name }
  rule {
    description = "DNS over UDP"
    direction   = "in"
    protocol    = "udp"
    port        = "53"
    source_ips  = ["0.0.0.0/0", "::/0"]
  }
  rule {
    description = "DNS over TCP"
    direction   = "in"
    protocol    = "tcp"
    port        = "53"
    source_ips  = ["0.0.0.0/0", "::/0"]
  }
  rule {
    description = "Hot Rod (nodes, geodns) and the cross-site bridge (other sites): our hosts only"
    direction   = "in"
    protocol    = "tcp"
    port        = "11222"
    source_ips  = var.our_hosts
  }
  rule {
    description = "Cross-site bridge (TLS, mutual authentication): our hosts only"
    direction   = "in"
    protocol    = "tcp"
    port        = "7900"
    source_ips  = var.our_hosts
  }
  dynamic "rule" {
    for_each = length(var.admin_networks) > 0 ? [1] : []
    content {
      description = "SSH and geodns's admin port from the admin networks"
      direction   = "in"
      protocol    = "tcp"
      port        = "22"
      source_ips  = var.admin_networks
    }
  }
  dynamic "rule" {
    for_each = length(var.admin_networks) > 0 ? [1] : []
    content {
      description = "geodns admin (drain, /steering, metrics)"
      direction   = "in"
      protocol    = "tcp"
      port        = "8053"
      source_ips  = concat(var.admin_networks, var.our_hosts)
    }
  }
}

resource "hcloud_firewall" "node" {
  name   = "geotier-${var.name}-node"
  labels = { "geotier.io/region" = var.name }
  rule {
    description = "HTTP: users, peers, geodns's probes"
    direction   = "in"
    protocol    = "tcp"
    port        = "80"
    source_ips  = ["0.0.0.0/0", "::/0"]
  }
  rule {
    description = "HTTPS"
    direction   = "in"
    protocol    = "tcp"
    port        = "443"
    source_ips  = ["0.0.0.0/0", "::/0"]
  }
  dynamic "rule" {
    for_each = length(var.admin_networks) > 0 ? [1] : []
    content {
      description = "SSH from the admin networks"
      direction   = "in"
      protocol    = "tcp"
      port        = "22"
      source_ips  = var.admin_networks
    }
  }
}

resource "hcloud_server" "infra" {
  name         = "geotier-${var.name}-infra"
  server_type  = var.region.infinispan_server
  image        = "debian-12"
  location     = var.region.location
  ssh_keys     = var.ssh_keys
  firewall_ids = [hcloud_firewall.infra.id]
  labels       = { "geotier.io/region" = var.name, "geotier.io/role" = "infra" }
  public_net {
    ipv4_enabled = true
    ipv4         = var.infra[var.name].id
    ipv6_enabled = true
  }
  user_data = templatefile(local.template, merge(local.common, {
    infinispan_xml = local.infinispan_xml
    role           = "infra"
    public_address = var.infra[var.name].address
    geodns         = var.region.geodns
    store_budget   = var.region.store_budget
  }))
}

resource "hcloud_server" "node" {
  for_each     = var.nodes
  name         = "geotier-${each.key}"
  server_type  = var.region.node_server_type
  image        = "debian-12"
  location     = var.region.location
  ssh_keys     = var.ssh_keys
  firewall_ids = [hcloud_firewall.node.id]
  labels       = { "geotier.io/region" = var.name, "geotier.io/role" = "node" }
  public_net {
    ipv4_enabled = true
    ipv4         = each.value.id
    ipv6_enabled = true
  }
  user_data = templatefile(local.template, merge(local.common, {
    role           = "node"
    public_address = each.value.address
    geodns         = false
    store_budget   = var.region.store_budget
  }))
  # The site must answer before the node starts (it waits, but reads nothing without it).
  depends_on = [hcloud_server.infra]
}

output "name_server" {
  description = "The region's geodns host, if it runs one: name label and address."
  value       = var.region.geodns ? { label = "ns-${var.name}", address = var.infra[var.name].address } : null
}

output "nodes" {
  description = "The region's nodes: name and public address."
  value       = { for slot, n in var.nodes : "${var.name}@${n.address}:80" => n.address }
}
