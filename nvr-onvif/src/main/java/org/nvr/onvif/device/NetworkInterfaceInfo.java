package org.nvr.onvif.device;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One GetNetworkInterfaces entry (ONVIF Core Specification, Device management).
 *
 * @param token          interface token
 * @param enabled        interface Enabled flag
 * @param name           Info/Name, when given
 * @param macAddress     Info/HwAddress, when given
 * @param ipv4Enabled    IPv4/Enabled
 * @param ipv4Dhcp       IPv4/Config/DHCP
 * @param ipv4Addresses  manual, link-local and DHCP addresses in CIDR form ("192.168.1.64/24")
 */
public record NetworkInterfaceInfo(String token, boolean enabled, Optional<String> name,
        Optional<String> macAddress, boolean ipv4Enabled, boolean ipv4Dhcp, List<String> ipv4Addresses) {
    public NetworkInterfaceInfo {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(macAddress, "macAddress");
        ipv4Addresses = List.copyOf(ipv4Addresses);
    }
}
