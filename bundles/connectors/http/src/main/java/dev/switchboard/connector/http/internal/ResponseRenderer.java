package dev.switchboard.connector.http.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns an upstream response into the action's output {@code {statusCode, headers, body, bodyEncoding}}: JSON
 * content is parsed, text is decoded with its charset, anything else is Base64. {@code bodyEncoding} tells which,
 * so a caller never has to guess; an empty body is {@code null} with encoding {@code none}.
 */
final class ResponseRenderer {

    static final String JSON = "json";
    static final String TEXT = "text";
    static final String BASE64 = "base64";
    static final String NONE = "none";

    private final ObjectMapper mapper;

    ResponseRenderer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode render(int statusCode, Map<String, List<String>> headers, byte[] body) {
        ObjectNode output = mapper.createObjectNode();
        output.put("statusCode", statusCode);
        ObjectNode headerNode = output.putObject("headers");
        headers.forEach((name, values) -> {
            if (!name.startsWith(":")) { // HTTP/2 pseudo-headers are not headers
                headerNode.put(name, String.join(", ", values));
            }
        });
        String contentType = headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Content-Type")
                        && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse(null);
        renderBody(output, contentType, body);
        return output;
    }

    private void renderBody(ObjectNode output, String contentType, byte[] body) {
        if (body == null || body.length == 0) {
            output.putNull("body");
            output.put("bodyEncoding", NONE);
            return;
        }
        String mediaType = mediaType(contentType);
        Charset charset = charset(contentType);
        if (mediaType != null && isJson(mediaType) && charset != null) {
            Optional<JsonNode> json = parseJson(body, charset);
            if (json.isPresent()) {
                output.set("body", json.get());
                output.put("bodyEncoding", JSON);
                return;
            }
            // declared JSON but is not: fall through and show it as it is
        }
        if (charset != null && (mediaType == null || isText(mediaType) || isJson(mediaType))) {
            Optional<String> text = decode(body, charset);
            if (text.isPresent()) {
                output.put("body", text.get());
                output.put("bodyEncoding", TEXT);
                return;
            }
        }
        output.put("body", Base64.getEncoder().encodeToString(body));
        output.put("bodyEncoding", BASE64);
    }

    private Optional<JsonNode> parseJson(byte[] body, Charset charset) {
        return decode(body, charset).map(text -> {
            try {
                return mapper.readTree(text);
            } catch (IOException e) {
                return null; // not JSON after all
            }
        });
    }

    /** Strict decoding: malformed input means the body is not text in that charset. */
    private static Optional<String> decode(byte[] body, Charset charset) {
        try {
            return Optional.of(charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    /** The declared charset, UTF-8 when none is declared, {@code null} when the declared one is unknown here. */
    private static Charset charset(String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        for (String parameter : contentType.split(";")) {
            String p = parameter.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return null;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.equals("text/json") || mediaType.endsWith("+json");
    }

    private static boolean isText(String mediaType) {
        return mediaType.startsWith("text/")
                || mediaType.endsWith("+xml")
                || mediaType.equals("application/xml")
                || mediaType.equals("application/javascript")
                || mediaType.equals("application/ecmascript")
                || mediaType.equals("application/x-www-form-urlencoded")
                || mediaType.equals("application/yaml")
                || mediaType.equals("application/x-yaml")
                || mediaType.equals("application/graphql")
                || mediaType.equals("application/csv");
    }
}
