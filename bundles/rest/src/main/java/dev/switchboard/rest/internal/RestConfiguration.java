package dev.switchboard.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the REST API, PID {@value RestServlet#PID}. */
@ObjectClassDefinition(
        name = "Switchboard REST API",
        description = "Request limits of the Switchboard REST API under /api (its credentials and roles are "
                + "configuration dev.switchboard.security's).")
public @interface RestConfiguration {

    @AttributeDefinition(
            name = "Maximum request size",
            min = "1",
            description = "Request bodies larger than this many bytes are refused with 413.")
    long max_request_bytes() default 1048576L;
}
