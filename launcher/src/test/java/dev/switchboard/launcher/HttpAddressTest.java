package dev.switchboard.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class HttpAddressTest {

    @Test
    public void aPortIsCanonicalisedAndOutOfRangeOrTextIsRefusedNamingTheVariable() throws Exception {
        assertEquals("8080", HttpAddress.port(" 08080 "));
        for (String bad : new String[] {"0", "65536", "http", ""}) {
            StartupException e = assertThrows(StartupException.class, () -> HttpAddress.port(bad));
            assertTrue(e.getMessage(), e.getMessage().startsWith("SWITCHBOARD_PORT must be a port number"));
        }
    }

    @Test
    public void aWildcardBindIsShownAsLocalhostAndProbedOnLoopback() {
        for (String wildcard : new String[] {"", "0.0.0.0", "::", "[::]"}) {
            assertEquals("http://localhost:8080", HttpAddress.base(wildcard, "8080"));
            assertEquals("http://127.0.0.1:8080", HttpAddress.probeBase(wildcard, "8080"));
        }
    }

    @Test
    public void anIpv6BindIsBracketedAndAnAddressIsUsedAsItIs() {
        assertEquals("http://[::1]:9000", HttpAddress.base("::1", "9000"));
        assertEquals("http://[::1]:9000", HttpAddress.probeBase("::1", "9000"));
        assertEquals("http://10.0.0.5:9000", HttpAddress.probeBase("10.0.0.5", "9000"));
    }
}
