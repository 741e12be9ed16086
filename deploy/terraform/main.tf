# Geotier on Hetzner Cloud, one region per entry of var.regions, with the cache zone delegated from
# a Cloudflare-hosted parent zone. Provider specifics live in modules/hcloud-* and
# modules/cloudflare-delegation; another cloud or DNS host is another pair of modules with the
# same inputs and outputs.

locals {
  zone = "${var.cache_label}.${var.parent_zone}"
  settings = {
    zone                      = "${local.zone}."
    steered_name              = var.steered_name
    origin_url                = var.origin_url
    admin_token               = var.admin_token
    infinispan_node_password  = var.infinispan_node_password
    infinispan_admin_password = var.infinispan_admin_password
    bridge_keystore_base64    = var.bridge_keystore_base64
    bridge_keystore_password  = var.bridge_keystore_password
    release_url               = var.release_url
    geoip_account_id          = var.geoip_account_id
    geoip_license_key         = var.geoip_license_key
  }
  our_hosts = concat(
    [for h in values(module.addresses.infra) : "${h.address}/32"],
    [for n in values(module.addresses.nodes) : "${n.address}/32"],
  )
}

module "addresses" {
  source  = "./modules/hcloud-addresses"
  regions = { for name, r in var.regions : name => { location = r.location, nodes = r.nodes } }
}

module "region" {
  source         = "./modules/hcloud-region"
  for_each       = var.regions
  name           = each.key
  region         = each.value
  infra          = module.addresses.infra
  nodes          = { for slot, n in module.addresses.nodes : slot => n if n.region == each.key }
  name_servers   = { for name, r in var.regions : name => module.addresses.infra[name].address if r.geodns }
  our_hosts      = local.our_hosts
  admin_networks = var.admin_networks
  ssh_keys       = var.ssh_keys
  settings       = local.settings
}

module "delegation" {
  source       = "./modules/cloudflare-delegation"
  parent_zone  = var.parent_zone
  cache_label  = var.cache_label
  name_servers = { for name, r in module.region : r.name_server.label => r.name_server.address if r.name_server != null }
}
