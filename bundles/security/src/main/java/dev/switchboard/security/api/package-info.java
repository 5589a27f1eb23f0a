/**
 * HTTP security of the host, implemented by the security bundle only: who a request comes from ({@link Caller},
 * with its {@link Role roles}), the check of credentials that the Web Console's security provider uses too
 * ({@link Authenticator}), and API tokens ({@link ApiTokens}).
 * <p>
 * 1.0.0: first version.
 * <p>
 * 1.1.0: {@link dev.switchboard.security.api.AuthenticationFailure} is a {@link dev.switchboard.host.api.Failure};
 * {@link dev.switchboard.security.api.ErrorResponses} writes the API's error answers for servlet contexts that
 * authenticate (the API's, the metrics').
 */
@Export
@Version("1.1.0")
package dev.switchboard.security.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
