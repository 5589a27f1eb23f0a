package dev.switchboard.connector.sql.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * The type mapping between JDBC and JSON, both ways (the README's table). Values are always bound as statement
 * parameters, never written into SQL text.
 */
final class JdbcJsonMapping {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private JdbcJsonMapping() {}

    // ---- database -> JSON

    /** Column {@code i} of the current row, by its JDBC type (and type name, for PostgreSQL's timestamptz). */
    static JsonNode read(ResultSet rs, int i, int sqlType, String typeName) throws SQLException {
        switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                return toJson(rs.getObject(i));
            }
            case Types.DECIMAL, Types.NUMERIC -> {
                BigDecimal value = rs.getBigDecimal(i);
                return value == null ? NullNode.getInstance() : JSON.numberNode(value);
            }
            case Types.REAL -> {
                float value = rs.getFloat(i);
                // through its decimal text, so that 0.1f reads as 0.1 rather than 0.10000000149011612
                return rs.wasNull() ? NullNode.getInstance() : toJson(Double.parseDouble(Float.toString(value)));
            }
            case Types.FLOAT, Types.DOUBLE -> {
                double value = rs.getDouble(i);
                return rs.wasNull() ? NullNode.getInstance() : toJson(value);
            }
            case Types.DATE -> {
                return temporal(rs.getObject(i, LocalDate.class), DateTimeFormatter.ISO_LOCAL_DATE);
            }
            case Types.TIME -> {
                if (isWithTimeZone(typeName)) {
                    return temporal(rs.getObject(i, OffsetTime.class), DateTimeFormatter.ISO_OFFSET_TIME);
                }
                return temporal(rs.getObject(i, LocalTime.class), DateTimeFormatter.ISO_LOCAL_TIME);
            }
            case Types.TIME_WITH_TIMEZONE -> {
                return temporal(rs.getObject(i, OffsetTime.class), DateTimeFormatter.ISO_OFFSET_TIME);
            }
            case Types.TIMESTAMP -> {
                if (isWithTimeZone(typeName)) {
                    return temporal(rs.getObject(i, OffsetDateTime.class), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                }
                return temporal(rs.getObject(i, LocalDateTime.class), DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            }
            case Types.TIMESTAMP_WITH_TIMEZONE -> {
                return temporal(rs.getObject(i, OffsetDateTime.class), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB, Types.JAVA_OBJECT -> {
                // JAVA_OBJECT: its serialised bytes; getObject would deserialise caller-made bytes in the host
                byte[] bytes = rs.getBytes(i);
                return bytes == null
                        ? NullNode.getInstance()
                        : JSON.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case Types.CHAR,
                    Types.VARCHAR,
                    Types.LONGVARCHAR,
                    Types.NCHAR,
                    Types.NVARCHAR,
                    Types.LONGNVARCHAR,
                    Types.CLOB,
                    Types.NCLOB -> {
                String text = rs.getString(i);
                return text == null ? NullNode.getInstance() : JSON.textNode(text);
            }
            case Types.ARRAY -> {
                Array array = rs.getArray(i);
                if (array == null) {
                    return NullNode.getInstance();
                }
                try {
                    return elements(array);
                } finally {
                    array.free();
                }
            }
            default -> {
                // BIT/BOOLEAN (Boolean, or byte[] for MariaDB's BIT(n)), PostgreSQL's uuid/json/... (OTHER), others
                return toJson(rs.getObject(i));
            }
        }
    }

    /**
     * Each element by its own type, read like a column (never {@code Array.getArray()}, which hands H2 JAVA_OBJECT
     * elements, nested at any depth, to Java deserialisation).
     */
    private static JsonNode elements(Array array) throws SQLException {
        ArrayNode items = JSON.arrayNode();
        try (ResultSet elements = array.getResultSet()) {
            ResultSetMetaData md = elements.getMetaData();
            // column 1 is the index, column 2 the value
            int type = md.getColumnType(2);
            String typeName = md.getColumnTypeName(2);
            while (elements.next()) {
                items.add(read(elements, 2, type, typeName));
            }
        }
        return items;
    }

    private static boolean isWithTimeZone(String typeName) {
        String t = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        return t.equals("timestamptz") || t.equals("timetz") || t.contains("with time zone");
    }

    private static JsonNode temporal(TemporalAccessor value, DateTimeFormatter format) {
        return value == null ? NullNode.getInstance() : JSON.textNode(format.format(value));
    }

    /** A value a driver returned, by its Java type. */
    static JsonNode toJson(Object value) throws SQLException {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte || value instanceof Long) {
            return JSON.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger b) {
            return JSON.numberNode(b);
        }
        if (value instanceof BigDecimal b) {
            return JSON.numberNode(b);
        }
        if (value instanceof Float f) {
            return toJson(Double.parseDouble(Float.toString(f)));
        }
        if (value instanceof Double d) {
            // JSON has no NaN or infinity
            return d.isNaN() || d.isInfinite() ? JSON.textNode(d.toString()) : JSON.numberNode(d);
        }
        if (value instanceof byte[] bytes) {
            return JSON.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof LocalDateTime t) {
            return JSON.textNode(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t));
        }
        if (value instanceof OffsetDateTime t) {
            return JSON.textNode(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t));
        }
        if (value instanceof LocalTime t) {
            return JSON.textNode(DateTimeFormatter.ISO_LOCAL_TIME.format(t));
        }
        if (value instanceof Timestamp t) {
            return JSON.textNode(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t.toLocalDateTime()));
        }
        if (value instanceof java.sql.Date d) {
            return JSON.textNode(d.toLocalDate().toString());
        }
        if (value instanceof Time t) {
            return JSON.textNode(DateTimeFormatter.ISO_LOCAL_TIME.format(t.toLocalTime()));
        }
        if (value instanceof Clob clob) {
            return JSON.textNode(clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length())));
        }
        if (value instanceof Blob blob) {
            return JSON.textNode(Base64.getEncoder()
                    .encodeToString(blob.getBytes(1, (int) Math.min(Integer.MAX_VALUE, blob.length()))));
        }
        if (value instanceof Object[] items) {
            ArrayNode array = JSON.arrayNode();
            for (Object item : items) {
                array.add(toJson(item));
            }
            return array;
        }
        return JSON.textNode(value.toString());
    }

    // ---- JSON -> database

    /** Binds a value whose column is unknown (a {@code ?} of a query): by its JSON type. */
    static void bindUntyped(PreparedStatement ps, int i, JsonNode value) throws SQLException {
        if (value == null || value.isNull()) {
            ps.setNull(i, Types.NULL);
        } else if (value.isBoolean()) {
            ps.setBoolean(i, value.booleanValue());
        } else if (value.isIntegralNumber() && value.canConvertToLong()) {
            ps.setLong(i, value.longValue());
        } else if (value.isNumber()) {
            ps.setBigDecimal(i, value.decimalValue());
        } else if (value.isTextual()) {
            ps.setString(i, value.textValue());
        } else {
            throw new ServiceOperationException(
                    400, "InvalidParameter", "Parameter " + i + " must be a string, number, boolean or null.");
        }
    }

    /** Binds a value for {@code column}, converted to the column's type. */
    static void bind(PreparedStatement ps, int i, JsonNode value, TableResolver.Column column) throws SQLException {
        int type = column.sqlType();
        if (value == null || value.isNull()) {
            ps.setNull(i, type);
            return;
        }
        try {
            switch (type) {
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                    BigInteger n = decimal(value).toBigIntegerExact();
                    if (n.bitLength() < 64) {
                        ps.setObject(i, n.longValue(), type);
                    } else {
                        ps.setBigDecimal(i, new BigDecimal(n));
                    }
                }
                case Types.DECIMAL, Types.NUMERIC -> ps.setBigDecimal(i, decimal(value));
                case Types.REAL, Types.FLOAT, Types.DOUBLE ->
                    ps.setDouble(
                            i,
                            value.isNumber()
                                    ? value.doubleValue()
                                    : Double.parseDouble(value.asText().trim()));
                case Types.BIT, Types.BOOLEAN -> ps.setBoolean(i, bool(value));
                case Types.DATE -> ps.setObject(i, LocalDate.parse(text(value)));
                case Types.TIME ->
                    ps.setObject(
                            i,
                            isWithTimeZone(column.typeName())
                                    ? OffsetTime.parse(text(value))
                                    : LocalTime.parse(text(value)));
                case Types.TIME_WITH_TIMEZONE -> ps.setObject(i, OffsetTime.parse(text(value)));
                case Types.TIMESTAMP ->
                    ps.setObject(
                            i,
                            isWithTimeZone(column.typeName())
                                    ? OffsetDateTime.parse(text(value))
                                    : LocalDateTime.parse(text(value)));
                case Types.TIMESTAMP_WITH_TIMEZONE -> ps.setObject(i, OffsetDateTime.parse(text(value)));
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
                    ps.setBytes(i, Base64.getDecoder().decode(text(value)));
                case Types.CHAR,
                        Types.VARCHAR,
                        Types.LONGVARCHAR,
                        Types.NCHAR,
                        Types.NVARCHAR,
                        Types.LONGNVARCHAR,
                        Types.CLOB,
                        Types.NCLOB -> ps.setString(i, value.asText());
                // PostgreSQL's uuid, json, enums...: sent untyped, the server converts the text
                case Types.OTHER -> ps.setObject(i, value.asText(), Types.OTHER);
                default -> bindUntyped(ps, i, value);
            }
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            throw new ServiceOperationException(
                    400,
                    "InvalidValue",
                    "The value for column '" + column.name() + "' does not fit its type " + column.typeName()
                            + expected(type) + ".");
        }
    }

    private static String expected(int type) {
        return switch (type) {
            case Types.DATE -> " (expected an ISO-8601 date, 2024-01-31)";
            case Types.TIME -> " (expected an ISO-8601 time, 13:45:00)";
            case Types.TIMESTAMP ->
                " (expected an ISO-8601 date-time, 2024-01-31T13:45:00, with an offset for "
                        + "timestamps with time zone)";
            case Types.TIMESTAMP_WITH_TIMEZONE -> " (expected an ISO-8601 date-time with offset, 2024-01-31T13:45:00Z)";
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> " (expected base64)";
            case Types.BIT, Types.BOOLEAN -> " (expected true or false)";
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> " (expected an integer)";
            default -> "";
        };
    }

    private static BigDecimal decimal(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            return new BigDecimal(value.textValue().trim());
        }
        throw new IllegalArgumentException("not a number");
    }

    private static boolean bool(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.asText().trim();
        if (text.equalsIgnoreCase("true") || text.equals("1")) {
            return true;
        }
        if (text.equalsIgnoreCase("false") || text.equals("0")) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean");
    }

    private static String text(JsonNode value) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("not a string");
        }
        return value.textValue().trim();
    }
}
