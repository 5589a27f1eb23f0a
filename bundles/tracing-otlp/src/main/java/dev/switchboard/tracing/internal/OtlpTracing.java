package dev.switchboard.tracing.internal;

import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationTracer;

/**
 * The host's {@link InvocationTracer} when PID {@code dev.switchboard.tracing} is configured: spans go to the OTLP/HTTP
 * endpoint in batches (the OpenTelemetry SDK's {@link BatchSpanProcessor}: a call never waits for an export, a full
 * queue drops spans). With an empty endpoint no SDK is built and every call is left untraced.
 */
@Component(
        service = InvocationTracer.class,
        configurationPid = "dev.switchboard.tracing",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TracingConfiguration.class)
public final class OtlpTracing implements InvocationTracer {

    private static final Logger LOG = LoggerFactory.getLogger(OtlpTracing.class);
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private final SdkTracerProvider provider;
    private final InvocationTracer spans;

    @Activate
    public OtlpTracing(TracingConfiguration config) {
        ExportSettings settings = ExportSettings.of(config);
        if (settings == null) {
            LOG.info("Tracing export is off: PID dev.switchboard.tracing has no endpoint");
            provider = null;
            spans = invocation -> null;
            return;
        }
        OtlpHttpSpanExporterBuilder exporter =
                OtlpHttpSpanExporter.builder().setEndpoint(settings.tracesUrl()).setTimeout(settings.timeout());
        settings.headers().forEach(exporter::addHeader);
        CallIds ids = new CallIds();
        provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(Attributes.of(SERVICE_NAME, settings.serviceName()))))
                .setIdGenerator(ids)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter.build()).build())
                .build();
        spans = new SpanMapping(provider.get("dev.switchboard.host"), ids);
        LOG.info("Exporting a span per invocation over OTLP/HTTP: {}", settings);
    }

    @Override
    public CallSpan started(Invocation invocation) {
        return spans.started(invocation);
    }

    @Deactivate
    void deactivate() {
        if (provider != null) {
            // exports what is queued, within the export timeout
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
