package dev.switchboard.connector.sql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * The connector's six actions on one connection. SQL text holds only the caller's own query (for
 * {@code executeQuery}/{@code executeNonQuery}) or names taken from the database's metadata, quoted; every value is a
 * bound parameter.
 */
final class SqlOperations {

    static final int DEFAULT_MAX_ROWS = 1000;

    /** Names a driver may safely be given for generated keys: pgjdbc puts them into a RETURNING clause as given. */
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final int queryTimeoutSeconds;

    SqlOperations(int queryTimeoutSeconds) {
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    ObjectNode executeQuery(Connection c, JsonNode in) throws SQLException {
        int maxRows = in.path("maxRows").asInt(DEFAULT_MAX_ROWS);
        try (PreparedStatement ps = c.prepareStatement(in.path("query").asText())) {
            prepare(ps, maxRows);
            bindAll(ps, in.path("parameters"));
            if (!ps.execute()) {
                throw new ServiceOperationException(
                        400,
                        "NotAQuery",
                        "The statement returned no rows: use executeNonQuery for statements that change data.");
            }
            try (ResultSet rs = ps.getResultSet()) {
                return rowSet(rs, maxRows);
            }
        }
    }

    ObjectNode executeNonQuery(Connection c, JsonNode in) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(in.path("query").asText())) {
            ps.setQueryTimeout(queryTimeoutSeconds);
            bindAll(ps, in.path("parameters"));
            if (ps.execute()) {
                throw new ServiceOperationException(
                        400, "NotANonQuery", "The statement returned rows: use executeQuery for queries.");
            }
            return JSON.objectNode().put("affectedRows", Math.max(0, ps.getUpdateCount()));
        }
    }

    ObjectNode getRows(Connection c, JsonNode in) throws SQLException {
        TableResolver.Table table = TableResolver.resolve(c, in.path("table").asText());
        List<Binding> bindings = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(table.quotedName());
        appendWhere(sql, table, in.path("filter"), bindings);
        JsonNode orderBy = in.path("orderBy");
        if (orderBy.isArray() && !orderBy.isEmpty()) {
            sql.append(" ORDER BY ");
            for (int i = 0; i < orderBy.size(); i++) {
                JsonNode key = orderBy.get(i);
                TableResolver.Column column = table.column(key.path("column").asText());
                boolean descending =
                        "desc".equalsIgnoreCase(key.path("direction").asText("asc"));
                sql.append(i == 0 ? "" : ", ").append(column.quoted()).append(descending ? " DESC" : " ASC");
            }
        }
        int top = in.path("top").asInt(DEFAULT_MAX_ROWS);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            prepare(ps, top);
            bind(ps, bindings);
            try (ResultSet rs = ps.executeQuery()) {
                return rowSet(rs, top);
            }
        }
    }

    ObjectNode insertRow(Connection c, JsonNode in) throws SQLException {
        TableResolver.Table table = TableResolver.resolve(c, in.path("table").asText());
        JsonNode row = in.path("row");
        if (!row.isObject() || row.isEmpty()) {
            throw new ServiceOperationException(400, "EmptyRow", "The row must name at least one column.");
        }
        List<Binding> bindings = new ArrayList<>();
        StringBuilder columns = new StringBuilder();
        StringBuilder values = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            TableResolver.Column column = table.column(e.getKey());
            if (!seen.add(column.name())) {
                throw new ServiceOperationException(
                        400, "DuplicateColumn", "The column '" + column.name() + "' is given twice.");
            }
            columns.append(columns.isEmpty() ? "" : ", ").append(column.quoted());
            values.append(values.isEmpty() ? "?" : ", ?");
            bindings.add(new Binding(column, e.getValue()));
        }
        String sql = "INSERT INTO " + table.quotedName() + " (" + columns + ") VALUES (" + values + ")";
        List<String> keys = keyColumns(table);
        try (PreparedStatement ps =
                keys.stream().allMatch(k -> PLAIN_IDENTIFIER.matcher(k).matches()) && !keys.isEmpty()
                        ? c.prepareStatement(sql, keys.toArray(new String[0]))
                        : c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setQueryTimeout(queryTimeoutSeconds);
            bind(ps, bindings);
            int affected = ps.executeUpdate();
            ObjectNode generated = JSON.objectNode();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                if (rs != null && rs.next()) {
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        String label = md.getColumnLabel(i);
                        // MariaDB reports its one auto-increment value as "insert_id": name it after the key column
                        if (md.getColumnCount() == 1
                                && keys.size() == 1
                                && table.columns().get(label) == null) {
                            label = keys.get(0);
                        }
                        generated.set(label, JdbcJsonMapping.read(rs, i, md.getColumnType(i), md.getColumnTypeName(i)));
                    }
                }
            }
            // a key the caller supplied is not "generated" to some drivers (MariaDB): report it all the same
            for (String key : keys) {
                if (!generated.has(key)) {
                    for (Binding b : bindings) {
                        if (b.column().name().equals(key)) {
                            generated.set(key, b.value());
                        }
                    }
                }
            }
            return JSON.objectNode().put("affectedRows", affected).set("generatedKeys", generated);
        }
    }

    ObjectNode updateRows(Connection c, JsonNode in) throws SQLException {
        TableResolver.Table table = TableResolver.resolve(c, in.path("table").asText());
        requireFilterOrAll(in, "update");
        JsonNode set = in.path("set");
        if (!set.isObject() || set.isEmpty()) {
            throw new ServiceOperationException(400, "EmptySet", "set must name at least one column.");
        }
        List<Binding> bindings = new ArrayList<>();
        StringBuilder sql =
                new StringBuilder("UPDATE ").append(table.quotedName()).append(" SET ");
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = set.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            TableResolver.Column column = table.column(e.getKey());
            sql.append(first ? "" : ", ").append(column.quoted()).append(" = ?");
            bindings.add(new Binding(column, e.getValue()));
            first = false;
        }
        appendWhere(sql, table, in.path("filter"), bindings);
        return update(c, sql.toString(), bindings);
    }

    ObjectNode deleteRows(Connection c, JsonNode in) throws SQLException {
        TableResolver.Table table = TableResolver.resolve(c, in.path("table").asText());
        requireFilterOrAll(in, "delete");
        List<Binding> bindings = new ArrayList<>();
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(table.quotedName());
        appendWhere(sql, table, in.path("filter"), bindings);
        return update(c, sql.toString(), bindings);
    }

    // ---- helpers

    private record Binding(TableResolver.Column column, JsonNode value) {}

    private ObjectNode update(Connection c, String sql, List<Binding> bindings) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(queryTimeoutSeconds);
            bind(ps, bindings);
            return JSON.objectNode().put("affectedRows", ps.executeUpdate());
        }
    }

    private static void requireFilterOrAll(JsonNode in, String verb) {
        JsonNode filter = in.path("filter");
        boolean empty = !filter.isObject() || filter.isEmpty();
        if (empty && !in.path("all").asBoolean(false)) {
            throw new ServiceOperationException(
                    400,
                    "FilterRequired",
                    "Refusing to " + verb + " every row of the table: give a filter, or set all to true.");
        }
    }

    /** {@code WHERE a = ? AND b IS NULL ...}: equality on each filter column. */
    private static void appendWhere(
            StringBuilder sql, TableResolver.Table table, JsonNode filter, List<Binding> bindings) {
        if (!filter.isObject() || filter.isEmpty()) {
            return;
        }
        sql.append(" WHERE ");
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = filter.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            TableResolver.Column column = table.column(e.getKey());
            sql.append(first ? "" : " AND ").append(column.quoted());
            if (e.getValue().isNull()) {
                sql.append(" IS NULL");
            } else {
                sql.append(" = ?");
                bindings.add(new Binding(column, e.getValue()));
            }
            first = false;
        }
    }

    private static void bind(PreparedStatement ps, List<Binding> bindings) throws SQLException {
        for (int i = 0; i < bindings.size(); i++) {
            JdbcJsonMapping.bind(
                    ps, i + 1, bindings.get(i).value(), bindings.get(i).column());
        }
    }

    private static void bindAll(PreparedStatement ps, JsonNode parameters) throws SQLException {
        if (parameters.isArray()) {
            for (int i = 0; i < parameters.size(); i++) {
                JdbcJsonMapping.bindUntyped(ps, i + 1, parameters.get(i));
            }
        }
    }

    /** Primary key columns, or else the generated (auto-increment) ones. */
    private static List<String> keyColumns(TableResolver.Table table) {
        if (!table.primaryKey().isEmpty()) {
            return table.primaryKey();
        }
        return table.columns().values().stream()
                .filter(TableResolver.Column::generated)
                .map(TableResolver.Column::name)
                .toList();
    }

    private void prepare(PreparedStatement ps, int limit) throws SQLException {
        ps.setQueryTimeout(queryTimeoutSeconds);
        // one more than asked, to tell whether the result was cut
        ps.setMaxRows(limit + 1);
        ps.setFetchSize(Math.min(limit + 1, 500));
    }

    /** The rows as JSON, at most {@code limit}; {@code truncated} when there were more. */
    private static ObjectNode rowSet(ResultSet rs, int limit) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int count = md.getColumnCount();
        String[] names = new String[count];
        int[] types = new int[count];
        String[] typeNames = new String[count];
        ArrayNode columns = JSON.arrayNode();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String label = md.getColumnLabel(i + 1);
            String name = label;
            // two columns with one label (a join): the second becomes label_2, and so on
            for (int n = 2; !used.add(name); n++) {
                name = label + "_" + n;
            }
            names[i] = name;
            types[i] = md.getColumnType(i + 1);
            typeNames[i] = md.getColumnTypeName(i + 1);
            columns.addObject().put("name", name).put("type", typeNames[i]);
        }
        ArrayNode rows = JSON.arrayNode();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == limit) {
                truncated = true;
                break;
            }
            ObjectNode row = rows.addObject();
            for (int i = 0; i < count; i++) {
                row.set(names[i], JdbcJsonMapping.read(rs, i + 1, types[i], typeNames[i]));
            }
        }
        ObjectNode out = JSON.objectNode();
        out.set("columns", columns);
        out.set("rows", rows);
        out.put("rowCount", rows.size());
        out.put("truncated", truncated);
        return out;
    }
}
