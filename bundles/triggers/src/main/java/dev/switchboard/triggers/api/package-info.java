/**
 * Subscriptions to connector triggers, as the REST API and other host bundles use them. Implemented by the triggers
 * bundle only.
 */
@Export
@Version("1.0.0")
package dev.switchboard.triggers.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
