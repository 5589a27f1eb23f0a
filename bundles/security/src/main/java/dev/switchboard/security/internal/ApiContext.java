package dev.switchboard.security.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

import dev.switchboard.security.api.AuthenticationFailure;
import dev.switchboard.security.api.Authenticator;
import dev.switchboard.security.api.Caller;
import dev.switchboard.security.api.ErrorResponses;
import dev.switchboard.security.api.HttpContexts;

/**
 * The servlet context of the API under {@code /api}: every request is authenticated (the admin's password or an API
 * token) and checked against {@link AccessRules} before any servlet of the context sees it. Servlets join it with
 * {@code osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=switchboard.api)}.
 */
@Component(service = ServletContextHelper.class)
@HttpWhiteboardContext(name = ApiContext.NAME, path = "/api")
public final class ApiContext extends ServletContextHelper {

    public static final String NAME = HttpContexts.API;

    private final Authenticator authenticator;

    @Activate
    public ApiContext(BundleContext context, @Reference Authenticator authenticator) {
        super(context.getBundle());
        this.authenticator = authenticator;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Caller caller;
        try {
            caller = authenticator.authenticate(request.getHeader("Authorization"), request.getRemoteAddr(), true);
        } catch (AuthenticationFailure e) {
            ErrorResponses.refuse(response, e);
            return false;
        }
        request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller);
        request.setAttribute(REMOTE_USER, caller.id());
        request.setAttribute(
                AUTHENTICATION_TYPE, caller.id().startsWith("token:") ? "Bearer" : HttpServletRequest.BASIC_AUTH);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String refusal = AccessRules.refusal(request.getMethod(), path, caller);
        if (refusal != null) {
            ErrorResponses.write(response, 403, "Forbidden", refusal);
            return false;
        }
        return true;
    }
}
