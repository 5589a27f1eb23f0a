package dev.switchboard.host.internal.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Names the Declarative Services components of a bundle whose activation failed: the bundle is ACTIVE, but what it
 * was meant to do does not run.
 */
final class ComponentFailures {

    private ComponentFailures() {}

    static List<String> of(Bundle bundle, ServiceComponentRuntime runtime) {
        return runtime == null ? new ArrayList<>() : of(runtime.getComponentDescriptionDTOs(bundle), runtime);
    }

    /** Given the bundle's component descriptions ({@link ComponentDescriptions}). */
    static List<String> of(Collection<ComponentDescriptionDTO> descriptions, ServiceComponentRuntime runtime) {
        List<String> failures = new ArrayList<>();
        if (runtime == null) {
            return failures;
        }
        for (ComponentDescriptionDTO description : descriptions) {
            for (ComponentConfigurationDTO configuration : runtime.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    failures.add(
                            "component " + description.name + " failed to activate: " + summary(configuration.failure));
                }
            }
        }
        return failures;
    }

    /** The failure is a whole stack trace: keep its first line and the root cause. */
    static String summary(String failure) {
        if (failure == null || failure.isBlank()) {
            return "no reason given; the log has it";
        }
        String[] lines = failure.strip().split("\\R");
        String first = lines[0].strip();
        String cause = null;
        for (String line : lines) {
            if (line.strip().startsWith("Caused by:")) {
                cause = line.strip();
            }
        }
        return cause == null || cause.contains(first) ? first : first + " (" + cause + ")";
    }
}
