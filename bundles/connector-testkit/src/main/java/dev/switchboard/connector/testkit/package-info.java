/**
 * The connector test kit: what the host checks and does, without deploying, plus a real host for the rest.
 * <ul>
 * <li>{@link dev.switchboard.connector.testkit.ManifestAssertions}: the host's own manifest checks (the shared
 * {@code dev.switchboard.connector.validation.ManifestCheck}), failing with the reason the host would report, and a
 * check of a built jar's headers (a provider without {@code @Component}).</li>
 * <li>{@link dev.switchboard.connector.testkit.ConnectorHarness}: invoke an operation as the host's dispatcher does
 * (inputs schema, required connection parameters, then the provider; errors mapped to status and code).</li>
 * <li>{@link dev.switchboard.connector.testkit.TriggerHarness}: run a {@code TriggerBinding} with a recording sink and
 * in-memory checkpoints, await events, restart from the checkpoint.</li>
 * <li>{@link dev.switchboard.connector.testkit.SwitchboardHostExtension} and
 * {@link dev.switchboard.connector.testkit.SwitchboardHost}: the launcher distribution as a real host for integration
 * tests.</li>
 * <li>{@link dev.switchboard.connector.testkit.TestPollScheduler}: a
 * {@code dev.switchboard.connector.support.PollScheduler} for unit tests of a polling trigger, where the host's shared
 * scheduler is not running.</li>
 * <li>{@link dev.switchboard.connector.testkit.RecordingTriggerContext}: one subscription's context for a test that starts
 * a {@code TriggerBinding} itself, recording events, checkpoints and failures in order.</li>
 * <li>{@link dev.switchboard.connector.testkit.OperationSchemas}: a connector's operation schemas compiled as the host
 * compiles them, to check a test's inputs and outputs.</li>
 * </ul>
 * 1.1.0 adds {@link dev.switchboard.connector.testkit.TestPollScheduler}; 1.2.0 adds
 * {@link dev.switchboard.connector.testkit.RecordingTriggerContext} and
 * {@link dev.switchboard.connector.testkit.OperationSchemas}.
 */
@Export
@Version("1.2.0")
package dev.switchboard.connector.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
