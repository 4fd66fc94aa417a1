package org.nvr.bench.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.h264.H264Packetizer;

/**
 * A clip cut into RTP payloads once, at start, so that the simulator never packetizes (or copies) a picture per
 * session: every session sends slices of the same read-only direct buffer and writes only its own 12-byte RTP
 * headers (and 4-byte interleaved prefixes) in front of them.
 *
 * <p>The payloads are those of the project's {@link H264Packetizer} (RFC 6184 packetization-mode 1: a NAL unit
 * that fits goes as a single NAL unit packet, §5.6, a larger one as FU-A fragments, §5.8), so the simulator sends
 * the same bytes as the demo camera and the NVR's re-stream server. Per packet it keeps the offset and length of
 * the payload in the shared buffer and the marker bit (§5.1: set on the last packet of an access unit); per
 * picture its first packet, packet count, keyframe flag and 90 kHz timestamp.
 *
 * <p>Pictures are numbered from 0 across loops: picture {@code n} is the clip's {@code n mod pictureCount()} and
 * has RTP time {@code n * 90000 / fps} (plus the session's random offset), so timestamps run on continuously
 * when the clip loops.
 *
 * <p>Thread-safe after construction: the buffer is read-only and the arrays are never written. {@link #close()}
 * releases the buffer; slices still being written keep it alive until they are released.
 */
public final class PacketizedClip implements AutoCloseable {

    /** RFC 6184 §8.2.1: H.264 uses a 90 kHz RTP clock. */
    public static final long CLOCK_RATE_HZ = 90_000;
    /** Largest RTP payload: 1400 bytes keeps an RTP/UDP/IP packet under a 1500-byte Ethernet MTU. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1400;

    private final ByteBuf payloads;
    private final int[] packetOffset;
    private final int[] packetLength;
    private final boolean[] packetMarker;
    /** First packet of each picture; one more entry than pictures, so that picture p has {@code [p], [p+1])}. */
    private final int[] pictureFirstPacket;
    private final boolean[] pictureKeyframe;
    private final int fps;
    private final byte[] sps;
    private final byte[] pps;
    private final String profileLevelId;
    private final int maxPacketsPerPicture;
    private final long bitsPerSecond;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PacketizedClip(ByteBuf payloads, int[] packetOffset, int[] packetLength, boolean[] packetMarker,
                           int[] pictureFirstPacket, boolean[] pictureKeyframe, DemoClip clip) {
        this.payloads = payloads;
        this.packetOffset = packetOffset;
        this.packetLength = packetLength;
        this.packetMarker = packetMarker;
        this.pictureFirstPacket = pictureFirstPacket;
        this.pictureKeyframe = pictureKeyframe;
        this.fps = clip.fps();
        this.sps = clip.sps();
        this.pps = clip.pps();
        this.profileLevelId = clip.profileLevelId();
        this.bitsPerSecond = clip.bitsPerSecond();
        int max = 0;
        for (int p = 0; p < pictureKeyframe.length; p++) {
            max = Math.max(max, pictureFirstPacket[p + 1] - pictureFirstPacket[p]);
        }
        this.maxPacketsPerPicture = max;
    }

    /**
     * Packetizes every picture of {@code clip}.
     *
     * @param maxPayloadBytes largest RTP payload, as {@link H264Packetizer} takes it (1400 for a 1500-byte MTU)
     */
    public static PacketizedClip of(DemoClip clip, int maxPayloadBytes) {
        // Payload type, SSRC and sequence number of these throw-away headers do not matter: each session writes
        // its own. Only the payload after the 12-byte header and the marker bit are kept.
        H264Packetizer packetizer = new H264Packetizer(SimSdp.PAYLOAD_TYPE, 0, 0, maxPayloadBytes);
        ByteBufAllocator heap = UnpooledByteBufAllocator.DEFAULT;
        List<int[]> packets = new ArrayList<>();
        List<Boolean> markers = new ArrayList<>();
        int pictures = clip.frameCount();
        int[] firstPacket = new int[pictures + 1];
        boolean[] keyframe = new boolean[pictures];
        ByteBuf staging = heap.heapBuffer(clip.maxFrameBytes() * 2);
        try {
            for (int p = 0; p < pictures; p++) {
                DemoClip.Frame frame = clip.frames().get(p);
                firstPacket[p] = packets.size();
                keyframe[p] = frame.keyframe();
                packetizer.packetize(frame.nalus(), 0, heap, packet -> {
                    try {
                        int length = packet.readableBytes() - H264Packetizer.RTP_HEADER_BYTES;
                        markers.add((packet.getByte(packet.readerIndex() + 1) & 0x80) != 0);
                        packets.add(new int[] {staging.writerIndex(), length});
                        staging.writeBytes(packet, packet.readerIndex() + H264Packetizer.RTP_HEADER_BYTES, length);
                    } finally {
                        packet.release();
                    }
                });
            }
            firstPacket[pictures] = packets.size();
            // One direct buffer, so that the kernel's writev and NIO's datagram send read it without a copy into
            // a temporary direct buffer; read-only, so that no session can write into what all of them share.
            ByteBuf shared = Unpooled.directBuffer(staging.readableBytes(), staging.readableBytes());
            shared.writeBytes(staging);
            int[] offset = new int[packets.size()];
            int[] length = new int[packets.size()];
            boolean[] marker = new boolean[packets.size()];
            for (int i = 0; i < offset.length; i++) {
                offset[i] = packets.get(i)[0];
                length[i] = packets.get(i)[1];
                marker[i] = markers.get(i);
            }
            return new PacketizedClip(shared.asReadOnly(), offset, length, marker, firstPacket, keyframe, clip);
        } finally {
            staging.release();
        }
    }

