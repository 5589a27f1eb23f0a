package dev.switchboard.connector.http.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.Test;

public class PrivateAddressesTest {

    @Test
    public void loopbackPrivateLinkLocalAndFriendsAreNotPublic() throws UnknownHostException {
        for (String address : List.of(
                "127.0.0.1",
                "127.255.0.9",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "0.0.0.0",
                "0.1.2.3",
                "100.64.0.1",
                "100.127.255.254",
                "224.0.0.1",
                "255.255.255.255",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "ff02::1",
                "::ffff:10.0.0.1",
                "::ffff:127.0.0.1",
                "fec0::1",
                "::127.0.0.1",
                "64:ff9b::a00:1",
                "2002:a00:1::1")) {
            assertFalse(address, PrivateAddresses.isPublic(InetAddress.getByName(address)));
        }
    }

    @Test
    public void publicAddressesArePublic() throws UnknownHostException {
        for (String address : List.of(
                "8.8.8.8",
                "1.1.1.1",
                "172.32.0.1",
                "100.128.0.1",
                "192.169.0.1",
                "2001:4860:4860::8888",
                "2a00:1450::1",
                "64:ff9b::808:808")) {
            assertTrue(address, PrivateAddresses.isPublic(InetAddress.getByName(address)));
        }
    }

    @Test
    public void aNameIsRefusedWhenAnyOfItsAddressesIsNotPublic() throws Exception {
        PrivateAddresses refuse = new PrivateAddresses(
                true, host -> new InetAddress[] {InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.1")});
        assertFalse(refuse.allows("mixed.example"));
        PrivateAddresses publicOnly =
                new PrivateAddresses(true, host -> new InetAddress[] {InetAddress.getByName("8.8.8.8")});
        assertTrue(publicOnly.allows("public.example"));
        PrivateAddresses off = new PrivateAddresses(false, host -> {
            throw new AssertionError("nothing is resolved when the setting is off");
        });
        assertTrue(off.allows("localhost"));
    }
}
