package org.nvr.onvif.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Expansion of IPv4 CIDR text ({@code 192.168.1.0/24}, RFC 4632 §3.1) into host addresses for a unicast sweep. */
final class Ipv4Cidr {
    /** Shortest prefix accepted: a /20 is 4096 addresses, the most one sweep probes. */
    static final int MIN_PREFIX = 20;

    private Ipv4Cidr() {
    }

    /**
     * The host addresses of {@code text}, in ascending order. A bare address means /32. Host bits set in the
     * address are masked off (ipcalc does the same). For /30 and wider, the network and broadcast addresses are
     * left out; /31 (RFC 3021 point-to-point) and /32 keep all their addresses.
     */
    static List<InetAddress> expand(String text) {
        Objects.requireNonNull(text, "text");
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        Inet4Address address = IpLiterals.ipv4(addressText).orElseThrow(() -> new IllegalArgumentException(
                "not an IPv4 CIDR range (like 192.168.1.0/24): \"" + shown + "\""));
        int prefix = 32;
        if (slash >= 0) {
            String prefixText = trimmed.substring(slash + 1);
            if (prefixText.isEmpty() || prefixText.length() > 2 || !prefixText.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(prefixText) > 32) {
                throw new IllegalArgumentException("prefix length must be 0..32 in \"" + shown + "\"");
            }
            prefix = Integer.parseInt(prefixText);
        }
        if (prefix < MIN_PREFIX) {
            throw new IllegalArgumentException("\"" + shown + "\" has " + (1L << (32 - prefix))
                    + " addresses; ranges wider than /" + MIN_PREFIX + " (4096 addresses) are refused");
        }
        byte[] b = address.getAddress();
        int base = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        int size = 1 << (32 - prefix);
        int network = base & -size;
        int first = prefix <= 30 ? 1 : 0;
        int last = prefix <= 30 ? size - 2 : size - 1;
        List<InetAddress> out = new ArrayList<>(last - first + 1);
        for (int i = first; i <= last; i++) {
            int a = network + i;
            out.add(IpLiterals.byAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8),
                    (byte) a}));
        }
        return out;
    }
}
