package dev.switchboard.host.internal.connections;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameter;

public class ParameterTypesTest {

    private static final ConnectionParameter BOOL =
            ConnectionParameter.bool("TLS").build();
    private static final ConnectionParameter INT =
            ConnectionParameter.integer("Port").build();
    private static final ConnectionParameter TEXT =
            ConnectionParameter.string("Name").build();
    private static final ConnectionParameter SECRET =
            ConnectionParameter.secureString("Key").build();

    @Test
    public void valuesAreConvertedToTheirDeclaredTypes() {
        assertEquals(Boolean.TRUE, ParameterTypes.usable(BOOL, " true "));
        assertEquals(Boolean.FALSE, ParameterTypes.usable(BOOL, false));
        assertEquals(8080L, ParameterTypes.usable(INT, "8080"));
        assertEquals(8080L, ParameterTypes.usable(INT, 8080));
        assertEquals("x", ParameterTypes.usable(TEXT, "x"));
    }

    @Test
    public void aValueOfTheWrongTypeIsNotUsable() {
        assertNull(ParameterTypes.usable(BOOL, "yes"));
        assertNull(ParameterTypes.usable(INT, "12.5"));
        assertNull(ParameterTypes.usable(INT, 1.5d));
        assertNull(ParameterTypes.usable(TEXT, 3));
    }

    @Test
    public void aReferenceIsStoredAsItIsAndCheckedWhenUsed() {
        assertEquals("$[secret:key]", ParameterTypes.storable(SECRET, "$[secret:key]"));
        assertNull(ParameterTypes.storable(INT, "eighty"));
    }

    @Test
    public void referencesAndCiphertextAreIndirect() {
        assertTrue(ParameterTypes.indirect("$[env:HOME]"));
        assertTrue(ParameterTypes.indirect("{aes-gcm}AAAA"));
        assertFalse(ParameterTypes.indirect("plain"));
        assertFalse(ParameterTypes.indirect(42));
    }

    @Test
    public void problemsNameTheParameterAndItsTypeNeverAValue() {
        assertEquals(
                "The connection parameter 'port' must be an integer (type int).",
                ParameterTypes.typeProblem("port", INT));
        assertTrue(ParameterTypes.typeProblem("key", SECRET).endsWith("or a $[env:NAME] / $[secret:NAME] reference."));
        assertTrue(ParameterTypes.referenceProblem("name", TEXT).contains("only for securestring parameters"));
    }
}
