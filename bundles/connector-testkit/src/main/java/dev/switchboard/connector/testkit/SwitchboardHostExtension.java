package dev.switchboard.connector.testkit;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: one real host per test class, with the bundles under test deployed and serving.
 * <pre>
 * class WeatherIT {
 *     &#64;RegisterExtension
 *     static final SwitchboardHostExtension HOST = SwitchboardHostExtension.deploying(Path.of("target/acme-weather.jar"));
 *
 *     &#64;Test
 *     void forecastAnswers(SwitchboardHost host) {
 *         HttpResponse&lt;String&gt; r = host.invoke("weather", "forecast", "{\"apiKey\":\"k\"}", "{\"city\":\"Oslo\"}");
 *         assertEquals(200, r.statusCode());
 *     }
 * }
 * </pre>
 * Before the host starts, each jar is checked as {@link ManifestAssertions#assertConnectorBundle} does (a provider
 * without {@code @Component} fails here, before deploy); after deploy the extension waits until the host serves it,
 * or fails with the state and reason {@code /api/deployments} gives. The distribution comes from
 * {@link SwitchboardHost#DISTRIBUTION_PROPERTY} / {@link SwitchboardHost#DISTRIBUTION_ENV}, or {@link #from(Path)}.
 * Test methods (and constructors) get the {@link SwitchboardHost} as a parameter.
 */
public final class SwitchboardHostExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /** System property with the jar(s) under test, comma-separated, used when none is given in code. */
    public static final String BUNDLE_PROPERTY = "switchboard.testkit.bundle";

    private final List<Path> bundles;
    private final Path distribution;
    private SwitchboardHost host;

    private SwitchboardHostExtension(List<Path> bundles, Path distribution) {
        this.bundles = List.copyOf(bundles);
        this.distribution = distribution;
    }

    /** A host with these connector jars deployed. */
    public static SwitchboardHostExtension deploying(Path... jars) {
        return new SwitchboardHostExtension(List.of(jars), null);
    }

    /** A host with the jars named by {@value #BUNDLE_PROPERTY} deployed (none when it is not set). */
    public static SwitchboardHostExtension deployingConfigured() {
        List<Path> jars = new ArrayList<>();
        String configured = System.getProperty(BUNDLE_PROPERTY, "");
        for (String jar : configured.split(",")) {
            if (!jar.isBlank()) {
                jars.add(Paths.get(jar.trim()));
            }
        }
        return new SwitchboardHostExtension(jars, null);
    }

    /** The same with the distribution in {@code folder} (the one holding {@code switchboard.jar}). */
    public SwitchboardHostExtension from(Path folder) {
        return new SwitchboardHostExtension(bundles, folder);
    }

    /** The running host (between beforeAll and afterAll). */
    public SwitchboardHost host() {
        if (host == null) {
            throw new IllegalStateException("the host runs from beforeAll to afterAll only");
        }
        return host;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        for (Path jar : bundles) {
            ManifestAssertions.assertConnectorBundle(jar);
        }
        host = distribution != null ? SwitchboardHost.start(distribution) : SwitchboardHost.start();
        try {
            for (Path jar : bundles) {
                host.deployConnector(jar);
            }
        } catch (Exception | AssertionError e) {
            host.close();
            host = null;
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (host != null) {
            host.close();
            host = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SwitchboardHost.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return host();
    }
}
