package dev.switchboard.host.internal.dispatch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.Version;

public class WeightedChooserTest {

    private static final Version V1 = Version.parseVersion("1.0.0");
    private static final Version V2 = Version.parseVersion("2.0.0");
    private static final Version V3 = Version.parseVersion("3.0.0");

    private static Map<Version, Double> weights(Object... pairs) {
        Map<Version, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((Version) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return map;
    }

    @Test
    public void theNewestVersionTakesTheFirstShareOfTheLine() {
        WeightedChooser chooser = new WeightedChooser(weights(V1, 90, V2, 10));
        assertEquals(V2, chooser.choose(0.0));
        assertEquals(V2, chooser.choose(0.0999));
        assertEquals(V1, chooser.choose(0.1001));
        assertEquals(V1, chooser.choose(0.9999999));
    }

    @Test
    public void evenlySpreadPointsAreSplitExactlyByWeight() {
        WeightedChooser chooser = new WeightedChooser(weights(V1, 50, V2, 30, V3, 20));
        Map<Version, Integer> counts = new HashMap<>();
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            counts.merge(chooser.choose((i + 0.5) / n), 1, Integer::sum);
        }
        assertEquals(Map.of(V1, 5_000, V2, 3_000, V3, 2_000), counts);
    }

    @Test
    public void aVersionOfWeightZeroIsNeverChosen() {
        WeightedChooser chooser = new WeightedChooser(weights(V1, 0, V2, 1));
        for (int i = 0; i < 100; i++) {
            assertEquals(V2, chooser.choose(i / 100.0));
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void weightsThatSumToZeroAreRefused() {
        new WeightedChooser(weights(V1, 0, V2, 0));
    }

    @Test
    public void aKeyAlwaysGetsTheSameVersionAndKeysSpreadByWeight() {
        WeightedChooser chooser = new WeightedChooser(weights(V1, 75, V2, 25));
        int newest = 0;
        int n = 4_000;
        for (int i = 0; i < n; i++) {
            String key = "connection-" + i;
            Version chosen = chooser.choose(key);
            assertEquals(chosen, chooser.choose(key));
            if (chosen.equals(V2)) {
                newest++;
            }
        }
        // hashed keys are not a perfect spread: within 3 points of 25 %
        assertTrue(newest + " of " + n, Math.abs(newest / (double) n - 0.25) < 0.03);
    }

    @Test
    public void raisingTheNewestVersionsWeightOnlyMovesKeysToIt() {
        WeightedChooser before = new WeightedChooser(weights(V1, 90, V2, 10));
        WeightedChooser after = new WeightedChooser(weights(V1, 50, V2, 50));
        for (int i = 0; i < 1_000; i++) {
            String key = "c" + i;
            if (before.choose(key).equals(V2)) {
                assertEquals(key, V2, after.choose(key));
            }
        }
    }
}
