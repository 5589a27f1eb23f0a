package dev.switchboard.host.internal.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;

import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentState;
import dev.switchboard.host.spi.DeployFileInspector;

/** Deploy-folder files that are not jars, read through the {@link DeployFileInspector} that handles their names. */
public class DeployFileInspectorsTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    /** Reads "*.doc" files: "version X" installs as bundle doc.X, anything else is refused with what it says. */
    private static final DeployFileInspector DOCS = new DeployFileInspector() {
        @Override
        public boolean handles(String fileName) {
            return fileName.endsWith(".doc");
        }

        @Override
        public Inspection inspect(String fileName, Path content) {
            try {
                String text = Files.readString(content).trim();
                return text.startsWith("version ")
                        ? Inspection.bundle("doc." + fileName, text.substring(8))
                        : Inspection.problem("line 1: '" + text + "' is not a version");
            } catch (java.io.IOException e) {
                return Inspection.problem(e.toString());
            }
        }
    };

    private final DeployFileInspectors inspectors = new DeployFileInspectors();

    private List<Deployment> classify(Path folder, List<InstalledBundle> bundles) {
        return new DeploymentClassifier(null, inspectors)
                .classify(folder, bundles, new CatalogSnapshot(1, List.of()), Instant.now());
    }

    @Test
    public void aFileThatIsNotAJarIsFailedWithTheInspectorsReason() throws Exception {
        inspectors.add(DOCS);
        Path folder = temp.newFolder("deploy").toPath();
        Path doc = Files.writeString(folder.resolve("api.doc"), "hello");
        Files.setLastModifiedTime(doc, FileTime.from(Instant.now().minusSeconds(60)));
        Deployment deployment = classify(folder, List.of()).get(0);
        assertEquals(DeploymentState.FAILED, deployment.state());
        assertEquals("line 1: 'hello' is not a version", deployment.reason());

        inspectors.remove(DOCS);
        assertTrue(
                "without its inspector it is read as a jar",
                classify(folder, List.of()).get(0).reason().startsWith("not a jar or zip file"));
    }

    @Test
    public void aNewContentTheInspectorRefusesLeavesTheInstalledBundleServing() throws Exception {
        inspectors.add(DOCS);
        Path folder = temp.newFolder("deploy").toPath();
        Path doc = Files.writeString(folder.resolve("api.doc"), "broken");
        Files.setLastModifiedTime(doc, FileTime.from(Instant.now().minusSeconds(60)));
        InstalledBundle installed = new InstalledBundle(
                new BundleInfo(7, "doc.api.doc", "1.0.0", doc.toUri().toString()),
                Bundle.ACTIVE,
                Instant.now().minusSeconds(120).toEpochMilli(),
                List::of,
                List::of);
        Deployment deployment = classify(folder, List.of(installed)).get(0);
        assertEquals(DeploymentState.FAILED, deployment.state());
        assertTrue(
                deployment.reason(),
                deployment
                        .reason()
                        .startsWith("the file's new content could not be installed "
                                + "(line 1: 'broken' is not a version): bundle doc.api.doc 1.0.0, installed from the previous content, "
                                + "keeps serving"));
    }

    @Test
    public void anArchivedCopyIsReadByTheNameOfItsDeployFolderFile() throws Exception {
        inspectors.add(DOCS);
        Path copy =
                Files.writeString(temp.newFile("20261202T000000.000Z-2.0.0.jar").toPath(), "version 2.0.0");
        ArchiveInspection inspection = new BundleArchiveInspector(inspectors).inspect("api.doc", copy);
        assertEquals("doc.api.doc", inspection.symbolicName());
        assertEquals("2.0.0", inspection.version());
    }
}
