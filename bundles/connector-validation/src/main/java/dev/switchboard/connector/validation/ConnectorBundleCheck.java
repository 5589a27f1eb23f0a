package dev.switchboard.connector.validation;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a connector bundle's manifest headers alone tell: whether it was meant to be a connector (it imports the
 * connector API) and whether Declarative Services will find a component in it. A connector whose class lacks
 * {@code @Component} builds, deploys and starts, and registers nothing: the host reports such a bundle with
 * {@link #NO_COMPONENT}, the test kit refuses its jar with the same words.
 */
public final class ConnectorBundleCheck {

    /** The package a connector imports. */
    public static final String CONNECTOR_API = "dev.switchboard.connector.api";

    /** Why a bundle that uses the connector API but declares no DS component registers no connector. */
    public static final String NO_COMPONENT = "no Declarative Services component: is the class annotated @Component? "
            + "(the bundle has no Service-Component header)";

    private static final Pattern IMPORTS_API =
            Pattern.compile("(^|,)\\s*" + Pattern.quote(CONNECTOR_API) + "\\s*(;|,|$)");

    private ConnectorBundleCheck() {}

    /** {@code true} when the {@code Import-Package} header (may be {@code null}) imports the connector API. */
    public static boolean importsConnectorApi(String importPackage) {
        return importPackage != null && IMPORTS_API.matcher(importPackage).find();
    }

    /**
     * The problem the headers show, worded as the host reports it; {@code null} when there is none.
     *
     * @param headers the bundle's main manifest attributes, by header name
     */
    public static String problem(Map<String, String> headers) {
        String symbolicName = headers.get("Bundle-SymbolicName");
        if (symbolicName == null || symbolicName.isBlank()) {
            return "not an OSGi bundle: the jar's manifest has no Bundle-SymbolicName (build it with "
                    + "bnd-maven-plugin and let maven-jar-plugin use the generated MANIFEST.MF)";
        }
        String components = headers.get("Service-Component");
        if (importsConnectorApi(headers.get("Import-Package")) && (components == null || components.isBlank())) {
            return NO_COMPONENT;
        }
        return null;
    }
}
