package dev.switchboard.rest.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;

/**
 * {@code GET /api/operations}: every operation of every ACTIVE connector version, serialized once per catalog
 * revision and form (summary or expanded) and then served from memory.
 */
final class CombinedCatalog {

    /** The serialized catalog of one revision and form, with its strong ETag. */
    record Rendered(long revision, boolean expand, byte[] body, String etag) {

        /** The strong ETag of the gzip-encoded form: another representation, so another tag (RFC 9110 8.8.3). */
        String gzipEtag() {
            return etag.substring(0, etag.length() - 1) + "-gzip\"";
        }
    }

    /** The gzip-encoded body of one rendering, by its ETag. */
    private record Gzipped(String etag, byte[] body) {}

    private final ObjectMapper mapper;
    private final ObjectWriter operationWriter;
    private final AtomicReference<Rendered> summary = new AtomicReference<>();
    private final AtomicReference<Rendered> expanded = new AtomicReference<>();
    private final AtomicReference<Gzipped> summaryGzip = new AtomicReference<>();
    private final AtomicReference<Gzipped> expandedGzip = new AtomicReference<>();

    CombinedCatalog(ObjectMapper mapper) {
        this.mapper = mapper;
        this.operationWriter = mapper.writerFor(ServiceOperation.class);
    }

    Rendered render(CatalogSnapshot snapshot, boolean expand) throws IOException {
        AtomicReference<Rendered> slot = expand ? expanded : summary;
        Rendered cached = slot.get();
        if (cached != null && cached.revision() == snapshot.revision()) {
            return cached;
        }
        // two requests racing here both render the same bytes; the last one stored wins, which is harmless
        Rendered rendered = renderNow(snapshot, expand);
        slot.set(rendered);
        return rendered;
    }

    /**
     * The rendering compressed with gzip, made on the first request that accepts it and then served from memory like
     * the rendering itself: a 5 MB catalog is about 10 times smaller, and compressing it per request would cost more
     * than sending it.
     */
    byte[] gzip(Rendered rendered) throws IOException {
        AtomicReference<Gzipped> slot = rendered.expand() ? expandedGzip : summaryGzip;
        Gzipped cached = slot.get();
        if (cached != null && cached.etag().equals(rendered.etag())) {
            return cached.body();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, rendered.body().length / 8));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
            gzip.write(rendered.body());
        }
        byte[] body = out.toByteArray();
        slot.set(new Gzipped(rendered.etag(), body));
        return body;
    }

    /** Whether an {@code Accept-Encoding} header accepts gzip (by name or {@code *}, with a q-value above 0). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String candidate : acceptEncoding.split(",")) {
            String[] parts = candidate.split(";");
            String coding = parts[0].trim();
            if (coding.equalsIgnoreCase("gzip") || coding.equalsIgnoreCase("x-gzip") || coding.equals("*")) {
                return !refused(parts);
            }
        }
        return false;
    }

    private static boolean refused(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].trim();
            if (parameter.regionMatches(true, 0, "q=", 0, 2)) {
                try {
                    return Double.parseDouble(parameter.substring(2).trim()) <= 0;
                } catch (NumberFormatException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private Rendered renderNow(CatalogSnapshot snapshot, boolean expand) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        out.write('[');
        boolean first = true;
        for (ConnectorEntry entry : snapshot.active()) {
            // each element is the operation's own JSON object with "connector" and "version" spliced in first;
            // serializing operation by operation is several times faster than building one tree
            byte[] prefix = ("{\"connector\":" + mapper.writeValueAsString(entry.id()) + ",\"version\":"
                            + mapper.writeValueAsString(entry.version()))
                    .getBytes(StandardCharsets.UTF_8);
            for (ServiceOperation operation : entry.operations()) {
                byte[] json = operationWriter.writeValueAsBytes(expand ? operation : operation.withoutManifest());
                if (!first) {
                    out.write(',');
                }
                first = false;
                out.write(prefix);
                if (json.length > 2) {
                    out.write(',');
                    out.write(json, 1, json.length - 1);
                } else {
                    out.write('}');
                }
            }
        }
        out.write(']');
        byte[] body = out.toByteArray();
        // the digest guards against a revision number being reused, for example after the host restarted
        String etag = "\"" + snapshot.revision() + (expand ? "-expanded-" : "-summary-") + digest(body) + "\"";
        return new Rendered(snapshot.revision(), expand, body, etag);
    }

    /**
     * Whether an {@code If-None-Match} header names {@code etag}; weak comparison, as RFC 9110 asks for this header.
     */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static String digest(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
