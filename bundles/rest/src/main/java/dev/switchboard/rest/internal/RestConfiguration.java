package dev.switchboard.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the REST API, PID {@value RestServlet#PID}. */
@ObjectClassDefinition(name = "Switchboard REST API",
        description = "HTTP Basic credentials and request limits of the Switchboard REST API under /api.")
public @interface RestConfiguration {

    @AttributeDefinition(name = "User name", description = "The HTTP Basic user name.")
    String username() default "admin";

    // The leading underscore names the property ".password.hash": private, so DS does not copy it onto the service.
    @AttributeDefinition(name = "Password hash", type = AttributeType.PASSWORD,
            description = "{sha-256} followed by Base64(SHA-256(UTF-8 password)), the Felix Web Console's hashed "
                    + "form. When it is empty every request that needs credentials is refused.")
    String _password_hash() default "";

    @AttributeDefinition(name = "Maximum request size", min = "1",
            description = "Request bodies larger than this many bytes are refused with 413.")
    long max_request_bytes() default 1048576L;
}
