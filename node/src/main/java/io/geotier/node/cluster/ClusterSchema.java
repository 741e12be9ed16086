package io.geotier.node.cluster;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

/** The Protobuf schema of what only nodes share through Infinispan (the registry's is RegistrySchema). */
@ProtoSchema(includeClasses = ObjectRecord.class, schemaPackageName = "geotier", schemaFileName = "geotier.proto")
public interface ClusterSchema extends GeneratedSchema {}
