package dev.switchboard.itests.unresolved;

/** Never loaded: the bundle imports {@code dev.switchboard.itests.nowhere}, which no bundle exports. */
public final class Unreachable {

    private Unreachable() {}
}
