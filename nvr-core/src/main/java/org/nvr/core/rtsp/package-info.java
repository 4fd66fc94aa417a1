/**
 * RTSP 1.0 (RFC 2326) wire pieces shared by the RTSP client and server: interleaved {@code $} frames and their
 * framing decoder, SDP (RFC 8866), URLs and control-URL resolution, the Transport and Session headers, and
 * Basic/Digest authentication (RFC 2617, RFC 7616).
 *
 * <p>Everything here parses text or bytes from outside, so every parser is bounded and throws
 * {@link org.nvr.core.model.MalformedInputException} naming what was wrong and where, never echoing credentials.
 */
package org.nvr.core.rtsp;
