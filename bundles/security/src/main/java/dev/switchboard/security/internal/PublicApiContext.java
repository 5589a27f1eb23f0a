package dev.switchboard.security.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

import dev.switchboard.security.api.HttpContexts;

/**
 * The servlet context of the API's public endpoints, also under {@code /api}: {@code /api/health*} (no credentials)
 * and {@code /api/hooks/*} (each hook checks its subscription's own token). Ranked above {@link ApiContext}, so a
 * path that one of its servlets serves is resolved here; every other path falls through to the authenticated context.
 */
@Component(service = ServletContextHelper.class, property = Constants.SERVICE_RANKING + ":Integer=100")
@HttpWhiteboardContext(name = PublicApiContext.NAME, path = "/api")
public final class PublicApiContext extends ServletContextHelper {

    public static final String NAME = HttpContexts.PUBLIC;

    @Activate
    public PublicApiContext(BundleContext context) {
        super(context.getBundle());
    }
}
