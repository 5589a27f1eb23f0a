package dev.switchboard.host.internal.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import dev.switchboard.connector.validation.ConnectorBundleCheck;

/**
 * Why a started bundle may register no connector, from its headers and Declarative Services'
 * {@link ServiceComponentRuntime}.
 *
 * @param declaresComponents the bundle has a {@code Service-Component} header
 * @param usesConnectorApi   it imports the connector API ({@value #CONNECTOR_API}): it was meant to be a connector;
 *                           a bundle that does not is a library and registering no connector is its nature
 * @param problems           its components that do not run because they are unsatisfied or disabled, in words
 */
record ComponentSummary(boolean declaresComponents, boolean usesConnectorApi, List<String> problems) {

    static final String CONNECTOR_API = ConnectorBundleCheck.CONNECTOR_API;
    /** The same words as the test kit's check of a connector jar (shared: ConnectorBundleCheck). */
    static final String NO_COMPONENT = ConnectorBundleCheck.NO_COMPONENT;

    ComponentSummary {
        problems = List.copyOf(problems);
    }

    /** A bundle about which nothing is known: never flagged. */
    static final ComponentSummary UNKNOWN = new ComponentSummary(true, false, List.of());

    /** What a bundle that registers no connector is missing; {@code null} for a library or when nothing is. */
    String whyNoConnector() {
        if (!problems.isEmpty()) {
            return String.join("; ", problems);
        }
        if (usesConnectorApi && !declaresComponents) {
            return NO_COMPONENT;
        }
        return null;
    }

    static ComponentSummary of(Bundle bundle, ServiceComponentRuntime runtime) {
        return of(bundle, runtime == null ? List.of() : runtime.getComponentDescriptionDTOs(bundle), runtime);
    }

    /** Given the bundle's component descriptions ({@link ComponentDescriptions}). */
    static ComponentSummary of(
            Bundle bundle, Collection<ComponentDescriptionDTO> descriptions, ServiceComponentRuntime runtime) {
        String header = bundle.getHeaders("").get(ComponentConstants.SERVICE_COMPONENT);
        String imports = bundle.getHeaders("").get(org.osgi.framework.Constants.IMPORT_PACKAGE);
        boolean usesApi = ConnectorBundleCheck.importsConnectorApi(imports);
        List<String> problems = new ArrayList<>();
        if (runtime != null) {
            for (ComponentDescriptionDTO description : descriptions) {
                problems.addAll(problemsOf(
                        description,
                        runtime.isComponentEnabled(description),
                        runtime.getComponentConfigurationDTOs(description)));
            }
        }
        return new ComponentSummary(header != null && !header.isBlank(), usesApi, problems);
    }

    static List<String> problemsOf(
            ComponentDescriptionDTO description,
            boolean enabled,
            Collection<ComponentConfigurationDTO> configurations) {
        List<String> problems = new ArrayList<>();
        if (!enabled) {
            problems.add("component " + description.name + " disabled");
            return problems;
        }
        if (configurations.isEmpty() && "require".equals(description.configurationPolicy)) {
            problems.add("component " + description.name + " unsatisfied: configuration "
                    + String.join(", ", description.configurationPid) + " missing");
        }
        for (ComponentConfigurationDTO configuration : configurations) {
            if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                problems.add("component " + description.name + " unsatisfied: configuration "
                        + String.join(", ", description.configurationPid) + " missing");
            } else if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
                    problems.add("component " + description.name + " unsatisfied: reference " + reference.name
                            + describe(description, reference) + " missing");
                }
            }
        }
        return problems;
    }

    private static String describe(ComponentDescriptionDTO description, UnsatisfiedReferenceDTO unsatisfied) {
        for (ReferenceDTO reference : description.references) {
            if (reference.name.equals(unsatisfied.name)) {
                return " (" + reference.interfaceName
                        + (unsatisfied.target != null ? ", target " + unsatisfied.target : "") + ")";
            }
        }
        return "";
    }
}
