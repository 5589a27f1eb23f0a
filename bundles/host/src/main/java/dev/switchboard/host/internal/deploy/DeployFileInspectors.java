package dev.switchboard.host.internal.deploy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.switchboard.host.spi.DeployFileInspector;

/** The {@link DeployFileInspector} services a component is bound to (dynamic: bundles come and go). */
final class DeployFileInspectors {

    private final List<DeployFileInspector> inspectors = new CopyOnWriteArrayList<>();

    void add(DeployFileInspector inspector) {
        inspectors.add(inspector);
    }

    void remove(DeployFileInspector inspector) {
        inspectors.remove(inspector);
    }

    /** The inspector for this file name, {@code null} when none (a jar, or an unknown kind of file). */
    DeployFileInspector forFile(String fileName) {
        for (DeployFileInspector inspector : inspectors) {
            try {
                if (inspector.handles(fileName)) {
                    return inspector;
                }
            } catch (RuntimeException e) {
                // a broken inspector must not break the report; the jar rules apply then
            }
        }
        return null;
    }
}
