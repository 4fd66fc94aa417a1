package org.nvr.onvif.device;

import java.util.Objects;

/**
 * An ONVIF {@code tt:NetworkHost} (an NTP server): type and address, validated before it goes into a SetNTP.
 *
 * @param type    address kind
 * @param address dotted IPv4, IPv6 text, or DNS name
 */
public record NetworkHost(Type type, String address) {
    /** {@code tt:NetworkHostType}. */
    public enum Type { IPV4, IPV6, DNS }

    public NetworkHost {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(address, "address");
        if (!valid(type, address)) {
            throw new IllegalArgumentException("'address' " + address + " is not a valid " + type + " host");
        }
    }

    /** An IPv4 literal becomes IPV4, one with a colon IPV6, anything else DNS. */
    public static NetworkHost of(String address) {
        Objects.requireNonNull(address, "address");
        if (address.contains(":")) {
            return new NetworkHost(Type.IPV6, address);
        }
        return new NetworkHost(address.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))
                ? Type.IPV4 : Type.DNS, address);
    }

    private static boolean valid(Type type, String a) {
        if (a.isEmpty() || a.length() > 253) {
            return false;
        }
        switch (type) {
            case IPV4: {
                String[] parts = a.split("\\.", -1);
                if (parts.length != 4) {
                    return false;
                }
                for (String p : parts) {
                    if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
                            || Integer.parseInt(p) > 255) {
                        return false;
                    }
                }
                return true;
            }
            case IPV6:
                return a.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
            default:
                // RFC 1123 §2.1 host names: letters, digits, hyphens, dot-separated labels.
                for (String label : a.split("\\.", -1)) {
                    if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                            || !label.chars().allMatch(c -> c == '-' || (c < 128 && Character.isLetterOrDigit(c)))) {
                        return false;
                    }
                }
                return true;
        }
    }
}
