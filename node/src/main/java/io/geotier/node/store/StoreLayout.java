package io.geotier.node.store;

import java.nio.file.Path;

/**
 * Where each file of the store lives. Objects are spread over 65536 shard directories by the first
 * four hex digits of their key hash ({@code objects/ab/cd/}), so no directory grows huge.
 *
 * <p>Each object is two files: its bytes in {@code <hash>-<fill>} and its metadata in
 * {@code <hash>.meta}, which names the bytes file. The metadata is renamed into place last, so a
 * metadata file only ever points at complete bytes; bytes that no metadata names are leftovers of
 * an interrupted fill or of a replaced version and are deleted at start-up.
 */
record StoreLayout(Path root) {

    static final String META_SUFFIX = ".meta";

    Path objects() {
        return root.resolve("objects");
    }

    Path tmp() {
        return root.resolve("tmp");
    }

    Path shard(String hash) {
        return objects().resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4));
    }

    Path meta(String hash) {
        return shard(hash).resolve(hash + META_SUFFIX);
    }

    Path data(String hash, String fillId) {
        return shard(hash).resolve(hash + "-" + fillId);
    }
}
