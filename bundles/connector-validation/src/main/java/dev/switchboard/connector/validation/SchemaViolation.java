package dev.switchboard.connector.validation;

/**
 * One way an instance does not match its schema.
 *
 * @param target  the JSON pointer of the failing location ({@code ""} for the root; for a missing required property,
 *                the property itself)
 * @param message what is wrong there
 */
public record SchemaViolation(String target, String message) {}
