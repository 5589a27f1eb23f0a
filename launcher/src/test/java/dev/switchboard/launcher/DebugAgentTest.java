package dev.switchboard.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public final class DebugAgentTest {

    @Test
    public void theScriptsAgentIsFoundAndTheBannerSaysHowToAttach() {
        DebugAgent agent = DebugAgent.of(List.of(
                "-Xmx1g", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:5005", "-Dx=y"));
        assertTrue(agent.loopbackOnly());
        String banner = String.join("\n", agent.bannerLines());
        assertTrue(banner, banner.startsWith("  Debug     JDWP listening on 127.0.0.1:5005 (this machine only)"));
        assertTrue(
                banner,
                banner.contains("IntelliJ IDEA  Run > Edit Configurations > + > Remote JVM Debug: host "
                        + "127.0.0.1, port 5005"));
        assertTrue(banner, banner.contains("Eclipse        Run > Debug Configurations > Remote Java Application"));
        assertTrue(banner, banner.contains("\"request\": \"attach\""));
        assertTrue(banner, banner.contains("\"hostName\": \"127.0.0.1\", \"port\": 5005"));
        assertTrue(banner, banner.contains("jdb -attach 127.0.0.1:5005"));
    }

    @Test
    public void aPortAloneIsLoopbackAndAWildcardIsNamedAsReachable() {
        assertTrue(DebugAgent.of(List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=6000"))
                .loopbackOnly());
        DebugAgent open = DebugAgent.of(List.of("-Xrunjdwp:transport=dt_socket,server=y,suspend=y,address=*:6000"));
        assertFalse(open.loopbackOnly());
        String first = open.bannerLines().get(0);
        assertTrue(first, first.contains("*:6000 (suspend=y)") && first.contains("reachable from the network"));
        assertEquals(
                "    jdb            jdb -attach localhost:6000",
                open.bannerLines().get(4));
    }

    @Test
    public void noListeningAgentNoLines() {
        assertNull(DebugAgent.of(List.of("-Xmx1g")));
        assertNull(DebugAgent.of(List.of("-agentlib:jdwp=transport=dt_socket,server=n,address=ide:5005")));
    }
}
