package io.geotier.node.api;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition: attachment} for an uploaded object's file name (RFC 6266): a plain
 * ASCII {@code filename} with anything risky replaced, and the exact name as UTF-8 in
 * {@code filename*} (RFC 8187), so no name can break out of the header or smuggle a path.
 */
final class ContentDisposition {

    private ContentDisposition() {}

    static String attachment(String fileName) {
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        StringBuilder ascii = new StringBuilder();
        StringBuilder encoded = new StringBuilder();
        for (char c : base.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        for (byte b : base.getBytes(StandardCharsets.UTF_8)) {
            int v = b & 0xff;
            boolean attrChar = (v >= 'a' && v <= 'z')
                    || (v >= 'A' && v <= 'Z')
                    || (v >= '0' && v <= '9')
                    || "!#$&+-.^_`|~".indexOf(v) >= 0;
            encoded.append(attrChar ? String.valueOf((char) v) : String.format("%%%02X", v));
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
