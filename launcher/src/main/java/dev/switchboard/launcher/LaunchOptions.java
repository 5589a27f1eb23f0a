package dev.switchboard.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: {@code [--shell] [--feature <file or name>]... [--watch <folder>]... [--help] [--version]}.
 * {@code --debug} belongs to the {@code switchboard} script, which starts the JVM with the debug agent.
 */
final class LaunchOptions {
    /**
     * The help text. It lives in {@code usage.txt} beside this class so that the {@code switchboard} script prints
     * the same text for {@code --help} without building or starting a JVM.
     */
    static final String USAGE = usage();

    private final boolean shell;
    private final boolean help;
    private final boolean version;
    private final List<String> features;
    private final List<String> watch;

    private LaunchOptions(boolean shell, boolean help, boolean version, List<String> features, List<String> watch) {
        this.shell = shell;
        this.help = help;
        this.version = version;
        this.features = List.copyOf(features);
        this.watch = List.copyOf(watch);
    }

    private static String usage() {
        try (InputStream in = LaunchOptions.class.getResourceAsStream("usage.txt")) {
            if (in == null) {
                throw new IllegalStateException("usage.txt is missing from the launcher jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().replace("\n", System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LaunchOptions parse(String... args) {
        boolean shell = false;
        boolean help = false;
        boolean version = false;
        List<String> features = new ArrayList<>();
        List<String> watch = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ("--shell".equals(arg)) {
                shell = true;
            } else if ("--help".equals(arg) || "-h".equals(arg)) {
                help = true;
            } else if ("--version".equals(arg)) {
                version = true;
            } else if ("--feature".equals(arg)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--feature needs a file or a name");
                }
                features.add(args[++i]);
            } else if (arg.startsWith("--feature=")) {
                features.add(arg.substring("--feature=".length()));
            } else if ("--watch".equals(arg)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--watch needs a folder (a connector project's target/)");
                }
                watch.add(folder(args[++i]));
            } else if (arg.startsWith("--watch=")) {
                watch.add(folder(arg.substring("--watch=".length())));
            } else if ("--debug".equals(arg) || arg.startsWith("--debug=")) {
                throw new IllegalArgumentException("--debug is an option of the ./switchboard script: the JVM must be "
                        + "started with the debug agent. With java -jar, put -agentlib:jdwp=transport=dt_socket,"
                        + "server=y,suspend=n,address=127.0.0.1:" + DebugAgent.DEFAULT_PORT + " before -jar");
            } else {
                throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        return new LaunchOptions(shell, help, version, features, watch);
    }

    private static String folder(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("--watch needs a folder (a connector project's target/)");
        }
        return value;
    }

    boolean shell() {
        return shell;
    }

    boolean help() {
        return help;
    }

    boolean version() {
        return version;
    }

    /** Folders whose bundle jars are deployed ({@link WatchMirror}), as given; {@code SWITCHBOARD_WATCH} adds more. */
    List<String> watch() {
        return watch;
    }

    /** Empty: every feature of the distribution. */
    List<String> features() {
        return features;
    }
}
