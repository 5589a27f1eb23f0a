package dev.switchboard.webconsole.internal;

import org.apache.felix.webconsole.spi.BrandingPlugin;
import org.osgi.service.component.annotations.Component;

/**
 * Brands the Felix Web Console as Switchboard: the page title and header ("Switchboard" instead of "Apache Felix Web
 * Console") and the logo, on every console page. The Web Console 5 SPI way to do it: it tracks a
 * {@link BrandingPlugin} service and falls back to its own defaults (the ones used here for the favicon and the
 * style sheet) without one. Image paths are relative to the console root, as the console expects.
 */
@Component(service = BrandingPlugin.class)
public final class SwitchboardBranding implements BrandingPlugin {

    static final String NAME = "Switchboard";

    @Override
    public String getBrandName() {
        return NAME;
    }

    @Override
    public String getProductName() {
        return NAME;
    }

    /** The logo links to the Connectors page (the console's root is {@code /system/console} in Switchboard). */
    @Override
    public String getProductURL() {
        return "/system/console/" + ConnectorsPlugin.LABEL;
    }

    /** Served by the Connectors page from {@code res/connectors/} of this bundle. */
    @Override
    public String getProductImage() {
        return "/" + ConnectorsPlugin.LABEL + "/res/connectors/switchboard-logo.svg";
    }

    @Override
    public String getVendorName() {
        return "The Switchboard contributors";
    }

    @Override
    public String getVendorURL() {
        return getProductURL();
    }

    @Override
    public String getVendorImage() {
        return getProductImage();
    }

    @Override
    public String getFavIcon() {
        return "/res/imgs/favicon.ico";
    }

    @Override
    public String getMainStyleSheet() {
        return "/res/ui/webconsole.css";
    }
}
