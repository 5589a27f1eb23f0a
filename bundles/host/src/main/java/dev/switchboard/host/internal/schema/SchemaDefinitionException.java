package dev.switchboard.host.internal.schema;

/** A connector's JSON Schema cannot be used: not valid against its meta-schema, or not compilable offline. */
public final class SchemaDefinitionException extends Exception {

    private static final long serialVersionUID = 1L;

    public SchemaDefinitionException(String message) {
        super(message);
    }
}
