package dev.switchboard.launcher;

/** One bundle of a feature: its Maven id, its start order and the feature file that lists it. */
final class FeatureBundle {
    /** Bundles without a start order start after all the others. */
    static final int LAST = Integer.MAX_VALUE;

    private final MavenId id;
    private final int startOrder;
    private final String origin;

    FeatureBundle(MavenId id, int startOrder, String origin) {
        this.id = id;
        this.startOrder = startOrder;
        this.origin = origin;
    }

    MavenId id() {
        return id;
    }

    int startOrder() {
        return startOrder;
    }

    String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return id + (startOrder == LAST ? "" : " (start-order " + startOrder + ")");
    }
}
