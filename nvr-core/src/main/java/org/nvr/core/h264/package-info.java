/**
 * H.264 over the wire and on disk, as pure functions and small state machines over bytes: NAL unit types
 * (ITU-T H.264 Table 7-1), Annex B byte streams, the RFC 6184 depacketizer, SPS parsing and parameter-set
 * tracking. Nothing here decodes video; {@code ByteBuf}s end here and access units leave as {@code byte[]}.
 */
package org.nvr.core.h264;
