package dev.switchboard.host.internal.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Every bundle's Declarative Services component descriptions, asked of the runtime once per report and grouped by
 * bundle: Felix SCR answers {@code getComponentDescriptionDTOs(bundle)} by walking every component of every bundle, so
 * asking per bundle made a report of n connector bundles cost O(n²).
 */
final class ComponentDescriptions {

    private final ServiceComponentRuntime runtime;
    private Map<Long, List<ComponentDescriptionDTO>> byBundle;

    ComponentDescriptions(ServiceComponentRuntime runtime) {
        this.runtime = runtime;
    }

    /** The bundle's component descriptions; the runtime is asked for all of them on the first call. */
    synchronized List<ComponentDescriptionDTO> of(long bundleId) {
        if (runtime == null) {
            return List.of();
        }
        if (byBundle == null) {
            byBundle = group(runtime.getComponentDescriptionDTOs());
        }
        return byBundle.getOrDefault(bundleId, List.of());
    }

    static Map<Long, List<ComponentDescriptionDTO>> group(Collection<ComponentDescriptionDTO> descriptions) {
        Map<Long, List<ComponentDescriptionDTO>> grouped = new HashMap<>();
        for (ComponentDescriptionDTO description : descriptions) {
            grouped.computeIfAbsent(description.bundle.id, id -> new ArrayList<>())
                    .add(description);
        }
        return grouped;
    }
}
