package dev.switchboard.connector.sql.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * Issue 10 §2, connection strings: one test per payload. Refused ones answer 400 {@code ConnectionStringNotAllowed}
 * (or {@code UnsupportedConnectionString} for another scheme) without their value in the message; accepted ones show
 * what the driver gets.
 */
@RunWith(Parameterized.class)
public final class JdbcUrlPolicyTest {

    private static final Path FOLDER = Paths.get("/srv/switchboard/data/h2");
    private static final JdbcUrlPolicy POLICY = new JdbcUrlPolicy(new H2Url.Folder(FOLDER));

    /** {@code null} expected: refused. */
    private record Case(String url, String expected) {}

    @Parameters(name = "{0}")
    public static Collection<Object[]> payloads() {
        List<Object[]> list = new ArrayList<>();
        // ---- H2: settings that run SQL, load classes or touch files
        refused(list, "jdbc:h2:mem:a;INIT=RUNSCRIPT FROM '/tmp/evil.sql'");
        refused(list, "jdbc:h2:mem:a;init=CREATE ALIAS X FOR 'java.lang.Runtime.getRuntime'");
        refused(list, "jdbc:h2:mem:a;IN\\IT=SELECT 1");
        refused(list, "jdbc:h2:mem:a; INIT =SELECT 1");
        refused(list, "jdbc:h2:mem:a;MODE=MySQL;INIT=SELECT 1");
        refused(list, "jdbc:h2:mem:a;IGNORE_UNKNOWN_SETTINGS=TRUE;INIT=SELECT 1");
        refused(list, "jdbc:h2:mem:a;MODE=MySQL\\;CREATE ALIAS X FOR 'java.lang.System.exit'");
        refused(list, "jdbc:h2:mem:a;MODE=MySQL CREATE");
        refused(list, "jdbc:h2:mem:a;SCHEMA='x'");
        refused(list, "jdbc:h2:mem:a;JAVA_OBJECT_SERIALIZER=com.evil.Serializer");
        refused(list, "jdbc:h2:mem:a;DATABASE_EVENT_LISTENER=com.evil.Listener");
        refused(list, "jdbc:h2:mem:a;AUTHENTICATOR=com.evil.Authenticator");
        refused(list, "jdbc:h2:mem:a;AUTHREALM=evil");
        refused(list, "jdbc:h2:mem:a;DEFAULT_TABLE_ENGINE=com.evil.Engine");
        refused(list, "jdbc:h2:mem:a;RECOVER_TEST=64");
        refused(list, "jdbc:h2:mem:a;TRACE_LEVEL_FILE=3");
        refused(list, "jdbc:h2:mem:a;TRACE_LEVEL_SYSTEM_OUT=3");
        refused(list, "jdbc:h2:mem:a;TRACE_MAX_FILE_SIZE=1000");
        refused(list, "jdbc:h2:a;AUTO_SERVER=TRUE");
        refused(list, "jdbc:h2:a;AUTO_SERVER_PORT=9090");
        refused(list, "jdbc:h2:a;FILE_LOCK=SOCKET");
        refused(list, "jdbc:h2:a;CIPHER=AES");
        refused(list, "jdbc:h2:mem:a;JMX=TRUE");
        refused(list, "jdbc:h2:mem:a;OPEN_NEW=TRUE");
        refused(list, "jdbc:h2:mem:a;USER=sa");
        refused(list, "jdbc:h2:mem:a;PASSWORD=x");
        refused(list, "jdbc:h2:mem:a;PASSWORD_HASH=TRUE");
        refused(list, "jdbc:h2:mem:a;CLUSTER=x");
        refused(list, "jdbc:h2:mem:a;ACCESS_MODE_DATA=r");
        refused(list, "jdbc:h2:mem:a;RECOVER=TRUE");
        refused(list, "jdbc:h2:mem:a;MODE");
        // ---- H2: where the database is
        accepted(list, "jdbc:h2:./x", "jdbc:h2:file:/srv/switchboard/data/h2/x");
        refused(list, "jdbc:h2:/tmp/x");
        refused(list, "jdbc:h2:file:/tmp/x");
        refused(list, "jdbc:h2:file:/srv/switchboard/data/h2");
        refused(list, "jdbc:h2:file:/srv/switchboard/data/h2x/db");
        refused(list, "jdbc:h2:../../x");
        refused(list, "jdbc:h2:file:sub/../../x");
        refused(list, "jdbc:h2:file:/srv/switchboard/data/h2/../x");
        refused(list, "jdbc:h2:file:a\\..\\..\\x");
        refused(list, "jdbc:h2:file:~/x");
        refused(list, "jdbc:h2:tcp://localhost:9092/x");
        refused(list, "jdbc:h2:ssl://localhost:9092/x");
        refused(list, "jdbc:h2:zip:/tmp/x.zip!/db");
        refused(list, "jdbc:h2:file:zip:/tmp/x.zip!/db");
        refused(list, "jdbc:h2:split:/tmp/x");
        refused(list, "jdbc:h2:split:28:x");
        refused(list, "jdbc:h2:nio:/tmp/x");
        refused(list, "jdbc:h2:nioMapped:/tmp/x");
        refused(list, "jdbc:h2:nioMemFS:x");
        refused(list, "jdbc:h2:memFS:x");
        refused(list, "jdbc:h2:async:/tmp/x");
        refused(list, "jdbc:h2:rec:/tmp/x");
        refused(list, "jdbc:h2:retry:/tmp/x");
        refused(list, "jdbc:h2:MEM:x");
        refused(list, "jdbc:h2:mem:");
        refused(list, "jdbc:h2:.");
        refused(list, "jdbc:h2:");
        // ---- H2: accepted
        accepted(list, "jdbc:h2:mem:x", "jdbc:h2:mem:x");
        accepted(list, "JDBC:H2:mem:x", "jdbc:h2:mem:x");
        accepted(
                list,
                "jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;MODE=MySQL;lock_timeout=100",
                "jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;MODE=MySQL;LOCK_TIMEOUT=100");
        accepted(list, "jdbc:h2:file:demo", "jdbc:h2:file:/srv/switchboard/data/h2/demo");
        accepted(list, "jdbc:h2:demo;WRITE_DELAY=0", "jdbc:h2:file:/srv/switchboard/data/h2/demo;WRITE_DELAY=0");
        accepted(list, "jdbc:h2:file:/srv/switchboard/data/h2/a/b", "jdbc:h2:file:/srv/switchboard/data/h2/a/b");
        accepted(list, "jdbc:h2:file:team/../demo", "jdbc:h2:file:/srv/switchboard/data/h2/demo");

        // ---- PostgreSQL
        for (String name : List.of(
                "socketFactory",
                "socketFactoryArg",
                "sslfactory",
                "sslfactoryarg",
                "sslhostnameverifier",
                "sslpasswordcallback",
                "sslcert",
                "sslkey",
                "sslrootcert",
                "loggerFile",
                "loggerLevel",
                "authenticationPluginClassName",
                "connectExecutor",
                "connectExecutorArg",
                "classLoaderStrategy",
                "xmlFactoryFactory",
                "service",
                "jaasApplicationName",
                "gssUseDefaultCreds")) {
            refused(list, "jdbc:postgresql://127.0.0.1/test?" + name + "=x");
        }
        refused(list, "jdbc:postgresql://127.0.0.1/test?ssl=true&SOCKETFACTORY=com.evil.F");
        refused(list, "jdbc:postgresql://127.0.0.1/test?%73ocketFactory=com.evil.F");
        refused(list, "jdbc:postgresql://127.0.0.1/test?%2573ocketFactory=com.evil.F");
        refused(
                list,
                "jdbc:postgresql://127.0.0.1/test?sslmode=require&sslfactory=org.postgresql.ssl.NonValidatingFactory");
        refused(list, "jdbc:postgresql://127.0.0.1/test?loggerLevel=DEBUG&loggerFile=/tmp/pg.log");
        refused(list, "jdbc:postgresql:test?socketFactory=com.evil.F");
        refused(list, "jdbc:postgresql://127.0.0.1/test?socketFactory");
        refused(list, "jdbc:postgresql://127.0.0.1/test?options=-c%20x=1&sslkey=/etc/ssl/private/key.pem");
        accepted(
                list,
                "jdbc:postgresql://127.0.0.1:5432/test?ApplicationName=sb&sslmode=prefer&options=-c%20statement_timeout=5000",
                "jdbc:postgresql://127.0.0.1:5432/test?ApplicationName=sb&sslmode=prefer&options=-c%20statement_timeout=5000");
        accepted(list, "JDBC:PostgreSQL://h/db", "jdbc:postgresql://h/db");

        // ---- MariaDB / MySQL
        for (String name : List.of(
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
                "autoDeserialize")) {
            refused(list, "jdbc:mariadb://127.0.0.1/test?" + name + "=x");
        }
        refused(list, "jdbc:mariadb://127.0.0.1/test?ALLOWLOCALINFILE=true");
        refused(list, "jdbc:mariadb://127.0.0.1/test?useSsl=false&allowlocalinfile=true");
        refused(list, "jdbc:mysql://127.0.0.1/test?allowLocalInfile=true");
        refused(list, "jdbc:mariadb://127.0.0.1/test?serverRSAPublicKeyFile=/etc/passwd");
        refused(list, "jdbc:mariadb://address=(host=127.0.0.1)(port=3306)(localSocket=/var/run/docker.sock)/test");
        refused(list, "jdbc:mariadb:replication://127.0.0.1,127.0.0.2/test?credentialType=ENV");
        refused(list, "jdbc:mariadb:loadbalance://127.0.0.1/test?%61llowLocalInfile=true");
        accepted(
                list,
                "jdbc:mariadb://127.0.0.1:3306/test",
                "jdbc:mariadb://127.0.0.1:3306/test?allowLocalInfile=false");
        accepted(
                list,
                "jdbc:mysql://127.0.0.1:3306/test?connectTimeout=5000",
                "jdbc:mariadb://127.0.0.1:3306/test?connectTimeout=5000&allowLocalInfile=false");

        return list;
    }

