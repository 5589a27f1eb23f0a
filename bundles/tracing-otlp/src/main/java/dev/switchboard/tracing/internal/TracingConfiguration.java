package dev.switchboard.tracing.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Switchboard tracing (OTLP)",
        description = "Exports a span per invocation to an OTLP/HTTP collector. Off while the endpoint is empty.")
@interface TracingConfiguration {

    @AttributeDefinition(
            name = "Endpoint",
            description = "The collector's OTLP/HTTP base URL (http://host:4318; "
                    + "/v1/traces is added unless the URL already ends with it). Empty: no export.")
    String endpoint() default "";

    @AttributeDefinition(name = "Service name", description = "The service.name resource attribute of the spans")
    String service_name() default "switchboard";

    @AttributeDefinition(
            name = "Headers",
            type = AttributeType.PASSWORD,
            description = "Sent with every export, "
                    + "as name=value (an API key: name=$[secret:FILE] or name=$[env:NAME]). Never logged.")
    String[] headers() default {};

    @AttributeDefinition(name = "Export timeout (ms)", description = "How long one export may take")
    long timeout_ms() default 10_000;
}
