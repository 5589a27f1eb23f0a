package dev.switchboard.connector.openapi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Clock;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.http.client.HttpRequestSender;

/**
 * Registers the connector of every started {@link GeneratedBundle}, in that bundle's name (its context), so the host
 * attributes the connector to the document's bundle: its version, its file, its lifecycle. The registration goes when
 * the bundle stops; unregistering blocks while the host drains the connector's calls in flight, which is what makes
 * a document's update fail no call. An extender (a bundle tracker), because the bundles hold no code of their own.
 */
@Component(service = DocumentExtender.class, immediate = true)
public final class DocumentExtender implements BundleTrackerCustomizer<ServiceRegistration<ServiceOperationsProvider>> {

    /** Service property: the deploy-folder file the connector was made of. */
    static final String FILE_PROPERTY = "switchboard.openapi.file";
    /** The host reads it as {@code @NonBlocking}: invocations only start asynchronous requests. */
    static final String NON_BLOCKING_PROPERTY = "switchboard.invoke.non.blocking";

    private static final Logger LOG = LoggerFactory.getLogger(DocumentExtender.class);

    /** A registered connector and where it came from, for the console. */
    record Registered(long bundleId, String fileName, byte[] document, OpenApiDefinition definition) {}

    private final CompiledDocuments documents;
    private final HttpRequestSender sender;
    private final TokenCache tokens;
    private final BundleTracker<ServiceRegistration<ServiceOperationsProvider>> tracker;
    private final Map<Long, Registered> registered = new ConcurrentHashMap<>();

    @Activate
    public DocumentExtender(
            BundleContext context, @Reference CompiledDocuments documents, @Reference HttpRequestSender sender) {
        this.documents = documents;
        this.sender = sender;
        this.tokens = new TokenCache(sender, Clock.systemUTC());
        this.tracker = new BundleTracker<>(context, Bundle.ACTIVE, this);
        this.tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    /** The connectors registered now, for the console. */
    Collection<Registered> registered() {
        return List.copyOf(registered.values());
    }

    @Override
    public ServiceRegistration<ServiceOperationsProvider> addingBundle(Bundle bundle, BundleEvent event) {
        String entry = bundle.getHeaders("").get(GeneratedBundle.DOCUMENT_HEADER);
        if (entry == null) {
            return null;
        }
        String fileName = bundle.getHeaders("").get(GeneratedBundle.FILE_HEADER);
        byte[] content;
        URL url = bundle.getEntry(entry);
        if (url == null || fileName == null) {
            LOG.warn("Bundle {} names an OpenAPI document it does not hold", bundle.getSymbolicName());
            return null;
        }
        try (InputStream in = url.openStream()) {
            content = in.readAllBytes();
        } catch (IOException e) {
            LOG.warn("Cannot read the OpenAPI document of bundle {}: {}", bundle.getSymbolicName(), e.toString());
            return null;
        }
        CompiledDocuments.Outcome outcome = documents.compile(fileName, content);
        if (!outcome.ok()) {
            LOG.warn(
                    "{} (bundle {}) is not a usable document: {}",
                    fileName,
                    bundle.getSymbolicName(),
                    outcome.reason());
            return null;
        }
        BundleContext context = bundle.getBundleContext();
        if (context == null) {
            return null;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(FILE_PROPERTY, fileName);
        properties.put(NON_BLOCKING_PROPERTY, Boolean.TRUE);
        OpenApiConnector connector = new OpenApiConnector(outcome.definition(), sender, tokens);
        ServiceRegistration<ServiceOperationsProvider> registration =
                context.registerService(ServiceOperationsProvider.class, connector, properties);
        registered.put(
                bundle.getBundleId(), new Registered(bundle.getBundleId(), fileName, content, outcome.definition()));
        return registration;
    }

    @Override
    public void modifiedBundle(
            Bundle bundle, BundleEvent event, ServiceRegistration<ServiceOperationsProvider> registration) {
        // nothing: the document is read again when the bundle starts again
    }

    @Override
    public void removedBundle(
            Bundle bundle, BundleEvent event, ServiceRegistration<ServiceOperationsProvider> registration) {
        registered.remove(bundle.getBundleId());
        try {
            registration.unregister(); // returns once the host has drained the connector's calls
        } catch (IllegalStateException e) {
            // already gone with its bundle
        }
    }
}