    private static void refused(List<Object[]> list, String url) {
        list.add(new Object[] {"refused " + url, new Case(url, null)});
    }

    private static void accepted(List<Object[]> list, String url, String expected) {
        list.add(new Object[] {"accepted " + url, new Case(url, expected)});
    }

    private final Case payload;

    public JdbcUrlPolicyTest(String name, Case payload) {
        this.payload = payload;
    }

    @Test
    public void check() {
        JdbcDriverKind kind = JdbcDriverKind.of(payload.url()).orElseThrow();
        if (payload.expected() == null) {
            try {
                JdbcUrlPolicy.Checked checked = POLICY.check(kind, payload.url());
                fail("accepted: " + (checked.h2() != null ? checked.h2().adminUrl() : checked.url()));
            } catch (ServiceOperationException e) {
                assertEquals(400, e.getStatusCode());
                assertEquals("ConnectionStringNotAllowed", e.getCode());
                assertFalse(e.getMessage(), e.getMessage().contains("evil"));
                assertFalse(e.getMessage(), e.getMessage().contains("/tmp"));
            }
        } else {
            JdbcUrlPolicy.Checked checked = POLICY.check(kind, payload.url());
            assertEquals(payload.expected(), checked.h2() != null ? checked.h2().adminUrl() : checked.url());
            if (checked.h2() != null) {
                assertTrue(checked.h2().restrictedUrl().endsWith(";IFEXISTS=TRUE"));
            }
        }
    }
}
