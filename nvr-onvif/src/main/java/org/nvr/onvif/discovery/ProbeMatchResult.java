package org.nvr.onvif.discovery;

import java.util.List;
import java.util.Objects;

/**
 * What one received datagram turned out to be.
 *
 * @param status whether it answered our Probe, answered another one, or could not be read
 * @param devices the ProbeMatches it carried (empty unless {@link Status#MATCHES})
 * @param skippedMatches ProbeMatch elements dropped inside an otherwise good datagram (no endpoint reference,
 *     over the per-datagram bound)
 * @param reason why it was not {@link Status#MATCHES}, for the debug log; never the datagram's content
 */
public record ProbeMatchResult(Status status, List<DiscoveredDevice> devices, int skippedMatches, String reason) {
    /** Classification of a datagram. */
    public enum Status {
        /** ProbeMatches relating to our Probe. */
        MATCHES,
        /** Well-formed, but not ProbeMatches relating to our Probe (another client's, a Hello, a Resolve...). */
        UNRELATED,
        /** Not XML, refused XML (DTD, too large, too deep), or not a SOAP envelope. */
        MALFORMED
    }

    public ProbeMatchResult {
        Objects.requireNonNull(status, "status");
        devices = List.copyOf(devices);
        if (skippedMatches < 0) {
            throw new IllegalArgumentException("skippedMatches < 0: " + skippedMatches);
        }
        Objects.requireNonNull(reason, "reason");
    }

    static ProbeMatchResult matches(List<DiscoveredDevice> devices, int skipped) {
        return new ProbeMatchResult(Status.MATCHES, devices, skipped, "");
    }

    static ProbeMatchResult unrelated(String reason) {
        return new ProbeMatchResult(Status.UNRELATED, List.of(), 0, reason);
    }

    static ProbeMatchResult malformed(String reason) {
        return new ProbeMatchResult(Status.MALFORMED, List.of(), 0, reason);
    }
}
