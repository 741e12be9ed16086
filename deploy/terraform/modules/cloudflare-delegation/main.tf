# Delegates the cache zone from its parent zone on Cloudflare: an NS record per geodns host, and the
# glue (A) records for those name servers, which live inside the delegated zone.

variable "parent_zone" {
  description = "The parent zone's name on Cloudflare (example.com)."
  type        = string
}

variable "cache_label" {
  description = "The cache zone's label under the parent (cdn)."
  type        = string
}

variable "name_servers" {
  description = "Name server label (ns-eu-west) to its IPv4 address."
  type        = map(string)
  validation {
    condition     = length(var.name_servers) >= 2
    error_message = "A delegation needs two name servers or more (RFC 1034): run geodns in two regions at least."
  }
}

data "cloudflare_zone" "parent" {
  name = var.parent_zone
}

resource "cloudflare_record" "ns" {
  for_each = var.name_servers
  zone_id  = data.cloudflare_zone.parent.id
  name     = var.cache_label
  type     = "NS"
  content  = "${each.key}.${var.cache_label}.${var.parent_zone}"
  ttl      = 3600
}

resource "cloudflare_record" "glue" {
  for_each = var.name_servers
  zone_id  = data.cloudflare_zone.parent.id
  name     = "${each.key}.${var.cache_label}"
  type     = "A"
  content  = each.value
  ttl      = 3600
  proxied  = false
}

output "name_servers" {
  description = "The delegated zone's name servers (FQDN) to their addresses."
  value       = { for label, address in var.name_servers : "${label}.${var.cache_label}.${var.parent_zone}." => address }
}

output "records" {
  description = "The same delegation as zone-file lines."
  value = concat(
    [for label, _ in var.name_servers : "${var.cache_label}.${var.parent_zone}. 3600 IN NS ${label}.${var.cache_label}.${var.parent_zone}."],
    [for label, address in var.name_servers : "${label}.${var.cache_label}.${var.parent_zone}. 3600 IN A ${address}"],
  )
}
