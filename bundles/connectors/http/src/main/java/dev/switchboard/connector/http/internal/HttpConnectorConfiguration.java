package dev.switchboard.connector.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Limits of the HTTP connector, PID {@value HttpConnector#PID}. */
@ObjectClassDefinition(
        name = "Switchboard HTTP connector",
        description = "Limits for the 'http' connector's sendRequest action.")
public @interface HttpConnectorConfiguration {

    @AttributeDefinition(
            name = "Max response size (bytes)",
            description = "A response body larger than this fails the call with 502 ResponseTooLarge; it is never "
                    + "read into memory beyond this size.")
    long max_response_bytes() default 10L * 1024 * 1024;

    @AttributeDefinition(name = "Default timeout (s)", description = "Used when the caller gives no timeoutSeconds.")
    int default_timeout_seconds() default 30;

    @AttributeDefinition(
            name = "Max timeout (s)",
            description = "The largest timeoutSeconds a caller may ask for. The host's own invoke timeout "
                    + "(dev.switchboard.host.dispatcher invoke.timeout.ms) still applies on top.")
    int max_timeout_seconds() default 120;

    @AttributeDefinition(
            name = "Connect timeout (s)",
            description = "How long to wait for a TCP/TLS connection to the upstream server.")
    int connect_timeout_seconds() default 10;

    @AttributeDefinition(
            name = "Max cached clients",
            description = "HTTP clients kept, one per distinct connection; the least recently used is dropped.")
    int max_clients() default 32;

    @AttributeDefinition(
            name = "Refuse private addresses",
            description = "When true, a request whose host is or resolves to a loopback, private, link-local "
                    + "(e.g. cloud metadata 169.254.169.254), carrier-grade NAT, unspecified or multicast address is "
                    + "refused with 403 AddressNotAllowed; every address of the name is checked. Off by default: "
                    + "the connector may then reach this machine and the internal network.")
    boolean refuse_private_addresses() default false;
}
