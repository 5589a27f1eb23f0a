package dev.switchboard.connector.openapi.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

import dev.switchboard.connector.openapi.internal.DocumentCompiler.InvalidDocumentException;

/**
 * Reads and compiles documents, remembering the last results by file name and content hash: the installer, the
 * deployment report and the bundle extender ask about the same bytes in turn, and parsing a large document is the
 * expensive part of a deployment.
 */
@Component(service = CompiledDocuments.class, configurationPid = OpenApiSettings.PID)
@Designate(ocd = OpenApiSettings.class)
public final class CompiledDocuments {

    private static final int KEPT = 256;

    /** A compiled document, or why it is not one. */
    record Outcome(OpenApiDefinition definition, List<String> problems) {
        boolean ok() {
            return definition != null;
        }

        String reason() {
            return String.join("; ", problems);
        }
    }

    private final DocumentReader reader;
    private final DocumentCompiler compiler;
    private final Map<String, Outcome> recent = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Outcome> eldest) {
            return size() > KEPT;
        }
    };

    @Activate
    public CompiledDocuments(OpenApiSettings settings) {
        this(settings.max_document_bytes(), settings.max_schema_nodes());
        // the first document otherwise pays for loading and warming the parser (seconds on a busy machine)
        java.util.concurrent.CompletableFuture.runAsync(() -> reader.read("warm-up.openapi.yaml", WARM_UP));
    }

    private static final byte[] WARM_UP = ("openapi: 3.0.3\ninfo: {title: w, version: 1.0.0}\npaths:\n  /w/{id}:\n"
                    + "    get:\n      operationId: w\n      parameters: [{name: id, in: path, required: true, schema: "
                    + "{type: integer}}]\n      responses: {'200': {description: ok}}\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    CompiledDocuments(int maxDocumentBytes, int maxSchemaNodes) {
        this.reader = new DocumentReader(maxDocumentBytes);
        this.compiler = new DocumentCompiler(maxSchemaNodes);
    }

    Outcome compile(String fileName, byte[] content) {
        String key = fileName + "#" + sha256(content);
        synchronized (recent) {
            Outcome known = recent.get(key);
            if (known != null) {
                return known;
            }
        }
        Outcome outcome;
        DocumentReader.Result read;
        try {
            read = reader.read(fileName, content);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // never let the parser's failure reach the caller's thread: it may be FileInstall's scanner
            read = new DocumentReader.Result(null, null, List.of("the parser failed on the document: " + e));
        }
        if (!read.ok()) {
            outcome = new Outcome(null, read.problems());
        } else {
            try {
                outcome = new Outcome(compiler.compile(fileName, read.openApi()), List.of());
            } catch (InvalidDocumentException e) {
                outcome = new Outcome(null, List.of(e.getMessage()));
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                outcome = new Outcome(null, List.of("the document could not be compiled: " + e));
            }
        }
        synchronized (recent) {
            recent.put(key, outcome);
        }
        return outcome;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
