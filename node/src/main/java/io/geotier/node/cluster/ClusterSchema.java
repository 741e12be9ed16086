package io.geotier.node.cluster;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

/** The Protobuf schema of what nodes share through Infinispan. */
@ProtoSchema(includeClasses = {ObjectRecord.class, NodeEntry.class}, schemaPackageName = "geotier",
        schemaFileName = "geotier.proto")
public interface ClusterSchema extends GeneratedSchema {
}
