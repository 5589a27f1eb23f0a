package dev.switchboard.host.api;

import java.util.Map;

/**
 * How calls to a connector that name no version are spread over its versions (canary traffic). Calls that name a
 * version or a range are never moved.
 *
 * @param weights             version ({@code 2.0.0}) to its relative weight, never negative, summing to more than 0;
 *                            a version of weight 0 gets no calls
 * @param stickyPerConnection calls with the same named connection always go to the same version (while the weights
 *                            do not change); calls without one are spread at random
 * @param rollbackOn          when to move all traffic back to the previous version, or {@code null} for never
 * @since 1.5.0
 */
public record TrafficSplit(Map<String, Double> weights, boolean stickyPerConnection, TrafficGuard rollbackOn) {

    public TrafficSplit {
        weights = weights == null ? Map.of() : Map.copyOf(weights);
    }
}
