package dev.switchboard.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.switchboard.security.api.AuthenticationFailure;
import dev.switchboard.security.api.Caller;
import dev.switchboard.security.api.IssuedToken;
import dev.switchboard.security.api.Role;

public final class CredentialsTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final SecureRandom random = new SecureRandom();
    private final MutableClock clock = new MutableClock();
    private Path home;
    private Credentials credentials;

    @Before
    public void setUp() throws Exception {
        home = folder.getRoot().toPath();
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/admin.hash"), PasswordHash.create("right", random) + "\n");
        credentials = new Credentials(home, config(5, 60, 0), random, clock);
    }

    @Test
    public void theAdminSignsInWithThePasswordWhoseHashIsInConf() throws Exception {
        Caller caller = credentials.authenticate(basic("admin", "right"), "10.0.0.1", true);
        assertEquals("admin", caller.id());
        assertTrue(caller.has(Role.OPERATOR));
        // again, from the remembered check
        assertEquals(
                "admin",
                credentials
                        .authenticate(basic("admin", "right"), "10.0.0.1", false)
                        .id());
    }

    @Test
    public void aWrongPasswordOrUserOrNoCredentialsAre401() {
        assertStatus(401, () -> credentials.authenticate(basic("admin", "wrong"), "10.0.0.1", true));
        assertStatus(401, () -> credentials.authenticate(basic("root", "right"), "10.0.0.1", true));
        assertStatus(401, () -> credentials.authenticate(null, "10.0.0.1", true));
        assertStatus(401, () -> credentials.authenticate("Basic !!!", "10.0.0.1", true));
        assertStatus(401, () -> credentials.authenticate("Digest x", "10.0.0.1", true));
    }

    @Test
    public void guessingIsRefusedWith429ForThatAddressOnly() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertStatus(401, () -> credentials.authenticate(basic("admin", "guess"), "10.0.0.9", true));
        }
        AuthenticationFailure refused =
                assertStatus(429, () -> credentials.authenticate(basic("admin", "right"), "10.0.0.9", true));
        assertTrue(refused.retryAfterSeconds() > 0 && refused.retryAfterSeconds() <= 60);
        assertFalse(refused.getMessage().contains("guess"));
        assertEquals(
                "admin",
                credentials
                        .authenticate(basic("admin", "right"), "10.0.0.10", true)
                        .id());
    }

    @Test
    public void aChangedHashFileTakesEffectWithoutARestart() throws Exception {
        credentials.authenticate(basic("admin", "right"), "10.0.0.1", true);
        Path file = home.resolve("conf/admin.hash");
        Files.writeString(file, PasswordHash.create("new", random));
        Files.setLastModifiedTime(
                file, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
        assertStatus(401, () -> credentials.authenticate(basic("admin", "right"), "10.0.0.1", true));
        assertEquals(
                "admin",
                credentials
                        .authenticate(basic("admin", "new"), "10.0.0.1", true)
                        .id());
    }

    @Test
    public void withoutAHashNobodySignsIn() throws Exception {
        Files.delete(home.resolve("conf/admin.hash"));
        Credentials none = new Credentials(home, config(5, 60, 0), random, clock);
        AuthenticationFailure failure = assertStatus(401, () -> none.authenticate(basic("admin", ""), "a", true));
        assertTrue(failure.getMessage(), failure.getMessage().contains("not set up"));
    }

    @Test
    public void tokensSignInWithTheirRolesUntilRevokedOrExpired() throws Exception {
        IssuedToken issued =
                credentials.create("ci", Set.of(Role.INVOKER), List.of("greeter*"), Duration.ofHours(1), "admin");
        Caller caller = credentials.authenticate("Bearer " + issued.secret(), "10.0.0.1", true);
        assertEquals("token:" + issued.token().id(), caller.id());
        assertTrue(caller.has(Role.INVOKER));
        assertFalse(caller.has(Role.OPERATOR));
        assertTrue(caller.mayUse("greeter"));
        assertFalse(caller.mayUse("sql"));

        assertStatus(401, () -> credentials.authenticate("Bearer " + issued.secret(), "10.0.0.1", false));
        clock.now = clock.now.plus(Duration.ofHours(2));
        AuthenticationFailure expired =
                assertStatus(401, () -> credentials.authenticate("Bearer " + issued.secret(), "10.0.0.1", true));
        assertEquals("TokenExpired", expired.code());

        IssuedToken other = credentials.create("ops", Set.of(Role.OPERATOR), List.of(), null, "admin");
        assertTrue(credentials.revoke(other.token().id()));
        assertStatus(401, () -> credentials.authenticate("Bearer " + other.secret(), "10.0.0.1", true));
        assertStatus(
                401, () -> credentials.authenticate("Bearer sbt_0123456789abcdef_" + "A".repeat(43), "10.0.0.1", true));
    }

    @Test
    public void tokensAreKeptAsHashesInAnOwnerOnlyFileAndSurviveARestart() throws Exception {
        IssuedToken issued = credentials.create("ci", Set.of(Role.ADMIN), List.of(), null, "admin");
        Path file = home.resolve("data/security/tokens.json");
        String stored = Files.readString(file, StandardCharsets.UTF_8);
        assertFalse(stored.contains(issued.secret()));
        assertFalse(stored.contains(issued.secret().substring(issued.secret().lastIndexOf('_') + 1)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));

        Credentials restarted = new Credentials(home, config(5, 60, 0), random, clock);
        assertEquals(
                "token:" + issued.token().id(),
                restarted
                        .authenticate("Bearer " + issued.secret(), "10.0.0.1", true)
                        .id());
        assertEquals(1, restarted.list().size());
    }

    @Test
    public void unusableTokenRequestsAreRefusedWithAReason() {
        try {
            credentials.create(" ", Set.of(Role.ADMIN), List.of(), null, "admin");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("name"));
        }
        try {
            credentials.create("x", Set.of(), List.of(), null, "admin");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("roles"));
        }
        try {
            credentials.create("x", Set.of(Role.INVOKER), List.of("a/b"), null, "admin");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("connectors"));
        }
    }

    @Test
    public void thePasswordHashFormIsSaltedAndChecked() {
        String one = PasswordHash.create("pw", random);
        assertTrue(one.startsWith("{pbkdf2-sha256}210000$"));
        assertFalse(one.equals(PasswordHash.create("pw", random)));
        assertTrue(PasswordHash.parse(one).matches("pw".getBytes(StandardCharsets.UTF_8)));
        assertFalse(PasswordHash.parse(one).matches("pW".getBytes(StandardCharsets.UTF_8)));
        assertNull(PasswordHash.parse("{sha-256}abc"));
        assertNull(PasswordHash.parse("{pbkdf2-sha256}1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA"));
    }

    interface Call {
        Caller run() throws AuthenticationFailure;
    }

    private static AuthenticationFailure assertStatus(int status, Call call) {
        try {
            call.run();
        } catch (AuthenticationFailure e) {
            assertEquals(e.getMessage(), status, e.status());
            return e;
        }
        throw new AssertionError("expected " + status);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static SecurityConfiguration config(int maxFailures, int windowSeconds, int delayMs, String... origins) {
        return new SecurityConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SecurityConfiguration.class;
            }

            @Override
            public String[] allowed_origins() {
                return origins;
            }

            @Override
            public String admin_user() {
                return "admin";
            }

            @Override
            public int login_max_failures() {
                return maxFailures;
            }

            @Override
            public int login_window_seconds() {
                return windowSeconds;
            }

            @Override
            public int login_failure_delay_ms() {
                return delayMs;
            }
        };
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
