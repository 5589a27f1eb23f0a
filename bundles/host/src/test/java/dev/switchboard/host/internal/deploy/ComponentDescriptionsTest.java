package dev.switchboard.host.internal.deploy;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

public class ComponentDescriptionsTest {

    private static ComponentDescriptionDTO description(long bundleId, String name) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.bundle = new BundleDTO();
        description.bundle.id = bundleId;
        description.name = name;
        return description;
    }

    @Test
    public void everyDescriptionIsGroupedUnderItsBundleInTheRuntimesOrder() {
        ComponentDescriptionDTO a1 = description(7, "a1");
        ComponentDescriptionDTO b = description(9, "b");
        ComponentDescriptionDTO a2 = description(7, "a2");

        Map<Long, List<ComponentDescriptionDTO>> grouped = ComponentDescriptions.group(List.of(a1, b, a2));

        assertEquals(Map.of(7L, List.of(a1, a2), 9L, List.of(b)), grouped);
    }

    @Test
    public void withoutARuntimeNoBundleHasComponents() {
        assertEquals(List.of(), new ComponentDescriptions(null).of(7));
    }
}
