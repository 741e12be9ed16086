output "nodes" {
  description = "Every cache node, by the name it registers (region@address:80), with its public address."
  value       = merge([for r in module.region : r.nodes]...)
}

output "name_servers" {
  description = "The cache zone's name servers (geodns hosts) and their glue addresses."
  value       = module.delegation.name_servers
}

output "steered_name" {
  description = "The name users download from."
  value       = "${var.steered_name}.${local.zone}"
}

output "registrar_records" {
  description = "The delegation as records, for a parent zone this module does not manage: enter them at the registrar."
  value       = module.delegation.records
}
