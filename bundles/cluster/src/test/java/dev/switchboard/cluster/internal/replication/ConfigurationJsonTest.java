package dev.switchboard.cluster.internal.replication;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.Hashtable;
import java.util.List;

import org.junit.Test;

public class ConfigurationJsonTest {

    @Test
    public void everyTypeConfigAdminHoldsComesBackAsItWas() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("s", "text");
        properties.put("b", Boolean.TRUE);
        properties.put("i", 7);
        properties.put("l", 7L);
        properties.put("sh", (short) 3);
        properties.put("by", (byte) 2);
        properties.put("c", 'x');
        properties.put("f", 1.5f);
        properties.put("d", 0.1);
        properties.put("strings", new String[] {"a", "b"});
        properties.put("longs", new Long[] {1L, 2L});
        properties.put("ints", new int[] {1, 2});
        properties.put("list", List.of("x", "y"));
        properties.put("service.pid", "dropped");

        Hashtable<String, Object> back = ConfigurationJson.decode(ConfigurationJson.encode(properties));

        assertEquals("text", back.get("s"));
        assertEquals(Boolean.TRUE, back.get("b"));
        assertEquals(7, back.get("i"));
        assertEquals(7L, back.get("l"));
        assertEquals((short) 3, back.get("sh"));
        assertEquals((byte) 2, back.get("by"));
        assertEquals('x', back.get("c"));
        assertEquals(1.5f, back.get("f"));
        assertEquals(0.1, back.get("d"));
        assertArrayEquals(new String[] {"a", "b"}, (String[]) back.get("strings"));
        assertArrayEquals(new Long[] {1L, 2L}, (Long[]) back.get("longs"));
        assertArrayEquals(new int[] {1, 2}, (int[]) back.get("ints"));
        assertEquals(List.of("x", "y"), back.get("list"));
        assertFalse(back.containsKey("service.pid"));
    }

    @Test
    public void equalPropertiesGiveTheSameTextWhateverTheirOrder() {
        Hashtable<String, Object> one = new Hashtable<>();
        one.put("a", 1);
        one.put("z", "last");
        Hashtable<String, Object> two = new Hashtable<>();
        two.put("z", "last");
        two.put("a", 1);
        assertEquals(ConfigurationJson.encode(one), ConfigurationJson.encode(two));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aTypeConfigAdminDoesNotHoldIsRefused() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("when", new java.util.Date());
        ConfigurationJson.encode(properties);
    }
}
