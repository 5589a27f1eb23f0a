package dev.switchboard.connector.openapi.internal;

import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * The {@code $ref}s of an operation's parameters, request body and responses, resolved against the document's
 * components, and the JSON media type of a content map. A reference that names nothing skips the operation.
 */
final class ComponentRefs {

    private ComponentRefs() {}

    static Parameter resolve(Parameter parameter, Components components) {
        String ref = parameter.get$ref();
        if (ref == null) {
            return parameter;
        }
        Parameter target = components.getParameters() == null
                ? null
                : components.getParameters().get(lastSegment(ref));
        if (target == null) {
            throw new DocumentCompiler.SkipException(
                    "the parameter reference '" + ref + "' names no parameter in components");
        }
        return target;
    }

    static RequestBody resolve(RequestBody body, Components components) {
        if (body == null || body.get$ref() == null) {
            return body;
        }
        RequestBody target = components.getRequestBodies() == null
                ? null
                : components.getRequestBodies().get(lastSegment(body.get$ref()));
        if (target == null) {
            throw new DocumentCompiler.SkipException(
                    "the request body reference '" + body.get$ref() + "' names nothing in " + "components");
        }
        return target;
    }

    static ApiResponse resolve(ApiResponse response, Components components) {
        if (response == null || response.get$ref() == null) {
            return response;
        }
        return components.getResponses() == null
                ? null
                : components.getResponses().get(lastSegment(response.get$ref()));
    }

    static String lastSegment(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
    }

    static MediaType jsonMedia(Content content) {
        for (Map.Entry<String, MediaType> entry : content.entrySet()) {
            String type =
                    entry.getKey().toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
            if (type.equals("application/json")
                    || type.endsWith("+json")
                    || type.equals("text/json")
                    || type.equals("*/*")) {
                return entry.getValue();
            }
        }
        return null;
    }
}
