package dev.switchboard.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The command line: {@code [--shell] [--feature <file or name>]... [--help] [--version]}. */
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

    private LaunchOptions(boolean shell, boolean help, boolean version, List<String> features) {
        this.shell = shell;
        this.help = help;
        this.version = version;
        this.features = List.copyOf(features);
    }

    private static String usage() {
        try (InputStream in = LaunchOptions.class.getResourceAsStream("usage.txt")) {
            if (in == null) {
                throw new IllegalStateException("usage.txt is missing from the launcher jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()
                    .replace("\n", System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LaunchOptions parse(String... args) {
        boolean shell = false;
        boolean help = false;
        boolean version = false;
        List<String> features = new ArrayList<>();
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
            } else {
                throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        return new LaunchOptions(shell, help, version, features);
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

    /** Empty: every feature of the distribution. */
    List<String> features() {
        return features;
    }
}
