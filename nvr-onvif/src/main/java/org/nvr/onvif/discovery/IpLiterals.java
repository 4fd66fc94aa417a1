package org.nvr.onvif.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parsing of IP address literals without ever touching DNS: {@code InetAddress.getByName} would resolve a host
 * name, which a camera's datagram or an admin's typo must not trigger.
 */
final class IpLiterals {
    private IpLiterals() {
    }

    /** Strict dotted-quad IPv4 ({@code 10.0.0.5}): four decimal octets 0..255 without leading zeros. */
    static Optional<Inet4Address> ipv4(String text) {
        byte[] octets = new byte[4];
        int octet = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                // A leading zero is refused: inet_aton(3) would read "010" as octal 8, we would read 10.
                if (digits == 1 && value == 0) {
                    return Optional.empty();
                }
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return Optional.empty();
                }
            } else if (c == '.' && digits > 0 && octet < 4) {
                octets[octet++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return Optional.empty();
            }
        }
        if (octet != 4) {
            return Optional.empty();
        }
        return Optional.of((Inet4Address) byAddress(octets));
    }

    /**
     * The address in a URI host: a bracketed IPv6 literal ({@code [fe80::1]}; a zone is dropped) or a
     * dotted-quad IPv4; empty for a host name.
     */
    static Optional<InetAddress> uriHost(String host) {
        if (host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
            String literal = host.substring(1, host.length() - 1);
            // A zone ("%eth0", "%25eth0") names an interface of the sender, not ours (RFC 6874 §1): classify the
            // address without it, and never fail on a zone this host does not have.
            int zone = literal.indexOf('%');
            if (zone >= 0) {
                literal = literal.substring(0, zone);
            }
            if (literal.indexOf(':') < 0) {
                return Optional.empty();
            }
            try {
                // A literal containing ':' is parsed, never resolved (InetAddress.getByName contract).
                return Optional.of(InetAddress.getByName(literal));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return ipv4(host).map(a -> a);
    }

    static InetAddress byAddress(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always a valid address", e);
        }
    }

    /** The host part of a URI for {@code address}: IPv6 in brackets (with its zone, as java.net.URI accepts). */
    static String uriHost(InetAddress address) {
        String text = address.getHostAddress();
        return text.indexOf(':') >= 0 ? "[" + text + "]" : text;
    }
}
