package dev.switchboard.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;

/**
 * The one place that says what an integration-test framework boots with: the host and what it needs, taken from
 * the folder the build filled ({@code itest.bundles}), never downloaded at test time.
 */
public final class SwitchboardOptions {

    /** The host's bundles, in start order (APIs and libraries first). */
    private static final List<String> HOST_BUNDLES = List.of(
            "org.osgi.util.function",
            "org.osgi.util.promise",
            "org.osgi.service.component",
            "org.apache.felix.configadmin",
            "org.apache.felix.scr",
            "jackson-annotations",
            "jackson-core",
            "jackson-databind",
            "snakeyaml",
            "jackson-dataformat-yaml",
            "itu",
            "json-schema-validator",
            "resilience4j-core",
            "resilience4j-ratelimiter",
            "connector-api",
            "connector-validation",
            "crypto",
            "host");

    private SwitchboardOptions() {}

    /** The host in a clean Felix framework, with JUnit for the test probe. */
    public static Option host() {
        List<Option> options = new ArrayList<>();
        options.add(cleanCaches());
        options.add(frameworkProperty("felix.log.level").value(System.getProperty("itest.felix.log.level", "1")));
        options.add(systemTimeout(60_000));
        // the crypto bundle keeps the key that encrypts secrets in configurations here
        options.add(frameworkProperty("dev.switchboard.crypto.key.file")
                .value(keyFile().toString()));
        // The launcher exports slf4j from its classpath the same way (see STACK.md).
        // Pax Exam owns org.osgi.framework.system.packages.extra: add to it rather than replace it.
        options.add(systemPackages(
                "org.slf4j;version=2.0.17",
                "org.slf4j.event;version=2.0.17",
                "org.slf4j.helpers;version=2.0.17",
                "org.slf4j.spi;version=2.0.17",
                // resilience4j-core imports org.slf4j [1.7,2), as the launcher's 1.7.36 exports satisfy
                "org.slf4j;version=1.7.36",
                "org.slf4j.helpers;version=1.7.36"));
        for (String name : HOST_BUNDLES) {
            options.add(bundle(jar(bundlesFolder(), name).toUri().toString()));
        }
        options.add(junitBundles());
        return composite(options.toArray(new Option[0]));
    }

    private static Path keyFile() {
        try {
            return Files.createTempDirectory("switchboard-itest-key").resolve("encryption.key");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path bundlesFolder() {
        return Paths.get(System.getProperty("itest.bundles", "target/bundles"));
    }

    /** A test connector jar built in this reactor: {@code greeter-v1}, {@code greeter-v2} or {@code faulty}. */
    public static Path connector(String name) {
        return jar(Paths.get(System.getProperty("itest.connectors", "target/connectors")), name);
    }

    private static Path jar(Path folder, String artifactId) {
        Path jar = folder.resolve(artifactId + ".jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: run the build (mvn verify) so that the " + "dependency plugin copies it");
        }
        return jar;
    }
}
