package dev.switchboard.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --watch DIR}: mirrors the bundle jars of folders outside the home (a connector project's {@code target/})
 * into the deploy folder, so that {@code mvn package} there is the whole redeploy.
 * <p>
 * Why a mirror and not a second FileInstall folder: FileInstall 3.7.4 could watch more folders (factory
 * configurations of {@code org.apache.felix.fileinstall}, each with its own {@code felix.fileinstall.dir}), but
 * everything the host does with deployed files assumes the one folder of the framework property
 * {@code felix.fileinstall.dir}: {@code BundleFileInstaller} handles only files directly in it (duplicates, hand-over,
 * hot swap), the deployments report lists only it, the archive and the rollback keep and write only its files, and
 * the audit trail records only its events. A file copied in is all of that at once, with one code path, and a
 * build folder full of other jars never reaches FileInstall.
 * <p>
 * What is mirrored, per poll of the watched folders (not their sub-folders):
 * <ul>
 * <li>a {@code *.jar} is taken once it is <em>settled</em> (the same size and modification time as at the previous
 * poll, or, seen for the first time, last modified at least {@link #SETTLE} ago) and opens as a jar whose manifest has
 * a Bundle-SymbolicName. A jar still being written does not open (no central directory yet) and waits. Jars that are
 * no bundles, hidden files, {@code original-*.jar} (the shade plugin's input) and {@code -sources}, {@code -javadoc},
 * {@code -tests} jars are ignored;</li>
 * <li>the deploy-folder file of a bundle is named after its symbolic name, {@code <Bundle-SymbolicName>.watched.jar},
 * not after the source: {@code mvn package} after a version change writes {@code x-1.1.0.jar} beside
 * {@code x-1.0.0.jar}, and the new version must replace the old one in place (a hot swap, the old content kept in
 * the archive for a rollback) rather than be installed beside it. When several watched jars hold the same symbolic
 * name, the most recently modified one is deployed (the build just made);</li>
 * <li>the copy is written under {@code data/watch/} and moved into the deploy folder in one step, so FileInstall
 * never sees half a jar; a copy whose bytes equal the deployed file is not moved (no needless update);</li>
 * <li>when no watched jar holds a symbolic name any more (deleted, {@code mvn clean}), its file is deleted from the
 * deploy folder: the connector is uninstalled. A jar that is there but unreadable (being rewritten) keeps the
 * deployed copy.</li>
 * </ul>
 * Only a change of a watched jar writes into the deploy folder: a rollback (which rewrites the deployed file) lasts
 * until the next build. Files mirrored stay in the deploy folder when Switchboard stops; the first poll of the next
 * start puts the watched jars' current content there again.
 */
final class WatchMirror {
    /** How often the watched folders are read. */
    static final Duration POLL = Duration.ofMillis(500);
    /** A jar seen for the first time that was last modified this long ago is settled at once (the start). */
    static final Duration SETTLE = Duration.ofSeconds(1);

    static final String SUFFIX = ".watched.jar";
    private static final Logger LOG = LoggerFactory.getLogger(WatchMirror.class);

    private final List<Path> folders;
    private final Path deploy;
    private final Path staging;
    private final Clock clock;
    /** Every jar of the watched folders seen at the last poll. */
    private final Map<Path, Seen> seen = new HashMap<>();
    /** Symbolic name to the watched jar whose content was put into the deploy folder. */
    private final Map<String, BundleJar> mirrored = new HashMap<>();
    /** Folders said to be missing (once each, until they exist). */
    private final Set<Path> missing = new HashSet<>();

    /** Size and modification time of a file: what "unchanged since the last poll" compares. */
    record Stamp(long size, long modifiedMillis) {}

    /** A settled bundle jar of a watched folder. */
    record BundleJar(Path file, String symbolicName, String version, Stamp stamp) {}

    /**
     * @param stamp at the last poll
     * @param evaluated the stamp whose content was read ({@code null}: not read yet)
     * @param bundle what the content of {@code evaluated} is ({@code null}: not a bundle)
     * @param heldName the symbolic name this file held when last read (kept while it is rewritten)
     */
    private record Seen(Stamp stamp, Stamp evaluated, BundleJar bundle, String heldName) {}

    WatchMirror(List<Path> folders, Path deploy, Path staging, Clock clock) {
        this.folders = List.copyOf(folders);
        this.deploy = deploy;
        this.staging = staging;
        this.clock = clock;
    }

    /**
     * The folders to watch: {@code --watch} options, then {@code SWITCHBOARD_WATCH} (separated by the platform's path
     * separator, {@code :} or {@code ;}), relative to the working directory, without repeats.
     */
    static List<Path> folders(List<String> options, String environment, Path workingDirectory) {
        List<String> names = new ArrayList<>(options);
        if (environment != null) {
            for (String name : environment.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
                names.add(name);
            }
        }
        Set<Path> folders = new java.util.LinkedHashSet<>();
        for (String name : names) {
            if (!name.isBlank()) {
                folders.add(
                        workingDirectory.resolve(name.strip()).toAbsolutePath().normalize());
            }
        }
        return List.copyOf(folders);
    }

    /** The deploy-folder file name of a bundle: its symbolic name, characters unsafe in a file name replaced. */
    static String deployName(String symbolicName) {
        return symbolicName.replaceAll("[^A-Za-z0-9._-]", "_") + SUFFIX;
    }

    /** Jars of a build folder that are never deployed, whatever their manifest says. */
    static boolean ignoredByName(String name) {
        return name.startsWith(".")
                || name.startsWith("original-")
                || !name.endsWith(".jar")
                || name.endsWith("-sources.jar")
                || name.endsWith("-javadoc.jar")
                || name.endsWith("-tests.jar")
                || name.endsWith("-test-sources.jar");
    }

    List<Path> folders() {
        return folders;
    }

    /** Polls every {@link #POLL} on a daemon thread (the first poll right away). */
    void start() {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-watch");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(
                () -> {
                    try {
                        poll();
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "Reading the watched folders failed (tried again in {} ms): {}",
                                POLL.toMillis(),
                                e.toString());
                    }
                },
                0,
                POLL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One pass: reads the watched folders and brings the deploy folder in line with what settled there. */
    synchronized void poll() {
        Map<Path, Stamp> now = list();
        seen.keySet().retainAll(now.keySet());
        Map<String, BundleJar> newest = new LinkedHashMap<>();
        Set<String> held = new HashSet<>();
        long nowMillis = clock.millis();
        for (Map.Entry<Path, Stamp> entry : now.entrySet()) {
            Path file = entry.getKey();
            Stamp stamp = entry.getValue();
            Seen previous = seen.get(file);
            Seen current;
            if (previous != null && stamp.equals(previous.evaluated())) {
                current = previous; // read before, unchanged since
            } else if (previous != null
                    ? stamp.equals(previous.stamp())
                    : nowMillis - stamp.modifiedMillis() >= SETTLE.toMillis()) {
                current = evaluate(file, stamp, previous);
            } else {
                // new or still changing: wait for it to settle, the deployed copy (if any) stays
                current = new Seen(stamp, null, null, previous == null ? null : previous.heldName());
            }
            seen.put(file, current);
            if (current.bundle() != null) {
                newest.merge(current.bundle().symbolicName(), current.bundle(), WatchMirror::newer);
            } else if (current.heldName() != null) {
                held.add(current.heldName()); // being rewritten, or unreadable: its bundle stays deployed
            }
        }
        for (BundleJar jar : newest.values()) {
            if (!jar.equals(mirrored.get(jar.symbolicName()))) {
                mirror(jar);
            }
        }
        for (String name : List.copyOf(mirrored.keySet())) {
            if (!newest.containsKey(name) && !held.contains(name)) {
                remove(name);
            }
        }
    }

    private static BundleJar newer(BundleJar a, BundleJar b) {
        return Comparator.comparingLong((BundleJar jar) -> jar.stamp().modifiedMillis())
                                .thenComparing(jar -> jar.file().toString())
                                .compare(a, b)
                        >= 0
                ? a
                : b;
    }

    /** The jars directly in the watched folders, with their stamps. */
    private Map<Path, Stamp> list() {
        Map<Path, Stamp> files = new LinkedHashMap<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                if (missing.add(folder)) {
                    LOG.info("Watched folder {} does not exist (yet): its jars are deployed once it does", folder);
                }
                continue;
            }
            missing.remove(folder);
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
                for (Path file : stream) {
                    if (ignoredByName(file.getFileName().toString())) {
                        continue;
                    }
                    try {
                        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                        if (attributes.isRegularFile()) {
                            files.put(
                                    file,
                                    new Stamp(
                                            attributes.size(),
                                            attributes.lastModifiedTime().toMillis()));
                        }
                    } catch (NoSuchFileException e) {
                        // deleted while listing
                    }
                }
            } catch (IOException e) {
                LOG.warn("Cannot read watched folder {}: {}", folder, e.toString());
            }
        }
        return files;
    }

    /** Reads a settled file: a bundle, not a bundle, or not readable (yet). */
    private Seen evaluate(Path file, Stamp stamp, Seen previous) {
        String heldName = previous == null ? null : previous.heldName();
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile())) {
            manifest = jar.getManifest();
        } catch (IOException | SecurityException e) {
            LOG.warn(
                    "{} is not a readable jar (being written, or corrupt): waiting for it to change{}",
                    file,
                    heldName == null ? "" : "; the deployed " + deployName(heldName) + " stays");
            // evaluated: the same content is not read again; held: its earlier bundle stays deployed
            return new Seen(stamp, stamp, null, heldName);
        }
        String name = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
        if (name == null || name.isBlank()) {
            LOG.info("Ignoring {}: not an OSGi bundle (its manifest has no Bundle-SymbolicName)", file);
            return new Seen(stamp, stamp, null, null);
        }
        int directives = name.indexOf(';');
        String symbolicName = (directives < 0 ? name : name.substring(0, directives)).strip();
        String version = manifest.getMainAttributes().getValue("Bundle-Version");
        BundleJar bundle = new BundleJar(file, symbolicName, version == null ? "0.0.0" : version.strip(), stamp);
        return new Seen(stamp, stamp, bundle, symbolicName);
    }

    /** Writes the jar beside the deploy folder, then moves it in, in one step. */
    private void mirror(BundleJar jar) {
        Path target = deploy.resolve(deployName(jar.symbolicName()));
        Path staged = staging.resolve(target.getFileName() + ".part");
        try {
            Files.createDirectories(staging);
            Files.copy(jar.file(), staged, StandardCopyOption.REPLACE_EXISTING);
            BasicFileAttributes after = Files.readAttributes(jar.file(), BasicFileAttributes.class);
            if (after.size() != jar.stamp().size()
                    || after.lastModifiedTime().toMillis() != jar.stamp().modifiedMillis()) {
                Files.deleteIfExists(staged);
                return; // changed while copied: the next polls see it settle again
            }
            if (Files.isRegularFile(target) && Files.mismatch(staged, target) == -1) {
                Files.delete(staged);
                LOG.info(
                        "{} ({} {}) is already deployed as {}",
                        jar.file(),
                        jar.symbolicName(),
                        jar.version(),
                        target.getFileName());
            } else {
                move(staged, target);
                LOG.info("Deployed {} ({} {}) as {}", jar.file(), jar.symbolicName(), jar.version(), target);
            }
            mirrored.put(jar.symbolicName(), jar);
        } catch (NoSuchFileException e) {
            deleteQuietly(staged); // deleted while copied: the next poll says what is left
        } catch (IOException e) {
            deleteQuietly(staged);
            LOG.warn("Cannot deploy {} as {} (tried again at the next change): {}", jar.file(), target, e.toString());
        }
    }

    private static void move(Path staged, Path target) throws IOException {
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // another file system: still a whole file before FileInstall's next poll, as a plain copy would be
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void remove(String symbolicName) {
        Path target = deploy.resolve(deployName(symbolicName));
        try {
            if (Files.deleteIfExists(target)) {
                LOG.info("Removed {}: no watched folder holds bundle {} any more", target, symbolicName);
            }
            mirrored.remove(symbolicName);
        } catch (IOException e) {
            LOG.warn("Cannot remove {} (tried again at the next poll): {}", target, e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover .part under data/watch is overwritten by the next copy
        }
    }
}
