package dev.switchboard.launcher;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a run prints for people: where the API, console, deploy folder and home are, then "ready in". */
final class StartBanner {

    static final String CONSOLE_PATH = "/system/console";
    static final String ADMIN_USER = "admin";

    private final PrintStream out;

    StartBanner(PrintStream out) {
        this.out = out;
    }

    void print(SwitchboardHome home, AdminPassword password, String base, List<Feature> features, WatchMirror watch) {
        out.println("Switchboard " + Launch.version());
        if (base != null) {
            out.println("  API       " + base + "/api");
            out.println("  Console   " + base + CONSOLE_PATH + "  (user " + ADMIN_USER + ")");
        }
        out.println("  Deploy    " + home.deploy());
        out.println("  Password  " + passwordLine(password));
        out.println("  Home      " + home.root());
        List<String> ids = new ArrayList<>();
        features.forEach(feature -> ids.add(feature.id()));
        out.println("  Features  " + String.join(", ", ids));
        if (watch != null) {
            for (Path folder : watch.folders()) {
                out.println("  Watching  " + folder + (Files.isDirectory(folder) ? "" : "  (does not exist yet)")
                        + "  -> deploy/<Bundle-SymbolicName>" + WatchMirror.SUFFIX);
            }
        }
        DebugAgent debug = DebugAgent.of(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (debug != null) {
            debug.bannerLines().forEach(out::println);
        }
        out.flush();
    }

    private static String passwordLine(AdminPassword password) {
        switch (password.source()) {
            case GENERATED:
                return password.password() + "   <- generated now and shown only this once;"
                        + " only its hash is kept, in " + password.hashFile();
            case FILE:
                return "set earlier (its hash is in " + password.hashFile()
                        + "; SWITCHBOARD_ADMIN_PASSWORD sets another)";
            case MIGRATED:
                return "the one in " + password.hashFile().resolveSibling(AdminPassword.LEGACY_FILE)
                        + ", now kept as a hash in " + password.hashFile() + " (the clear-text file is deleted)";
            default:
                return "from SWITCHBOARD_ADMIN_PASSWORD";
        }
    }

    /** "ready in", counted from the JVM's start. */
    void ready() {
        long millis = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        out.println("Switchboard ready in " + millis + " ms");
        out.flush();
    }
}
