/**
 * Extension points of the host for other bundles.
 * <p>
 * 1.0.0: {@link dev.switchboard.host.spi.DeployFileInspector}, for bundles that install deploy-folder files other
 * than jars (as bundles they generate): the deployment report, the archive and rollback read such files through it.
 */
@Export
@Version("1.0.0")
package dev.switchboard.host.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
