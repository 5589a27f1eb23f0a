package dev.switchboard.connector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.connector.api.ServiceOperation;

/** Each mistake an author makes is refused before deploy, in the words the host uses after deploy. */
class ManifestAssertionsTest {

    @TempDir
    Path temp;

    @Test
    void aGoodConnectorIsAccepted() {
        assertEquals("greeter", ManifestAssertions.assertAccepted(new Greeter()).id());
    }

    @Test
    void aSchemaMistakeIsRefusedNamingTheOperationAndTheLocation() {
        Greeter broken = new Greeter() {
            @Override
            List<ServiceOperation> operations() {
                return List.of(ServiceOperation.builder(SERVICE, "greet")
                        .inputs(json("{'type':'object','properties':{'name':{'type':'strng'}}}"))
                        .build());
            }
        };
        AssertionError error = assertThrows(AssertionError.class, () -> ManifestAssertions.assertAccepted(broken));
        assertTrue(
                error.getMessage()
                        .startsWith("The host would list connector 'greeter' as FAILED: operation "
                                + "'greet': inputs schema is invalid: /properties/name/type"),
                error.getMessage());
    }

    @Test
    void duplicateOperationIdsAreRefused() {
        Greeter broken = new Greeter() {
            @Override
            List<ServiceOperation> operations() {
                return List.of(
                        ServiceOperation.builder(SERVICE, "greet").build(),
                        ServiceOperation.builder(SERVICE, "greet").build());
            }
        };
        AssertionError error = assertThrows(AssertionError.class, () -> ManifestAssertions.assertAccepted(broken));
        assertEquals(
                "The host would list connector 'greeter' as FAILED: duplicate operation id 'greet'",
                error.getMessage());
    }

    @Test
    void aTriggerWithoutTriggerProviderIsRefusedThoughTheHostOnlyWarns() {
        Greeter broken = new Greeter() {
            @Override
            List<ServiceOperation> operations() {
                return List.of(ServiceOperation.builder(SERVICE, "onGreeting")
                        .trigger(ServiceOperation.TRIGGER_SINGLE)
                        .build());
            }
        };
        AssertionError error = assertThrows(AssertionError.class, () -> ManifestAssertions.assertAccepted(broken));
        assertTrue(
                error.getMessage().contains("does not implement ServiceOperationsTriggerProvider"), error.getMessage());
    }

    @Test
    void aJarWithoutComponentIsRefusedBeforeDeploy() throws IOException {
        Path jar = jar("forgotten.jar", "com.acme.forgotten", null);
        AssertionError error = assertThrows(AssertionError.class, () -> ManifestAssertions.assertConnectorBundle(jar));
        assertEquals(
                "forgotten.jar: no Declarative Services component: is the class annotated @Component? "
                        + "(the bundle has no Service-Component header)",
                error.getMessage());
        ManifestAssertions.assertConnectorBundle(jar("ok.jar", "com.acme.ok", "OSGI-INF/com.acme.Ok.xml"));
    }

    @Test
    void theRealHostExtensionRefusesAJarWithoutComponentBeforeStartingAnything() throws IOException {
        Path jar = jar("forgotten.jar", "com.acme.forgotten", null);
        // no distribution is configured: had the extension got as far as booting, the message would say so
        SwitchboardHostExtension extension =
                SwitchboardHostExtension.deploying(jar).from(temp.resolve("no-distribution"));
        AssertionError error = assertThrows(AssertionError.class, () -> extension.beforeAll(null));
        assertTrue(error.getMessage().contains("is the class annotated @Component?"), error.getMessage());
    }

    @Test
    void aMissingDistributionIsNamedWithWhatToDo() {
        IllegalStateException error =
                assertThrows(IllegalStateException.class, () -> SwitchboardHost.start(temp.resolve("nothing-here")));
        assertTrue(error.getMessage().contains("-Dswitchboard.distribution="), error.getMessage());
    }

    private Path jar(String name, String symbolicName, String serviceComponent) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "dev.switchboard.connector.api;version=\"[1.3,2)\"");
        if (serviceComponent != null) {
            main.putValue("Service-Component", serviceComponent);
        }
        Path jar = temp.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is all the check reads
        }
        return jar;
    }
}
