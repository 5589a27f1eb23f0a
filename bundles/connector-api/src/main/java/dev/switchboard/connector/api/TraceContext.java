package dev.switchboard.connector.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C Trace Context ({@code traceparent}, version {@code 00}): the trace an invocation belongs to and the span that
 * stands for it. The host puts the invocation's span into the request's {@value #HEADER} header; a connector that
 * calls out reads it with {@link ServiceOperationRequest#traceContext()} and sends {@link #child()}'s
 * {@link #traceparent()} with its outbound request, so the callee joins the same trace.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param spanId  16 lower-case hex digits, not all zero
 * @param flags   the trace flags ({@code 01} = sampled)
 * @since 1.4.0
 */
public record TraceContext(String traceId, String spanId, int flags) {

    /** The header name, as W3C writes it (HTTP header names are case-insensitive). */
    public static final String HEADER = "traceparent";

    private static final int SAMPLED = 0x01;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public TraceContext {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        if (!isHex(traceId, 32) || isZero(traceId)) {
            throw new IllegalArgumentException("traceId must be 32 lower-case hex digits, not all zero");
        }
        if (!isHex(spanId, 16) || isZero(spanId)) {
            throw new IllegalArgumentException("spanId must be 16 lower-case hex digits, not all zero");
        }
        if (flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("flags must be one byte");
        }
    }

    /**
     * Parses a {@code traceparent} value: {@code 00-<trace id>-<span id>-<flags>}; a higher version is read by its
     * first four fields, as the specification asks. Anything malformed (wrong lengths, upper-case or non-hex digits,
     * all-zero ids, version {@code ff}) is empty: the caller then starts a new trace.
     */
    public static Optional<TraceContext> parse(String traceparent) {
        if (!isWellFormed(traceparent)) {
            return Optional.empty();
        }
        String value = traceparent.trim();
        return Optional.of(new TraceContext(
                value.substring(3, 35), value.substring(36, 52), Integer.parseInt(value.substring(53, 55), 16)));
    }

    /** Whether {@link #parse} would read {@code traceparent}; allocates nothing. */
    public static boolean isWellFormed(String traceparent) {
        if (traceparent == null) {
            return false;
        }
        int start = 0;
        int end = traceparent.length();
        while (start < end && traceparent.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && traceparent.charAt(end - 1) <= ' ') {
            end--;
        }
        int length = end - start;
        if (length < 55
                || traceparent.charAt(start + 2) != '-'
                || traceparent.charAt(start + 35) != '-'
                || traceparent.charAt(start + 52) != '-') {
            return false;
        }
        boolean version00 = traceparent.charAt(start) == '0' && traceparent.charAt(start + 1) == '0';
        boolean versionFf = traceparent.charAt(start) == 'f' && traceparent.charAt(start + 1) == 'f';
        if (!isHex(traceparent, start, 2)
                || versionFf
                || (version00 && length != 55)
                || (length > 55 && traceparent.charAt(start + 55) != '-')) {
            return false;
        }
        return isHex(traceparent, start + 3, 32)
                && !isZero(traceparent, start + 3, 32)
                && isHex(traceparent, start + 36, 16)
                && !isZero(traceparent, start + 36, 16)
                && isHex(traceparent, start + 53, 2);
    }

    /** The trace context in {@code headers} (name compared ignoring case), if there is a well-formed one. */
    public static Optional<TraceContext> from(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return Optional.empty();
        }
        String value = headers.get(HEADER);
        if (value == null) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if (HEADER.equalsIgnoreCase(header.getKey())) {
                    value = header.getValue();
                    break;
                }
            }
        }
        return parse(value);
    }

    /** A new trace with a random trace id and span id, sampled. */
    public static TraceContext newTrace() {
        return new TraceContext(randomHex(32), randomHex(16), SAMPLED);
    }

    /** A new span of the same trace (a random span id, the same trace id and flags), for a call this span makes. */
    public TraceContext child() {
        return new TraceContext(traceId, randomHex(16), flags);
    }

    /** Whether the caller asked for this trace to be recorded. */
    public boolean sampled() {
        return (flags & SAMPLED) != 0;
    }

    /** The {@code traceparent} header value: {@code 00-<trace id>-<span id>-<flags>}. */
    public String traceparent() {
        // no String.format: this is on every invocation's path
        return new StringBuilder(55)
                .append("00-")
                .append(traceId)
                .append('-')
                .append(spanId)
                .append('-')
                .append(HEX[flags >> 4])
                .append(HEX[flags & 0xf])
                .toString();
    }

    @Override
    public String toString() {
        return traceparent();
    }

    private static String randomHex(int digits) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] hex = new char[digits];
        boolean zero = true;
        for (int i = 0; i < digits; i += 16) {
            long bits = random.nextLong();
            zero &= bits == 0;
            for (int j = 0; j < 16 && i + j < digits; j++) {
                hex[i + j] = HEX[(int) (bits >>> (60 - 4 * j)) & 0xf];
            }
        }
        return zero ? randomHex(digits) : new String(hex);
    }

    private static boolean isHex(String value, int length) {
        return value.length() == length && isHex(value, 0, length);
    }

    private static boolean isHex(String value, int from, int length) {
        for (int i = from; i < from + length; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String value) {
        return isZero(value, 0, value.length());
    }

    private static boolean isZero(String value, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (value.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
