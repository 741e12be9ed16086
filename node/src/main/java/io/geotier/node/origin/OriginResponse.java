package io.geotier.node.origin;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.OptionalLong;

/** The origin's answer for one object: status, headers, and a body to be read once and closed. */
public record OriginResponse(int status, HttpHeaders headers, InputStream body) implements AutoCloseable {

    public OptionalLong contentLength() {
        return headers.firstValueAsLong("Content-Length");
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
