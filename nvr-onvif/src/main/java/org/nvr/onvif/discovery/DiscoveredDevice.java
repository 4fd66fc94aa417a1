package org.nvr.onvif.discovery;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One ONVIF device that answered a Probe (WS-Discovery 2005/04 §5.3, ONVIF Core §7.3).
 *
 * @param endpointReference the device's stable identity, {@code wsa:EndpointReference/wsa:Address}; usually
 *     {@code urn:uuid:...}, stable and the same on every network interface (ONVIF Core §7.3.1), so devices are
 *     de-duplicated by it
 * @param xAddrs where the device service answers ({@code d:XAddrs}), already fixed for hosts like
 *     {@code 0.0.0.0}; may be empty when a device only announces its identity
 * @param types the device types in Clark notation {@code {namespace}localName}, prefixes resolved against the
 *     element's namespace declarations; a prefix that resolves to nothing leaves the bare local name
 * @param scopes the scope URIs as sent (ONVIF Core §7.3.2.2 uses {@code onvif://www.onvif.org/<kind>/<value>})
 * @param responder the address the ProbeMatches datagram came from
 * @param seen when the (last) ProbeMatch for this device was received
 */
public record DiscoveredDevice(String endpointReference, List<URI> xAddrs, List<String> types, List<String> scopes,
        InetAddress responder, Instant seen) {
    private static final String ONVIF_SCOPE = "onvif://www.onvif.org/";

    public DiscoveredDevice {
        Objects.requireNonNull(endpointReference, "endpointReference");
        if (endpointReference.isBlank()) {
            throw new IllegalArgumentException("endpointReference is blank");
        }
        xAddrs = List.copyOf(xAddrs);
        types = List.copyOf(types);
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(responder, "responder");
        Objects.requireNonNull(seen, "seen");
    }

    /** The display name from the first {@code onvif://www.onvif.org/name/...} scope, percent-decoded. */
    public Optional<String> name() {
        return scopeValue("name/");
    }

    /** The model from the first {@code onvif://www.onvif.org/hardware/...} scope, percent-decoded. */
    public Optional<String> hardware() {
        return scopeValue("hardware/");
    }

    /**
     * The location from the first {@code onvif://www.onvif.org/location/...} scope, percent-decoded; vendors put
     * one or more path segments there ({@code location/city/Berlin}, {@code location/Gate%203}).
     */
    public Optional<String> location() {
        return scopeValue("location/");
    }

    /** Whether the device declared the ONVIF {@code NetworkVideoTransmitter} type (every ONVIF camera does). */
    public boolean isNetworkVideoTransmitter() {
        return types.contains(DiscoveryNamespaces.NETWORK_VIDEO_TRANSMITTER);
    }

    private Optional<String> scopeValue(String kind) {
        String prefix = ONVIF_SCOPE + kind;
        for (String scope : scopes) {
            // Scope URIs compare case-insensitively in scheme and authority (RFC 3986 §6.2.2.1); vendors differ
            // in the case of the kind segment too ("Name/", "name/").
            if (scope.length() > prefix.length() && scope.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return Optional.of(PercentDecoding.decode(scope.substring(prefix.length())));
            }
        }
        return Optional.empty();
    }
}
