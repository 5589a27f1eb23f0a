package dev.switchboard.connector.sql.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The databases the connector supports, recognised by JDBC URL prefix, and the driver class under which each driver
 * bundle registers its {@code DataSourceFactory} ({@code osgi.jdbc.driver.class}).
 */
enum JdbcDriverKind {
    H2("H2", "org.h2.Driver", "jdbc:h2:"),
    POSTGRESQL("PostgreSQL", "org.postgresql.Driver", "jdbc:postgresql:"),
    MARIADB("MariaDB/MySQL", "org.mariadb.jdbc.Driver", "jdbc:mariadb:", "jdbc:mysql:");

    private final String displayName;
    private final String driverClass;
    private final List<String> prefixes;

    JdbcDriverKind(String displayName, String driverClass, String... prefixes) {
        this.displayName = displayName;
        this.driverClass = driverClass;
        this.prefixes = List.of(prefixes);
    }

    @Override
    public String toString() {
        return displayName;
    }

    String driverClass() {
        return driverClass;
    }

    /** The kind whose prefix starts {@code url}, compared without regard to case. */
    static Optional<JdbcDriverKind> of(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(k -> k.prefixes.stream().anyMatch(lower::startsWith))
                .findFirst();
    }

    static String supportedPrefixes() {
        return Arrays.stream(values()).flatMap(k -> k.prefixes.stream()).collect(Collectors.joining(", "));
    }

    /**
     * The URL as this kind's driver wants it: MariaDB Connector/J 3 accepts {@code jdbc:mysql:} only with
     * {@code permitMysqlScheme}, so that scheme is rewritten to {@code jdbc:mariadb:}.
     */
    String normalise(String url) {
        if (this == MARIADB && url.regionMatches(true, 0, "jdbc:mysql:", 0, "jdbc:mysql:".length())) {
            return "jdbc:mariadb:" + url.substring("jdbc:mysql:".length());
        }
        return url;
    }
}
