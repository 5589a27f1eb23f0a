package dev.switchboard.security.api;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/** API tokens: created by the admin, kept as hashes, presented as {@code Authorization: Bearer <secret>}. */
@ProviderType
public interface ApiTokens {

    /**
     * Creates a token.
     *
     * @param connectors connector id globs an invoker is limited to; empty: every connector
     * @param expiresIn  null: never expires
     * @param createdBy  who asked ({@link Caller#id()})
     * @throws IllegalArgumentException when the name, roles or globs are unusable (the message says why)
     */
    IssuedToken create(String name, Set<Role> roles, List<String> connectors, Duration expiresIn, String createdBy);

    /** Every token, expired ones included, oldest first. */
    List<ApiToken> list();

    /** Revokes token {@code id}; false when there is none. */
    boolean revoke(String id);
}
