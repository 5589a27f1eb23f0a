package dev.switchboard.host.internal.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.AuditEntry;

/**
 * The audit trail as daily files {@code audit-YYYY-MM-DD.jsonl} (the UTC date of each entry's {@code at}) in one
 * folder: the folder mode 0700, each file 0600 (fixed, with a WARN, when found otherwise), one JSON line per entry.
 * <p>
 * One writer: appends are serialised on a lock and each line goes to the file in one {@code write} on a channel
 * opened with {@code APPEND}, so lines never interleave, and there is no buffer in this process to flush: once
 * {@link #append} returns, the line is in the operating system's page cache and survives a crash or a kill of the
 * host. It is not forced to the disk ({@code fsync}) per entry: that would make every management request wait for
 * the disk (milliseconds to tens of milliseconds), and only a power loss or kernel crash in the following seconds
 * could lose the line, which also loses the action it describes (neither ConfigAdmin's files nor the deploy folder
 * are synced). Readers need no lock: a line without its {@code \n} at the end of the newest file is one being
 * written and is left for the next read.
 */
final class DailyAuditFiles implements AuditStore {

    static final String PREFIX = "audit-";
    static final String SUFFIX = ".jsonl";
    /** A longer line is not an entry this host wrote: skipped as corrupt without holding it in memory. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(DailyAuditFiles.class);
    private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path folder;
    private final boolean posix;
    private final Object lock = new Object();
    /** The file being appended to, and its date; guarded by {@link #lock}. */
    private FileChannel channel;

    private LocalDate channelDate;

    /** Creates the folder (0700) or fixes its mode. */
    DailyAuditFiles(Path folder) throws IOException {
        this.folder = folder.toAbsolutePath().normalize();
        this.posix = this.folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (Files.isDirectory(this.folder)) {
            fixMode(this.folder, FOLDER_MODE);
        } else if (posix) {
            Files.createDirectories(this.folder, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
            // createDirectories applies the umask: say exactly what we want
            Files.setPosixFilePermissions(this.folder, FOLDER_MODE);
        } else {
            Files.createDirectories(this.folder);
        }
    }

    static String fileName(LocalDate date) {
        return PREFIX + date + SUFFIX;
    }

    /** The date in a file name {@code audit-YYYY-MM-DD.jsonl}, {@code null} for any other name. */
    static LocalDate dateOf(String fileName) {
        if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX)) {
            return null;
        }
        try {
            return LocalDate.parse(fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    Path folder() {
        return folder;
    }

    @Override
    public String describe() {
        return folder.toString();
    }

    @Override
    public void append(AuditEntry entry) throws IOException {
        ByteBuffer line = ByteBuffer.wrap(AuditJson.line(entry));
        LocalDate date = LocalDate.ofInstant(entry.at(), ZoneOffset.UTC);
        synchronized (lock) {
            try {
                FileChannel out = channelFor(date);
                while (line.hasRemaining()) {
                    out.write(line);
                }
            } catch (IOException | RuntimeException e) {
                // the next entry opens the file again (it may have been deleted, or the disk was full)
                closeChannel();
                throw e;
            }
        }
    }

    private FileChannel channelFor(LocalDate date) throws IOException {
        if (channel != null && date.equals(channelDate)) {
            return channel;
        }
        closeChannel();
        Path file = folder.resolve(fileName(date));
        boolean existed = Files.exists(file);
        if (existed) {
            fixMode(file, FILE_MODE);
        }
        boolean unterminated = existed && endsUnterminated(file);
        Set<StandardOpenOption> options =
                EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        FileChannel opened = posix ? FileChannel.open(file, options, fileMode()) : FileChannel.open(file, options);
        if (!existed && posix) {
            Files.setPosixFilePermissions(file, FILE_MODE); // whatever the umask
        }
        if (unterminated) {
            // a line cut short (the host died while writing it): end it, so the next entry is a line of its own
            opened.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
        channel = opened;
        channelDate = date;
        return opened;
    }

    private static FileAttribute<Set<PosixFilePermission>> fileMode() {
        return PosixFilePermissions.asFileAttribute(FILE_MODE);
    }

    private static boolean endsUnterminated(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            in.read(last, size - 1);
            return last.get(0) != '\n';
        }
    }

    private void fixMode(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (!posix) {
            return;
        }
        Set<PosixFilePermission> actual = Files.getPosixFilePermissions(path);
        if (!actual.equals(mode)) {
            Files.setPosixFilePermissions(path, mode);
            LOG.warn(
                    "{} was mode {}, readable by others than the host's user: set to {}",
                    path,
                    PosixFilePermissions.toString(actual),
                    PosixFilePermissions.toString(mode));
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing {} failed: {}", channelDate, e.toString());
            }
            channel = null;
            channelDate = null;
        }
    }

    @Override
    public AuditReading read(Instant since, int limit) throws IOException {
        List<AuditEntry> entries = new ArrayList<>();
        if (limit <= 0) {
            return new AuditReading(entries, 0, null);
        }
        LocalDate fromDate = since == null ? null : LocalDate.ofInstant(since, ZoneOffset.UTC);
        TreeMap<LocalDate, Path> files = files();
        int corrupt = 0;
        String example = null;
        for (var file : files.entrySet()) {
            if (fromDate != null && file.getKey().isBefore(fromDate)) {
                continue;
            }
            boolean newest = file.getKey().equals(files.lastKey());
            LineReading reading = readFile(file.getValue(), since, limit - entries.size(), entries, newest);
            corrupt += reading.corrupt;
            if (example == null) {
                example = reading.example;
            }
            if (entries.size() >= limit) {
                break;
            }
        }
        return new AuditReading(entries, corrupt, example);
    }

    /** What one file gave. */
    private static final class LineReading {
        int added;
        int corrupt;
        String example;
    }

    /** Adds the file's entries at or after {@code since} to {@code into}, at most {@code room} of them. */
    private static LineReading readFile(Path file, Instant since, int room, List<AuditEntry> into, boolean newest)
            throws IOException {
        LineReading reading = new LineReading();
        long lineNumber = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[8192];
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            boolean tooLong = false;
            for (int n; reading.added < room && (n = in.read(chunk)) != -1; ) {
                int from = 0;
                for (int i = 0; i < n && reading.added < room; i++) {
                    if (chunk[i] != '\n') {
                        continue;
                    }
                    tooLong |= !append(line, chunk, from, i - from);
                    from = i + 1;
                    lineNumber++;
                    take(line, tooLong, since, into, reading, file, lineNumber);
                    line.reset();
                    tooLong = false;
                }
                if (reading.added < room) {
                    tooLong |= !append(line, chunk, from, n - from);
                }
            }
            if (reading.added < room && (line.size() > 0 || tooLong) && !newest) {
                // the newest file's last line may be one being written; in an older file it was cut short
                corrupt(reading, file, lineNumber + 1);
            }
        }
        return reading;
    }

