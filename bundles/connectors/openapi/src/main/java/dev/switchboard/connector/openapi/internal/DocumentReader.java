package dev.switchboard.connector.openapi.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.converter.SwaggerConverter;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads an OpenAPI 3.0/3.1 or Swagger 2.0 document with swagger-parser, without network: the text is parsed here
 * first (so a syntax error names its line), every {@code $ref} that is not local to the document is refused (nothing
 * is ever fetched), and the parser runs with reference resolution off. Swagger 2.0 is converted to OpenAPI 3.0 by
 * swagger-parser's converter.
 */
final class DocumentReader {

    /** The suffixes of the files this bundle handles, lower case. */
    static final List<String> SUFFIXES = List.of(".openapi.json", ".openapi.yaml", ".openapi.yml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML;

    static {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50); // no billion laughs
        options.setCodePointLimit(8 * 1024 * 1024);
        options.setAllowDuplicateKeys(false);
        YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
    }

    /** The outcome: the document, or the problems (never both empty). */
    record Result(OpenAPI openApi, JsonNode tree, List<String> problems) {
        boolean ok() {
            return openApi != null && problems.isEmpty();
        }
    }

    private final int maxBytes;

    DocumentReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    static boolean handles(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return !fileName.startsWith(".") && SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    /** The file name without its suffix. */
    static String stem(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String suffix : SUFFIXES) {
            if (lower.endsWith(suffix)) {
                return fileName.substring(0, fileName.length() - suffix.length());
            }
        }
        return fileName;
    }

    Result read(String fileName, byte[] content) {
        if (content.length == 0) {
            return failed("the file is empty: copy the complete document");
        }
        if (content.length > maxBytes) {
            return failed("the document has " + content.length + " bytes, more than the " + maxBytes
                    + " allowed (max.document.bytes of PID " + OpenApiSettings.PID + ")");
        }
        JsonNode tree;
        try {
            ObjectMapper mapper = fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
            tree = mapper.readTree(new String(content, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return failed("not valid " + (fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? "JSON" : "YAML") + where
                    + ": " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            return failed("the document cannot be read: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            return failed("the document is not an object: it must start with 'openapi: 3.x' or 'swagger: \"2.0\"'");
        }
        List<String> remote = new ArrayList<>();
        remoteReferences(tree, "", remote);
        if (!remote.isEmpty()) {
            return failed(remote);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        options.setResolveFully(false);
        options.setValidateExternalRefs(false);
        options.setSafelyResolveURL(true);
        SwaggerParseResult parsed;
        String openapi = tree.path("openapi").asText("");
        if (tree.has("swagger")) {
            if (!"2.0".equals(tree.path("swagger").asText())) {
                return failed("/swagger: only Swagger 2.0 is supported, not '"
                        + tree.path("swagger").asText() + "'");
            }
            parsed = new SwaggerConverter().readContents(new String(content, StandardCharsets.UTF_8), null, options);
        } else if (openapi.startsWith("3.0") || openapi.startsWith("3.1")) {
            parsed = new OpenAPIV3Parser().parseJsonNode(null, tree, options);
        } else {
            return failed("/openapi: expected 3.0.x or 3.1.x (or a Swagger 2.0 document), found '" + openapi + "'");
        }
        List<String> problems = new ArrayList<>();
        if (parsed == null || parsed.getOpenAPI() == null) {
            problems.add("the parser could not read the document");
        }
        if (parsed != null && parsed.getMessages() != null) {
            for (String message : parsed.getMessages()) {
                if (message != null && !message.isBlank()) {
                    problems.add(message);
                }
            }
        }
        return new Result(parsed == null ? null : parsed.getOpenAPI(), tree, List.copyOf(problems));
    }

    /** Every {@code $ref} whose value is not a pointer into this document, with the JSON pointer of where it is. */
    private static void remoteReferences(JsonNode node, String pointer, List<String> found) {
        if (found.size() >= 10) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String at = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                if (field.getKey().equals("$ref")
                        && field.getValue().isTextual()
                        && !field.getValue().asText().startsWith("#")) {
                    found.add(at + ": the reference '" + field.getValue().asText() + "' points outside the document; "
                            + "documents are read without network or file access: put what it names into the "
                            + "document (components) and refer to it with '#/...'");
                } else {
                    remoteReferences(field.getValue(), at, found);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                remoteReferences(node.get(i), pointer + "/" + i, found);
            }
        }
    }

    private static Result failed(String problem) {
        return new Result(null, null, List.of(problem));
    }

    private static Result failed(List<String> problems) {
        return new Result(null, null, List.copyOf(problems));
    }
}
