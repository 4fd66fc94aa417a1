package org.nvr.onvif.device;

import java.util.List;

/**
 * GetNTP result (ONVIF Core Specification, Device management): whether NTP servers come from DHCP, and the servers of
 * each kind.
 *
 * @param fromDhcp  FromDHCP flag
 * @param dhcpHosts NTPFromDHCP entries
 * @param manual    NTPManual entries
 */
public record NtpSettings(boolean fromDhcp, List<NetworkHost> dhcpHosts, List<NetworkHost> manual) {
    /** Most servers accepted in a SetNTP; cameras keep a handful. */
    public static final int MAX_SERVERS = 8;

    public NtpSettings {
        dhcpHosts = List.copyOf(dhcpHosts);
        manual = List.copyOf(manual);
        if (manual.size() > MAX_SERVERS) {
            throw new IllegalArgumentException("'manual' has " + manual.size() + " NTP servers, at most "
                    + MAX_SERVERS);
        }
    }
}
