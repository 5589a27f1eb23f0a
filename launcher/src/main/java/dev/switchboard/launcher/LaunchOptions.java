package dev.switchboard.launcher;

import java.util.ArrayList;
import java.util.List;

/** The command line: {@code [--shell] [--feature <file or name>]... [--help] [--version]}. */
final class LaunchOptions {
    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: switchboard [--shell] [--feature <file|name>]... [--help] [--version]",
            "  --shell             interactive Gogo shell on this terminal (end of input stops Switchboard)",
            "  --feature <f>       boot only these features (repeatable): a file, or a name in the distribution's",
            "                      features/ folder such as 'core' or 'http.json'; default: every features/*.json",
            "  --version           print the version and exit",
            "  --help              print this help and exit",
            "Environment: SWITCHBOARD_HOME (default ./.switchboard), SWITCHBOARD_PORT (8080),",
            "  SWITCHBOARD_BIND (127.0.0.1), SWITCHBOARD_ADMIN_PASSWORD (default: generated on first start and",
            "  shown once; only its hash is kept, in $SWITCHBOARD_HOME/conf/admin.hash)");

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
