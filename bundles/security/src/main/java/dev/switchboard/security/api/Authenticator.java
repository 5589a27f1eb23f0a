package dev.switchboard.security.api;

import org.osgi.annotation.versioning.ProviderType;

/** Checks the credentials of a request: the admin's password (HTTP Basic) or an API token (Bearer). */
@ProviderType
public interface Authenticator {

    /**
     * The caller that {@code authorization} (the request's {@code Authorization} header, may be null) identifies.
     * Failed attempts are counted per {@code clientAddress}: too many in a short time are refused without checking.
     *
     * @param acceptTokens whether a Bearer token is accepted (the console accepts the admin's password only)
     * @throws AuthenticationFailure when the credentials are missing, wrong or sent too often
     */
    Caller authenticate(String authorization, String clientAddress, boolean acceptTokens) throws AuthenticationFailure;
}
