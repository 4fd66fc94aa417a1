package org.nvr.core.rtsp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.model.MalformedInputException;

/**
 * The parts of an SDP session description (RFC 8866) that an RTSP client or server uses: RFC 2326 Appendix C.
 *
 * @param sessionName the {@code s=} line, empty when absent (some cameras omit it)
 * @param control     the session-level {@code a=control} (aggregate control URL, often {@code *}), empty when
 *                    absent; resolve it with {@link RtspUrls#resolveControl}
 * @param range       the session-level {@code a=range}, e.g. {@code npt=now-} for live or {@code npt=0-}, empty
 *                    when absent
 * @param media       the media sections in order
 */
public record SessionDescription(String sessionName, String control, String range, List<MediaDescription> media) {

    public SessionDescription {
        Objects.requireNonNull(sessionName, "sessionName");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(range, "range");
        media = List.copyOf(media);
    }

    /**
     * Parses an SDP with the {@link SdpLimits#DEFAULT default bounds}.
     *
     * @throws MalformedInputException naming the line number if an {@code m=} or {@code a=rtpmap} line is
     *                                 malformed, a bound is exceeded, or there is no SDP line at all
     */
    public static SessionDescription parse(String sdp) {
        return parse(sdp, SdpLimits.DEFAULT);
    }

    /**
     * Parses an SDP leniently, as real cameras need: CRLF or LF line ends, surrounding whitespace, unknown and
     * out-of-order lines ignored, missing {@code s=} tolerated.
     *
     * @throws MalformedInputException naming the line number if an {@code m=} or {@code a=rtpmap} line is
     *                                 malformed, a bound is exceeded, or there is no SDP line at all
     */
    public static SessionDescription parse(String sdp, SdpLimits limits) {
        return new SdpParser(limits).parse(sdp);
    }

    /** The first media section of {@code type} (e.g. {@code video}) offering {@code encoding} (e.g. {@code H264}). */
    public Optional<MediaDescription> firstMedia(String type, String encoding) {
        for (MediaDescription m : media) {
            if (m.type().equalsIgnoreCase(type) && m.findEncoding(encoding).isPresent()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
