package dev.switchboard.benchmarks;

/** The cold-start baseline: what starting a JVM that does nothing costs on this machine. */
public final class EmptyMain {

    private EmptyMain() {}

    public static void main(String[] args) {
        // nothing: the JVM's own start and exit are the measurement
    }
}
