package dev.switchboard.security.api;

import java.util.Objects;

/** A token just created, with its secret: shown this once, only its hash is kept. */
public record IssuedToken(ApiToken token, String secret) {
    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "IssuedToken[" + token.id() + "]";
    }
}
