package dev.switchboard.connector.sql.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * Finds a table and its columns in the database's own metadata, so that only names the database reports ever reach
 * SQL text, and then only quoted with its identifier quote string. A name is matched as written first, then as the
 * database folds unquoted identifiers (upper case for H2, lower case for PostgreSQL), then in the other case.
 */
final class TableResolver {

    /** A column as the database describes it. */
    record Column(String name, String quoted, int sqlType, String typeName, boolean generated) {}

    /** A table with its columns (by exact name, in table order) and its primary key columns. */
    record Table(String displayName, String quotedName, Map<String, Column> columns, List<String> primaryKey) {

        /** The column the caller means by {@code name}: exact, then case-folded, then case-insensitive if unique. */
        Column column(String name) {
            Column exact = columns.get(name);
            if (exact != null) {
                return exact;
            }
            for (String candidate : List.of(name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))) {
                Column c = columns.get(candidate);
                if (c != null) {
                    return c;
                }
            }
            List<Column> loose = columns.values().stream()
                    .filter(c -> c.name().equalsIgnoreCase(name))
                    .toList();
            if (loose.size() == 1) {
                return loose.get(0);
            }
            throw new ServiceOperationException(
                    404, "ColumnNotFound", "The table " + displayName + " has no column '" + name + "'.");
        }
    }

    private TableResolver() {}

    /**
     * @param name {@code table} or {@code schema.table} (for MariaDB/MySQL, {@code database.table}); a part may be
     *             written in double quotes (or the database's quote string) to contain a dot
     * @throws ServiceOperationException 404 when no such table or view exists
     */
    static Table resolve(Connection connection, String name) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String quote = quoteString(md);
        List<NamePart> parts = split(name, quote);
        if (parts.size() > 2 || parts.stream().anyMatch(p -> p.text().isEmpty())) {
            throw new ServiceOperationException(
                    400, "InvalidTableName", "A table name is 'table' or 'schema.table': '" + name + "' is neither.");
        }
        NamePart table = parts.get(parts.size() - 1);
        NamePart qualifier = parts.size() == 2 ? parts.get(0) : null;
        // MariaDB/MySQL qualify tables by database, which JDBC calls a catalog
        boolean byCatalog = !md.supportsSchemasInDataManipulation() && md.supportsCatalogsInDataManipulation();
        String escape = md.getSearchStringEscape();

        for (String q : qualifier == null ? nullList() : candidates(qualifier, md)) {
            for (String t : candidates(table, md)) {
                String catalog;
                String schemaPattern;
                if (byCatalog) {
                    catalog = q != null ? q : connection.getCatalog();
                    schemaPattern = null;
                } else {
                    catalog = null;
                    String schema = q != null ? q : connection.getSchema();
                    schemaPattern = schema == null ? null : escape(schema, escape);
                }
                try (ResultSet rs = md.getTables(catalog, schemaPattern, escape(t, escape), null)) {
                    while (rs.next()) {
                        String found = rs.getString("TABLE_NAME");
                        String type = String.valueOf(rs.getString("TABLE_TYPE")).toUpperCase(Locale.ROOT);
                        boolean relation = (type.contains("TABLE") || type.contains("VIEW")) && !type.contains("INDEX");
                        if (t.equals(found) && relation) {
                            return describe(
                                    md,
                                    quote,
                                    rs.getString("TABLE_CAT"),
                                    rs.getString("TABLE_SCHEM"),
                                    found,
                                    byCatalog);
                        }
                    }
                }
            }
        }
        throw new ServiceOperationException(404, "TableNotFound", "No table or view '" + name + "' was found.");
    }

    private static Table describe(
            DatabaseMetaData md, String quote, String catalog, String schema, String table, boolean byCatalog)
            throws SQLException {
        String escape = md.getSearchStringEscape();
        Map<String, Column> columns = new LinkedHashMap<>();
        try (ResultSet rs =
                md.getColumns(catalog, schema == null ? null : escape(schema, escape), escape(table, escape), "%")) {
            while (rs.next()) {
                if (!table.equals(rs.getString("TABLE_NAME"))) {
                    continue;
                }
                String column = rs.getString("COLUMN_NAME");
                boolean generated = "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"))
                        || "YES".equalsIgnoreCase(generatedColumn(rs));
                columns.putIfAbsent(
                        column,
                        new Column(
                                column,
                                quote(column, quote),
                                rs.getInt("DATA_TYPE"),
                                rs.getString("TYPE_NAME"),
                                generated));
            }
        }
        TreeMap<Short, String> keyColumns = new TreeMap<>();
        try (ResultSet rs = md.getPrimaryKeys(catalog, schema, table)) {
            while (rs.next()) {
                keyColumns.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        String qualifier = byCatalog ? catalog : schema;
        String quoted = (qualifier == null ? "" : quote(qualifier, quote) + ".") + quote(table, quote);
        String display = (qualifier == null ? "" : qualifier + ".") + table;
        return new Table(display, quoted, columns, new ArrayList<>(keyColumns.values()));
    }

    private static String generatedColumn(ResultSet rs) {
        try {
            return rs.getString("IS_GENERATEDCOLUMN");
        } catch (SQLException e) {
            return null; // JDBC 4.1 column some drivers lack
        }
    }

    /**
     * The name as written, then folded as the database folds unquoted names, then folded the other way; a quoted name
     * only as written.
     */
    private static Set<String> candidates(NamePart name, DatabaseMetaData md) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        names.add(name.text());
        if (!name.quoted()) {
            String upper = name.text().toUpperCase(Locale.ROOT);
            String lower = name.text().toLowerCase(Locale.ROOT);
            names.add(md.storesUpperCaseIdentifiers() ? upper : lower);
            names.add(upper);
            names.add(lower);
        }
        return names;
    }

    /** One part of a dotted name, and whether it was written in quotes (then it is matched exactly). */
    record NamePart(String text, boolean quoted) {}

    private static List<String> nullList() {
        List<String> list = new ArrayList<>();
        list.add(null);
        return list;
    }

    /**
     * Splits on dots outside quotes. A part that starts with {@code "} (or the database's one-character quote) is
     * quoted: it runs to the closing quote, a doubled quote standing for one.
     */
    static List<NamePart> split(String name, String quote) {
        List<NamePart> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        char open = 0;
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (open != 0) {
                if (c != open) {
                    part.append(c);
                } else if (i + 1 < name.length() && name.charAt(i + 1) == c) {
                    part.append(c);
                    i++;
                } else {
                    open = 0;
                }
            } else if (part.toString().isBlank() && (c == '"' || quote.length() == 1 && c == quote.charAt(0))) {
                open = c;
                quoted = true;
                part.setLength(0);
            } else if (c == '.') {
                parts.add(
                        new NamePart(quoted ? part.toString() : part.toString().trim(), quoted));
                part.setLength(0);
                quoted = false;
            } else {
                part.append(c);
            }
        }
        parts.add(new NamePart(quoted ? part.toString() : part.toString().trim(), quoted));
        return parts;
    }

    /** The identifier in the database's quotes, any quote inside it doubled. */
    static String quote(String identifier, String quote) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    private static String quoteString(DatabaseMetaData md) throws SQLException {
        String quote = md.getIdentifierQuoteString();
        // " " means the database cannot quote; all supported ones can, so fall back to the standard
        return quote == null || quote.isBlank() ? "\"" : quote.trim();
    }

    /** Makes a LIKE pattern match only the text itself. */
    private static String escape(String text, String escape) {
        if (escape == null || escape.isEmpty()) {
            return text;
        }
        return text.replace(escape, escape + escape).replace("%", escape + "%").replace("_", escape + "_");
    }
}
