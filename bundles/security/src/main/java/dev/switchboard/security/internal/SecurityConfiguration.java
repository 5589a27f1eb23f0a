package dev.switchboard.security.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the HTTP security layer, PID {@value #PID}. */
@ObjectClassDefinition(
        name = "Switchboard HTTP security",
        description = "Cross-site request refusal, sign-in throttling and the admin user of the API and the console.")
public @interface SecurityConfiguration {

    String PID = "dev.switchboard.security";

    @AttributeDefinition(
            name = "Allowed origins",
            description = "Origins (scheme://host[:port]) besides the host's own whose pages may send state-changing "
                    + "requests (POST, PUT, PATCH, DELETE) with the browser's credentials. Empty: the host's own only.")
    String[] allowed_origins() default {};

    @AttributeDefinition(name = "Admin user name", description = "The user name that goes with the admin password.")
    String admin_user() default "admin";

    @AttributeDefinition(
            name = "Failed sign-ins before refusal",
            min = "1",
            description = "Failed sign-ins one client address may make within the window; beyond them its requests "
                    + "are refused with 429 and Retry-After until the window has passed.")
    int login_max_failures() default 10;

    @AttributeDefinition(
            name = "Failed sign-in window (s)",
            min = "1",
            description = "The window, in seconds, over which failed sign-ins of one address are counted.")
    int login_window_seconds() default 60;

    @AttributeDefinition(
            name = "Failed sign-in delay (ms)",
            min = "0",
            description = "Each failed sign-in is answered this much later per failure already counted for its "
                    + "address (at most 1 s): guessing slows down long before it is refused.")
    int login_failure_delay_ms() default 100;
}
