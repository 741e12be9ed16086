package io.geotier.registry;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

/**
 * The Protobuf schema of the node registry, shared by the nodes that write it and the geodns
 * servers that follow it: one definition, so the two cannot drift apart.
 */
@ProtoSchema(includeClasses = NodeEntry.class, schemaPackageName = "geotier", schemaFileName = "geotier-registry.proto")
public interface RegistrySchema extends GeneratedSchema {}
