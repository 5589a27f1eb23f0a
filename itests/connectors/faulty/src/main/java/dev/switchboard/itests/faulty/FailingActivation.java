package dev.switchboard.itests.faulty;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** A component whose activation throws: its bundle is ACTIVE, the component is not, and the host must say so. */
@Component(
        immediate = true,
        service = {})
public final class FailingActivation {

    @Activate
    public FailingActivation() {
        throw new IllegalStateException("cannot reach the licence server");
    }
}
