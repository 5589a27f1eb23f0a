package dev.switchboard.launcher;

import java.nio.file.Path;
import java.nio.file.Paths;

/** Entry point of switchboard.jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        configureLogging();
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(LaunchOptions.USAGE);
            return;
        }
        if (options.version()) {
            System.out.println("Switchboard " + Launch.version());
            return;
        }
        int status = new Launch(options, distribution(), Paths.get("").toAbsolutePath(), System.getenv()).run();
        // the shutdown hook stops the framework (if still running) and halts with the status
        Launch.exit(status);
    }

    /** slf4j-simple reads these when the first logger is made; a -D on the command line wins. */
    private static void configureLogging() {
        // slf4j-simple's output with a working MDC and the per-connector log sinks (see ContextLogging)
        setDefault("slf4j.provider", ContextLogging.class.getName());
        setDefault("slf4j.internal.verbosity", "WARN"); // not "Attempting to load provider ..." at every start
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.levelInBrackets", "false");
        setDefault("org.slf4j.simpleLogger.logFile", "System.out");
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        // its INFO lines are about optional printers it did not enable
        setDefault("org.slf4j.simpleLogger.log.org.apache.felix.webconsole", "warn");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** The folder holding switchboard.jar, lib/, system/ and features/. */
    private static Path distribution() {
        String override = System.getProperty("switchboard.distribution");
        if (override != null) {
            return Paths.get(override).toAbsolutePath();
        }
        try {
            Path location = Paths.get(Main.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return location.getParent();
        } catch (Exception e) {
            return Paths.get("").toAbsolutePath();
        }
    }
}
