package io.geotier.node.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Properties;

/** Reads and writes an object's metadata file: a small Java properties file beside the bytes. */
final class MetadataFile {

    private MetadataFile() {}

    static void write(StoredObject object, Path target) throws IOException {
        write(object, target, true);
    }

    /** {@code sync} false only for bench/scale, which writes a million stores' worth of files. */
    static void write(StoredObject object, Path target, boolean sync) throws IOException {
        Properties p = new Properties();
        p.setProperty("key", object.key().path());
        setIfPresent(
                p, "query", object.key().query().isEmpty() ? null : object.key().query());
        p.setProperty("data", object.file().getFileName().toString());
        p.setProperty("size", Long.toString(object.size()));
        setIfPresent(p, "etag", object.etag());
        setIfPresent(p, "content-type", object.contentType());
        if (object.lastModified() != null) {
            p.setProperty("last-modified", object.lastModified().toString());
        }
        p.setProperty("stored-at", object.storedAt().toString());
        p.setProperty("expires-at", object.expiresAt().toString());
        p.setProperty("stale-while-revalidate", object.staleWhileRevalidate().toString());
        p.setProperty("stale-if-error", object.staleIfError().toString());
        setIfPresent(p, "file-name", object.fileName());
        if (object.uploaded()) {
            p.setProperty("uploaded", "true");
        }
        if (!object.tags().isEmpty()) {
            p.setProperty("tags", String.join(" ", object.tags()));
        }
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            p.store(out, null);
            out.flush();
            if (sync) {
                channel.force(true);
            }
        }
    }

    /** Reads a metadata file; the result names a bytes file that still has to be checked. */
    static StoredObject read(Path metaFile) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(metaFile)) {
            p.load(in);
        }
        try {
            String lastModified = p.getProperty("last-modified");
            Instant expiresAt = Instant.parse(required(p, "expires-at"));
            return new StoredObject(
                    new ObjectKey(required(p, "key"), p.getProperty("query", "")),
                    metaFile.resolveSibling(required(p, "data")),
                    Long.parseLong(required(p, "size")),
                    p.getProperty("etag"),
                    p.getProperty("content-type"),
                    lastModified == null ? null : Instant.parse(lastModified),
                    Instant.parse(required(p, "stored-at")),
                    expiresAt,
                    Instant.parse(p.getProperty("stale-while-revalidate", expiresAt.toString())),
                    Instant.parse(p.getProperty("stale-if-error", expiresAt.toString())),
                    StoredObject.parseTags(p.getProperty("tags")),
                    p.getProperty("file-name"),
                    Boolean.parseBoolean(p.getProperty("uploaded", "false")));
        } catch (RuntimeException e) {
            throw new IOException("unreadable metadata " + metaFile + ": " + e.getMessage(), e);
        }
    }

    private static void setIfPresent(Properties p, String name, String value) {
        if (value != null) {
            p.setProperty(name, value);
        }
    }

    private static String required(Properties p, String name) throws IOException {
        String value = p.getProperty(name);
        if (value == null) {
            throw new IOException("metadata lacks " + name);
        }
        return value;
    }
}
