package dev.switchboard.host.api;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The recent log lines of each connector: every line logged while the host works for it (its own SLF4J and OSGi
 * LogService lines, the host's lines about it), kept in memory in a bounded ring per connector id
 * ({@code lines.per.connector} of PID {@code dev.switchboard.host.logs}).
 *
 * @since 1.5.0
 */
@ProviderType
public interface ConnectorLogs {

    /**
     * The kept lines of {@code connectorId}, oldest first.
     *
     * @param since   only lines logged at or after this instant; {@code null} for all
     * @param minimum only lines of this level or more severe; {@code null} for all
     */
    List<ConnectorLogLine> lines(String connectorId, Instant since, ConnectorLogLine.Level minimum);
}
