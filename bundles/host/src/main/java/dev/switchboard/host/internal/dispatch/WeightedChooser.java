package dev.switchboard.host.internal.dispatch;

import java.util.Comparator;
import java.util.Map;

import org.osgi.framework.Version;

/**
 * Picks a version by weight. The versions are laid out newest first on {@code [0, total)}, each over a length equal
 * to its weight; a point in {@code [0, 1)} scaled to that line picks the version it falls on. A random point spreads
 * calls by weight; the point of a hashed key (a named connection) always picks the same version while the weights
 * stay, and raising the newest version's weight moves only keys from the older versions to it.
 */
final class WeightedChooser {

    private final Version[] versions;
    private final double[] ends;

    /** @param weights non-negative, summing to more than 0; versions of weight 0 are never picked */
    WeightedChooser(Map<Version, Double> weights) {
        var positive = weights.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<Version, Double>comparingByKey(Comparator.reverseOrder()))
                .toList();
        if (positive.isEmpty()) {
            throw new IllegalArgumentException("no positive weight: " + weights);
        }
        versions = new Version[positive.size()];
        ends = new double[positive.size()];
        double sum = 0;
        for (int i = 0; i < versions.length; i++) {
            versions[i] = positive.get(i).getKey();
            sum += positive.get(i).getValue();
            ends[i] = sum;
        }
        for (int i = 0; i < ends.length; i++) {
            ends[i] /= sum;
        }
        ends[ends.length - 1] = 1.0; // no rounding gap at the top
    }

    /** The version at {@code point}, in {@code [0, 1)}. */
    Version choose(double point) {
        for (int i = 0; i < ends.length - 1; i++) {
            if (point < ends[i]) {
                return versions[i];
            }
        }
        return versions[versions.length - 1];
    }

    /** The version of {@code key}: the same one every time while the weights stay. */
    Version choose(String key) {
        return choose(point(key));
    }

    /** A point in {@code [0, 1)} spread evenly over keys: the key's hash through a 64-bit finaliser (SplitMix64). */
    static double point(String key) {
        long z = key.hashCode() * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
