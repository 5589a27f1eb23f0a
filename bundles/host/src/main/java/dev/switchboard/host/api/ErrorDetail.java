package dev.switchboard.host.api;

/**
 * One problem in a request, for example one failing input field.
 *
 * @param target  what is wrong, as a JSON pointer into the request parameters ({@code /query}) or a name
 * @param message what is wrong with it
 */
public record ErrorDetail(String target, String message) {}
