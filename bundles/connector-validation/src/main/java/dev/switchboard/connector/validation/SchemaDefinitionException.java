package dev.switchboard.connector.validation;

/** A connector's JSON Schema cannot be used: not valid against its meta-schema, or not compilable offline. */
public final class SchemaDefinitionException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the schema location(s); worded for the connector's author */
    public SchemaDefinitionException(String message) {
        super(message);
    }
}
