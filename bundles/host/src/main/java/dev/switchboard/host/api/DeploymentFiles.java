package dev.switchboard.host.api;

import java.io.InputStream;
import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Puts files into the deploy folder and takes them out, for the front ends ({@code PUT}/{@code DELETE
 * /api/deployments/{file}}, the console's upload): the same path as a file dropped by hand, so FileInstall installs,
 * swaps (with drain) and uninstalls as usual, the archive keeps the previous content for a rollback, and in cluster
 * mode the change reaches every node. A file is checked before it is written (a plain name, a connector jar or a
 * document a deploy-file inspector reads, within the size limit) and written whole (a temporary file moved in
 * atomically), so the scanner never sees half of it and never sees what is not deployable. Since 1.8.0.
 */
@ProviderType
public interface DeploymentFiles {

    /**
     * What a write did: the deploy folder's entry for the file when the call returned, whether it replaced a file,
     * whether the content was the same as before (nothing was written), and whether the scanner had taken it (its
     * state is the outcome of this content) or the wait ran out first.
     */
    record Written(Deployment deployment, boolean replaced, boolean unchanged, boolean settled) {}

    /**
     * Writes {@code content} as {@code fileName} into the deploy folder and waits, at most {@code wait}, until the
     * deploy folder scanner has taken it: the bundle is ACTIVE (its connectors registered) or the file is FAILED,
     * CONFLICT or another state that stays.
     *
     * @throws DeploymentException 400 for a name that is no plain deployable file name or content that is not
     *                             deployable (nothing is written), 413 over the size limit, 503 without a deploy
     *                             folder, 500 when writing failed
     */
    Written write(String fileName, InputStream content, Duration wait);

    /**
     * Deletes {@code fileName} from the deploy folder and waits, at most {@code wait}, until its bundle is
     * uninstalled.
     *
     * @return whether the bundle was gone (or there was none) when the call returned
     * @throws DeploymentException 404 when there is no such file, 400 for a name that is no plain file name
     */
    boolean remove(String fileName, Duration wait);
}
