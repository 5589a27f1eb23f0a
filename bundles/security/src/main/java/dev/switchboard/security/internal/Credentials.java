package dev.switchboard.security.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.security.api.ApiToken;
import dev.switchboard.security.api.ApiTokens;
import dev.switchboard.security.api.AuthenticationFailure;
import dev.switchboard.security.api.Authenticator;
import dev.switchboard.security.api.Caller;
import dev.switchboard.security.api.IssuedToken;
import dev.switchboard.security.api.Role;

/**
 * Checks credentials for the API and the console alike: the admin's password (HTTP Basic, against the PBKDF2 hash in
 * {@code conf/admin.hash}) and API tokens (Bearer), with failed attempts throttled per client address.
 */
@Component(
        service = {Authenticator.class, ApiTokens.class},
        configurationPid = SecurityConfiguration.PID)
@Designate(ocd = SecurityConfiguration.class)
public final class Credentials implements Authenticator, ApiTokens {

    /** The framework property that holds the host's home folder. */
    static final String HOME_PROPERTY = "switchboard.home";

    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);

    private final byte[] adminUser;
    private final AdminCredentials admin;
    private final TokenStore tokens;
    private final LoginThrottle throttle;

    @Activate
    public Credentials(BundleContext context, SecurityConfiguration config) {
        this(home(context), config, new SecureRandom(), Clock.systemUTC());
    }

    Credentials(Path home, SecurityConfiguration config, SecureRandom random, Clock clock) {
        this.adminUser = config.admin_user().getBytes(StandardCharsets.UTF_8);
        this.admin =
                new AdminCredentials(home == null ? null : home.resolve("conf").resolve(AdminCredentials.FILE), random);
        this.tokens = new TokenStore(
                home == null ? null : home.resolve("data").resolve("security").resolve("tokens.json"), random, clock);
        this.throttle = new LoginThrottle(
                config.login_max_failures(),
                config.login_window_seconds(),
                config.login_failure_delay_ms(),
                System::nanoTime);
        String problem = admin.problem();
        if (problem != null) {
            LOG.warn("Nobody can sign in as the admin: {}", problem);
        }
    }

    private static Path home(BundleContext context) {
        String home = context.getProperty(HOME_PROPERTY);
        return home == null || home.isBlank() ? null : Path.of(home);
    }

    @Override
    public Caller authenticate(String authorization, String clientAddress, boolean acceptTokens)
            throws AuthenticationFailure {
        if (authorization == null || authorization.isBlank()) {
            throw new AuthenticationFailure(
                    401,
                    "Unauthorized",
                    acceptTokens
                            ? "This request needs credentials: HTTP Basic (the admin) or Authorization: Bearer <API token>."
                            : "This page needs the admin's user name and password (HTTP Basic).",
                    0);
        }
        String address = clientAddress == null ? "unknown" : clientAddress;
        long retryAfter = throttle.retryAfterSeconds(address);
        if (retryAfter > 0) {
            throw new AuthenticationFailure(
                    429,
                    "TooManyAttempts",
                    "Too many failed sign-ins from " + address + ": try again in " + retryAfter + " s.",
                    retryAfter);
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (!acceptTokens) {
                throw new AuthenticationFailure(
                        401, "Unauthorized", "API tokens are for the API; the console needs the admin's password.", 0);
            }
            try {
                Caller caller = tokens.verify(authorization.substring(7));
                throttle.succeeded(address);
                return caller;
            } catch (AuthenticationFailure e) {
                holdOn(throttle.failed(address, "(token)"));
                throw e;
            }
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new AuthenticationFailure(
                    401,
                    "Unauthorized",
                    "Only HTTP Basic (the admin) and Bearer (an API token) credentials are accepted.",
                    0);
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(6).strip());
        } catch (IllegalArgumentException e) {
            holdOn(throttle.failed(address, ""));
            throw new AuthenticationFailure(401, "Unauthorized", "The HTTP Basic credentials are not valid Base64.", 0);
        }
        int colon = indexOf(decoded, (byte) ':');
        byte[] user = colon < 0 ? decoded : Arrays.copyOfRange(decoded, 0, colon);
        byte[] password = colon < 0 ? new byte[0] : Arrays.copyOfRange(decoded, colon + 1, decoded.length);
        try {
            boolean userMatches = MessageDigest.isEqual(user, adminUser);
            // the password is checked even for a wrong user name, so both take as long
            boolean passwordMatches = colon >= 0 && admin.matches(decoded, password);
            if (userMatches && passwordMatches) {
                throttle.succeeded(address);
                return Caller.admin(new String(user, StandardCharsets.UTF_8));
            }
            holdOn(throttle.failed(address, new String(user, StandardCharsets.UTF_8)));
            throw new AuthenticationFailure(
                    401,
                    "Unauthorized",
                    admin.problem() != null
                            ? "The admin password is not set up on this host; its log says why."
                            : "The user name or password is wrong.",
                    0);
        } finally {
            Arrays.fill(password, (byte) 0);
            Arrays.fill(decoded, (byte) 0);
        }
    }

    @Override
    public IssuedToken create(
            String name, Set<Role> roles, List<String> connectors, Duration expiresIn, String createdBy) {
        return tokens.create(name, roles, connectors, expiresIn, createdBy);
    }

    @Override
    public List<ApiToken> list() {
        return tokens.list();
    }

    @Override
    public boolean revoke(String id) {
        return tokens.revoke(id);
    }

    private static void holdOn(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