    /** Appends unless the line would grow beyond {@link #MAX_LINE_BYTES}; false when it did not fit. */
    private static boolean append(ByteArrayOutputStream line, byte[] bytes, int from, int length) {
        if (line.size() + length > MAX_LINE_BYTES) {
            return false;
        }
        line.write(bytes, from, length);
        return true;
    }

    private static void take(
            ByteArrayOutputStream line,
            boolean tooLong,
            Instant since,
            List<AuditEntry> into,
            LineReading reading,
            Path file,
            long lineNumber) {
        if (line.size() == 0 && !tooLong) {
            return;
        }
        AuditEntry entry = tooLong ? null : AuditJson.parse(line.toByteArray(), line.size());
        if (entry == null) {
            corrupt(reading, file, lineNumber);
        } else if (since == null || !entry.at().isBefore(since)) {
            into.add(entry);
            reading.added++;
        }
    }

    private static void corrupt(LineReading reading, Path file, long lineNumber) {
        reading.corrupt++;
        if (reading.example == null) {
            reading.example = file.getFileName() + " line " + lineNumber;
        }
    }

    /** The daily files by date. */
    private TreeMap<LocalDate, Path> files() throws IOException {
        TreeMap<LocalDate, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder, PREFIX + "*" + SUFFIX)) {
            for (Path file : listing) {
                LocalDate date = dateOf(file.getFileName().toString());
                if (date != null && Files.isRegularFile(file)) {
                    files.put(date, file);
                }
            }
        }
        return files;
    }

    @Override
    public void prune(LocalDate today, int days) throws IOException {
        if (days <= 0) {
            return;
        }
        LocalDate oldestKept = today.minusDays(days);
        synchronized (lock) {
            for (var file : files().headMap(oldestKept).entrySet()) {
                if (file.getKey().equals(channelDate)) {
                    closeChannel();
                }
                Files.deleteIfExists(file.getValue());
                LOG.info("Deleted audit file {}: older than {} days (retention.days)", file.getValue(), days);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closeChannel();
        }
    }
}
