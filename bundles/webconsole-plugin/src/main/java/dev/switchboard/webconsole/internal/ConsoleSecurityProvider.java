package dev.switchboard.webconsole.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.context.ServletContextHelper;

import dev.switchboard.security.api.AuthenticationFailure;
import dev.switchboard.security.api.Authenticator;
import dev.switchboard.security.api.Caller;

/**
 * Signs the Web Console's users in with the host's own check: the admin's password only (API tokens are for the API),
 * the same throttling of failed attempts. The console waits for it (framework property
 * {@code felix.webconsole.security.providers=switchboard}), so its built-in admin/admin fallback never answers.
 */
@Component(service = SecurityProvider.class, property = SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurityProvider.ID)
public final class ConsoleSecurityProvider implements SecurityProvider {

    static final String ID = "switchboard";

    private final Authenticator authenticator;

    @Activate
    public ConsoleSecurityProvider(@Reference Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        try {
            Caller caller =
                    authenticator.authenticate(request.getHeader("Authorization"), request.getRemoteAddr(), false);
            request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller);
            request.setAttribute(ServletContextHelper.REMOTE_USER, caller.id());
            request.setAttribute(ServletContextHelper.AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
            return caller;
        } catch (AuthenticationFailure e) {
            refuse(response, e);
            return null;
        }
    }

    @Override
    public boolean authorize(Object user, String role) {
        return user instanceof Caller;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // HTTP Basic: the browser forgets the credentials when it is closed; nothing is kept here
    }

    private static void refuse(HttpServletResponse response, AuthenticationFailure failure) {
        try {
            if (failure.status() == 429) {
                response.setHeader("Retry-After", Long.toString(failure.retryAfterSeconds()));
            } else {
                response.setHeader("WWW-Authenticate", "Basic realm=\"Switchboard\"");
            }
            byte[] body = (failure.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
            response.setStatus(failure.status());
            response.setContentType("text/plain; charset=UTF-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } catch (IOException e) {
            // the client went away
        }
    }
}
