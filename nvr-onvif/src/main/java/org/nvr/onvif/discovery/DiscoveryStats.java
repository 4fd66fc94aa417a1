package org.nvr.onvif.discovery;

/**
 * Counters of one discovery run: what arrived and what was thrown away, so that an admin can tell "no camera
 * answered" from "cameras answered with something we could not read".
 *
 * @param datagrams datagrams received
 * @param matched datagrams with ProbeMatches for our Probe
 * @param unrelated well-formed datagrams that were not ProbeMatches for our Probe
 * @param malformed datagrams that were not acceptable XML or not a SOAP envelope
 * @param skippedMatches ProbeMatch elements dropped (no endpoint reference, over the per-datagram bound)
 * @param duplicates matches merged into a device already seen
 * @param overflow distinct devices dropped because {@link DiscoveryOptions#maxDevices()} was reached
 */
public record DiscoveryStats(long datagrams, long matched, long unrelated, long malformed, long skippedMatches,
        long duplicates, long overflow) {
}
