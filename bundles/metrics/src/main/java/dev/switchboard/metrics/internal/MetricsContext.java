package dev.switchboard.metrics.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

import dev.switchboard.security.api.AuthenticationFailure;
import dev.switchboard.security.api.Authenticator;
import dev.switchboard.security.api.Caller;
import dev.switchboard.security.api.ErrorResponses;
import dev.switchboard.security.api.Role;

/**
 * The servlet context of {@code /metrics}, outside the API's {@code /api}: Prometheus scrapers expect the path. The
 * same credentials as the API (the admin's password or an API token, checked by the security bundle's
 * {@link Authenticator}), and role {@code metrics} or {@code operator} (the admin has every role); or nobody's, when
 * {@code anonymous.access} is set. Ranked above the default context so that its one path is resolved here.
 */
@Component(
        service = ServletContextHelper.class,
        configurationPid = MetricsConfiguration.PID,
        property = Constants.SERVICE_RANKING + ":Integer=100")
@Designate(ocd = MetricsConfiguration.class)
@HttpWhiteboardContext(name = MetricsContext.NAME, path = "/")
public final class MetricsContext extends ServletContextHelper {

    static final String NAME = "switchboard.metrics";

    private final Authenticator authenticator;
    private volatile boolean anonymous;

    @Activate
    public MetricsContext(BundleContext context, @Reference Authenticator authenticator, MetricsConfiguration config) {
        super(context.getBundle());
        this.authenticator = authenticator;
        modified(config);
    }

    @Modified
    void modified(MetricsConfiguration config) {
        this.anonymous = config.anonymous_access();
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (anonymous) {
            return true;
        }
        Caller caller;
        try {
            caller = authenticator.authenticate(request.getHeader("Authorization"), request.getRemoteAddr(), true);
        } catch (AuthenticationFailure e) {
            ErrorResponses.refuse(response, e);
            return false;
        }
        if (!caller.has(Role.METRICS) && !caller.has(Role.OPERATOR)) {
            ErrorResponses.write(
                    response,
                    403,
                    "Forbidden",
                    "GET /metrics needs role metrics or operator (or admin); " + caller.id() + " has "
                            + caller.roles().stream()
                                    .map(Role::wireName)
                                    .sorted()
                                    .toList() + ".");
            return false;
        }
        request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller);
        request.setAttribute(REMOTE_USER, caller.id());
        return true;
    }
}
