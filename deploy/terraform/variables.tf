variable "hcloud_token" {
  description = "Hetzner Cloud API token (read and write) of the project the regions are created in."
  type        = string
  sensitive   = true
}

variable "cloudflare_api_token" {
  description = "Cloudflare API token allowed to edit DNS in the parent zone (for the delegation)."
  type        = string
  sensitive   = true
}

variable "regions" {
  description = <<-EOT
    The regions to run, by name (the name nodes report and geodns steers by). Per region: the
    Hetzner location, where users are steered from (latitude, longitude of the location), how many
    cache nodes and their server type, and the disk budget of each node's store.
  EOT
  type = map(object({
    location          = string
    latitude          = number
    longitude         = number
    nodes             = optional(number, 1)
    node_server_type  = optional(string, "cpx31")
    store_budget      = optional(string, "200G")
    infinispan_server = optional(string, "cpx21")
    geodns            = optional(bool, true)
  }))
  validation {
    condition     = length(var.regions) >= 1 && alltrue([for name, r in var.regions : can(regex("^[a-z][a-z0-9-]{1,30}$", name))])
    error_message = "At least one region; names are lower-case letters, digits and dashes (they become host names)."
  }
  validation {
    condition     = alltrue([for r in values(var.regions) : r.latitude >= -90 && r.latitude <= 90 && r.longitude >= -180 && r.longitude <= 180])
    error_message = "latitude is within [-90, 90] and longitude within [-180, 180]."
  }
  validation {
    condition     = alltrue([for r in values(var.regions) : r.nodes >= 1 && r.nodes <= 20])
    error_message = "Each region runs 1 to 20 nodes."
  }
  validation {
    condition     = alltrue([for r in values(var.regions) : can(regex("^[0-9]+[KMGT]$", r.store_budget))])
    error_message = "store_budget is a size such as 200G (geotier.store.budget)."
  }
}

variable "parent_zone" {
  description = "The zone that delegates the cache zone, as Cloudflare knows it (example.com)."
  type        = string
  validation {
    condition     = can(regex("^([a-z0-9-]+\\.)+[a-z]{2,}$", var.parent_zone))
    error_message = "A domain name without a final dot, such as example.com."
  }
}

variable "cache_label" {
  description = "The cache zone's label under the parent zone: cdn makes cdn.example.com, whose steered name is the apex's cdn (cdn.cdn.example.com) unless steered_name says otherwise."
  type        = string
  default     = "cdn"
  validation {
    condition     = can(regex("^[a-z0-9-]+$", var.cache_label))
    error_message = "One DNS label."
  }
}

variable "steered_name" {
  description = "The name users download from, relative to the cache zone (geodns.steering.name)."
  type        = string
  default     = "files"
}

variable "origin_url" {
  description = "Where misses are fetched from (geotier.origin.url): an HTTP(S) base URL or an S3 bucket URL."
  type        = string
  validation {
    condition     = can(regex("^(https?|s3)://", var.origin_url))
    error_message = "origin_url starts with http://, https:// or s3://."
  }
}

variable "admin_token" {
  description = "The admin token every node and geodns checks (GEOTIER_ADMIN_TOKEN). 32 random bytes or more."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.admin_token) >= 32
    error_message = "At least 32 characters."
  }
}

variable "infinispan_node_password" {
  description = "Password of the geotier-node user (role application) on every Infinispan site."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.infinispan_node_password) >= 20
    error_message = "At least 20 characters."
  }
}

variable "infinispan_admin_password" {
  description = "Password of the geotier-admin user (role admin) on every Infinispan site."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.infinispan_admin_password) >= 20
    error_message = "At least 20 characters."
  }
}

variable "bridge_keystore_base64" {
  description = "The cross-site bridge's PKCS12 key store (every site trusts the one key pair), base64: deploy/vm/make-bridge-keystore writes one."
  type        = string
  sensitive   = true
}

variable "bridge_keystore_password" {
  description = "Its password."
  type        = string
  sensitive   = true
}

variable "release_url" {
  description = "URL of the Geotier release tarball (deploy/vm/package makes it from a build) the hosts install from."
  type        = string
  validation {
    condition     = can(regex("^https://", var.release_url))
    error_message = "An https:// URL."
  }
}

variable "geoip_account_id" {
  description = "MaxMind account for geoipupdate on the geodns hosts (GeoLite2 City is free with an account)."
  type        = string
}

variable "geoip_license_key" {
  description = "Its license key."
  type        = string
  sensitive   = true
}

variable "ssh_keys" {
  description = "Names of SSH keys already in the Hetzner project, for the hosts' root logins."
  type        = list(string)
  default     = []
}

variable "admin_networks" {
  description = "CIDRs allowed to reach SSH and the admin ports (node API, geodns 8053)."
  type        = list(string)
  default     = []
  validation {
    condition     = alltrue([for c in var.admin_networks : can(cidrhost(c, 0))])
    error_message = "Each entry is a CIDR such as 198.51.100.0/24."
  }
}
