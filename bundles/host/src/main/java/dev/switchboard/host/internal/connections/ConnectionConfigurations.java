package dev.switchboard.host.internal.connections;

import java.util.List;
import java.util.Map;

/** Where connection configurations are kept: ConfigAdmin, or a map in the tests. Values are stored as given. */
interface ConnectionConfigurations {

    /** Every configuration of the connection factory PID, uninterpolated. */
    List<StoredConnection> list();

    /** Creates the named factory configuration {@code name} and returns its PID. */
    String create(String name, Map<String, Object> properties);

    /** Replaces the properties of configuration {@code pid}, keeping those FileInstall uses to track its file. */
    void update(String pid, Map<String, Object> properties);

    /** @return {@code false} when there is no configuration {@code pid} */
    boolean delete(String pid);
}
