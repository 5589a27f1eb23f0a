package dev.switchboard.connector.http.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The optional refusal of targets that are not public: with {@code refuse.private.addresses} on, a request's host is
 * resolved and refused when any of its addresses is loopback, private (RFC 1918, IPv6 unique local), link-local (cloud
 * metadata at 169.254.169.254 included), carrier-grade NAT, unspecified, multicast or broadcast, or an IPv6 address
 * that embeds such an IPv4 address (mapped, compatible, 6to4, NAT64).
 * <p>
 * The JDK client resolves the name again when it connects; the JVM's DNS cache ({@code networkaddress.cache.ttl},
 * 30 s by default) makes it get the addresses checked here, but a cache set to 0 reopens the window for DNS
 * rebinding. A proxy configured for the JVM resolves the name itself.
 */
final class PrivateAddresses {

    /** Looks a host name up: {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean refuse;
    private final Resolver resolver;

    PrivateAddresses(boolean refuse) {
        this(refuse, InetAddress::getAllByName);
    }

    PrivateAddresses(boolean refuse, Resolver resolver) {
        this.refuse = refuse;
        this.resolver = resolver;
    }

    boolean refuses() {
        return refuse;
    }

    /**
     * Whether a request may go to {@code host} (as {@link java.net.URI#getHost()} gives it). Blocks while the name is
     * looked up.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    boolean allows(String host) throws UnknownHostException {
        if (!refuse) {
            return true;
        }
        for (InetAddress address : resolver.resolve(host)) {
            if (!isPublic(address)) {
                return false;
            }
        }
        return true;
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // 0.0.0.0/8, "this network"
                    && !(first == 100 && second >= 64 && second < 128) // 100.64.0.0/10, carrier-grade NAT
                    && !(first == 255 && (b[1] & b[2] & b[3] & 0xff) == 0xff); // broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // fc00::/7, unique local
            }
            if (isZero(b, 0, 12)) {
                return isPublic(v4(b, 12)); // ::a.b.c.d, IPv4-compatible
            }
            if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return isPublic(v4(b, 12)); // ::ffff:a.b.c.d (the JDK usually gives an Inet4Address already)
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x02) {
                return isPublic(v4(b, 2)); // 2002::/16, 6to4
            }
            if (first == 0x00
                    && (b[1] & 0xff) == 0x64
                    && (b[2] & 0xff) == 0xff
                    && (b[3] & 0xff) == 0x9b
                    && isZero(b, 4, 12)) {
                return isPublic(v4(b, 12)); // 64:ff9b::/96, NAT64
            }
            return true;
        }
        return false;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] b, int offset) {
        try {
            return InetAddress.getByAddress(new byte[] {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
