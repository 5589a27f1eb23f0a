package dev.switchboard.connector.sql.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * What a caller may put into a connection string. A JDBC URL is code and file access in disguise: drivers load
 * classes named in it (socket factories, SSL factories, authentication plugins), read and write local files named in
 * it (key stores, certificates, log files, service files, {@code LOAD DATA LOCAL INFILE}), and H2 runs SQL from it as
 * the database's admin ({@code INIT=}). This class turns the caller's URL into the one handed to the driver, or
 * refuses it with a 400 naming the parameter (never its value, which may be a secret).
 *
 * <p>PostgreSQL and MariaDB parameters are refused by name from a list taken from the drivers' own option lists;
 * every {@code name=value} anywhere in the URL (query, MariaDB's {@code address=(...)} parts) is checked, the name
 * both as written and URL-decoded, without regard to case. H2 is the other way round (its settings are few and some
 * run SQL): only the settings of {@link H2Url} are accepted.
 */
final class JdbcUrlPolicy {

    /** PostgreSQL (pgjdbc 42.7) parameters that name a class, a local file, or the host's own credentials. */
    static final Set<String> POSTGRESQL_REFUSED = names(
            "socketFactory",
            "socketFactoryArg",
            "sslfactory",
            "sslfactoryarg",
            "sslhostnameverifier",
            "sslpasswordcallback",
            "sslcert",
            "sslkey",
            "sslrootcert",
            "authenticationPluginClassName",
            "connectExecutor",
            "connectExecutorArg",
            "classLoaderStrategy",
            "xmlFactoryFactory",
            "loggerFile",
            "loggerLevel",
            "service",
            "jaasApplicationName",
            "gssUseDefaultCreds");

    /**
     * MariaDB Connector/J 3 options (and their aliases) that name a class, a local file or socket, or read
     * credentials from the host. {@code allowLocalInfile} is on by default in the driver: the connector turns it off
     * itself, so a caller may not set it at all.
     */
    static final Set<String> MARIADB_REFUSED = names(
            "allowLocalInfile",
            "allowLoadLocalInfile",
            "allowUrlInLocalInfile",
            "socketFactory",
            "tlsSocketType",
            "localSocket",
            "pipe",
            "namedPipe",
            "credentialType",
            "serverSslCert",
            "keyStore",
            "trustStore",
            "clientCertificateKeyStoreUrl",
            "trustCertificateKeyStoreUrl",
            "serverRsaPublicKeyFile",
            "serverRSAPublicKeyFile",
            "autoDeserialize");

    private final H2Url.Folder h2Folder;

    JdbcUrlPolicy(H2Url.Folder h2Folder) {
        this.h2Folder = h2Folder;
    }

    /** The checked URL for {@code kind}: what the driver gets. */
    Checked check(JdbcDriverKind kind, String url) {
        return switch (kind) {
            case H2 -> new Checked(kind, null, H2Url.parse(url, h2Folder));
            case POSTGRESQL ->
                new Checked(
                        kind,
                        refuseNamed(canonicalScheme(url, "jdbc:postgresql:"), POSTGRESQL_REFUSED, "PostgreSQL"),
                        null);
            case MARIADB ->
                new Checked(
                        kind,
                        withLocalInfileOff(refuseNamed(
                                kind.normalise(canonicalScheme(canonicalScheme(url, "jdbc:mysql:"), "jdbc:mariadb:")),
                                MARIADB_REFUSED,
                                "MariaDB")),
                        null);
        };
    }

    /**
     * A URL the connector accepted. {@code url} is for PostgreSQL and MariaDB; H2 URLs come as {@link H2Url}, since the
     * connector opens an H2 database as its admin only to create the restricted user the pool then connects as.
     */
    record Checked(JdbcDriverKind kind, String url, H2Url h2) {}

    private static String canonicalScheme(String url, String scheme) {
        return url.regionMatches(true, 0, scheme, 0, scheme.length()) ? scheme + url.substring(scheme.length()) : url;
    }

    private static String refuseNamed(String url, Set<String> refused, String database) {
        // every name=value piece anywhere (and a bare name, which pgjdbc takes as name=""): query parameters,
        // ;-separated ones, MariaDB's address=(name=value)
        for (String piece : url.split("[?&;()]")) {
            int eq = piece.indexOf('=');
            String raw = (eq < 0 ? piece : piece.substring(0, eq)).trim();
            for (String name : new String[] {raw, decoded(raw)}) {
                if (refused.contains(name.toLowerCase(Locale.ROOT))) {
                    throw refusal("The " + database + " connection string sets '" + raw + "', which the sql connector"
                            + " refuses: it makes the driver load a class, read or write a local file, or use the"
                            + " host's own credentials. Remove it (the sql connector's README lists the refused"
                            + " parameters).");
                }
            }
        }
        return url;
    }

    /** MariaDB Connector/J 3 answers a server's LOAD DATA LOCAL INFILE request unless told not to. */
    private static String withLocalInfileOff(String url) {
        return url + (url.indexOf('?') < 0 ? "?" : "&") + "allowLocalInfile=false";
    }

    /** Percent-decoded until it no longer changes (so {@code %2573} is {@code s} too); undecodable: as is. */
    private static String decoded(String text) {
        String current = text;
        for (int i = 0; i < 5 && current.indexOf('%') >= 0; i++) {
            String next;
            try {
                next = URLDecoder.decode(current, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return current;
            }
            if (next.equals(current)) {
                break;
            }
            current = next;
        }
        return current.trim();
    }

    static ServiceOperationException refusal(String message) {
        return new ServiceOperationException(400, "ConnectionStringNotAllowed", message);
    }

    private static Set<String> names(String... names) {
        Set<String> set = new TreeSet<>();
        for (String n : names) {
            set.add(n.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(set);
    }
}