    /** Pictures in one loop of the clip. */
    public int pictureCount() {
        return pictureKeyframe.length;
    }

    /** RTP packets in one loop of the clip. */
    public int packetCount() {
        return packetOffset.length;
    }

    /** Frames per second. */
    public int fps() {
        return fps;
    }

    /** The clip's picture that picture number {@code n} (counted from 0 across loops) shows. */
    public int pictureOf(long n) {
        return (int) Math.floorMod(n, (long) pictureCount());
    }

    /** RTP time of picture number {@code n} (across loops), 90 kHz, before a session's random offset. */
    public long timestamp90k(long n) {
        return n * CLOCK_RATE_HZ / fps;
    }

    /** Whether clip picture {@code picture} is an IDR picture (a client can start decoding there). */
    public boolean keyframe(int picture) {
        return pictureKeyframe[picture];
    }

    /** Index of the first RTP packet of clip picture {@code picture}. */
    public int firstPacket(int picture) {
        return pictureFirstPacket[picture];
    }

    /** Number of RTP packets of clip picture {@code picture}. */
    public int packetsOf(int picture) {
        return pictureFirstPacket[picture + 1] - pictureFirstPacket[picture];
    }

    /** The most packets any picture has: a bound for per-picture header buffers. */
    public int maxPacketsPerPicture() {
        return maxPacketsPerPicture;
    }

    /** Offset of packet {@code packet}'s payload in {@link #payloads()}. */
    public int payloadOffset(int packet) {
        return packetOffset[packet];
    }

    /** Length of packet {@code packet}'s payload, RTP header excluded. */
    public int payloadLength(int packet) {
        return packetLength[packet];
    }

    /** The marker bit of packet {@code packet}: set on the last packet of each picture (RFC 6184 §5.1). */
    public boolean marker(int packet) {
        return packetMarker[packet];
    }

    /** Every payload, back to back; read-only and shared (do not release it: {@link #close()} does). */
    public ByteBuf payloads() {
        return payloads;
    }

    /** A slice of packet {@code packet}'s payload holding its own reference: the writer releases it. */
    public ByteBuf retainedPayload(int packet) {
        return payloads.retainedSlice(packetOffset[packet], packetLength[packet]);
    }

    /** The sequence parameter set, for the SDP's {@code sprop-parameter-sets} (RFC 6184 §8.1). */
    public byte[] sps() {
        return sps.clone();
    }

    /** The picture parameter set, for {@code sprop-parameter-sets}. */
    public byte[] pps() {
        return pps.clone();
    }

    /** RFC 6184 §8.1 {@code profile-level-id}, six hex digits from the SPS. */
    public String profileLevelId() {
        return profileLevelId;
    }

    /** Average bit rate of the video at its frame rate (payloads without packet headers). */
    public long bitsPerSecond() {
        return bitsPerSecond;
    }

    /** Releases this clip's reference to the shared buffer (once; later calls do nothing). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            payloads.release();
        }
    }

    @Override
    public String toString() {
        return "PacketizedClip[" + pictureCount() + " pictures at " + fps + " fps, " + packetCount()
                + " RTP packets, " + payloads.capacity() + " payload bytes, profile-level-id=" + profileLevelId
                + ", " + bitsPerSecond / 1000 + " kbit/s]";
    }
}
