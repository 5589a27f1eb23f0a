/**
 * The checks a connector must pass, as data in, reasons out: {@link dev.switchboard.connector.validation.ManifestCheck}
 * reads a {@link dev.switchboard.connector.api.ServiceOperationsProvider}'s manifest and names the first mistake in
 * the words the host's catalog reports it with (a connector's {@code reason} in {@code /api/connectors} and
 * {@code /api/deployments}); {@link dev.switchboard.connector.validation.JsonSchemas} compiles operation schemas offline
 * and validates inputs. The host's catalog and the connector test kit both run this one implementation, so a manifest
 * the kit accepts is one the host accepts.
 * <p>
 * 1.0.0: ManifestCheck, ManifestCheckResult, JsonSchemas, CompiledSchema, SchemaViolation,
 * SchemaDefinitionException, ConnectorBundleCheck.
 */
@Export
@Version("1.0.0")
package dev.switchboard.connector.validation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
