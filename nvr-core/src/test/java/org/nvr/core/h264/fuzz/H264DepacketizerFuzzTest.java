package org.nvr.core.h264.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.nvr.core.h264.DepacketizedFrame;
import org.nvr.core.h264.H264Depacketizer;
import org.nvr.core.rtp.RtpPacket;

/**
 * {@link H264Depacketizer} fed an arbitrary sequence of RTP payloads (single NAL unit, STAP-A, FU-A, anything),
 * with markers, timestamp changes, loss, duplicates and resets chosen by the input. Contract: it never throws;
 * every access unit it emits holds 1..{@value #MAX_NAL_UNITS} well-formed NAL units (forbidden bit clear, type
 * 1..23) of at most {@value #MAX_ACCESS_UNIT_BYTES} bytes in all, at a timestamp that was pushed, and is a
 * keyframe exactly when it holds an IDR slice; at most one unit per packet; the packet buffers it holds stay
 * within {@value #MAX_RETAINED_FRAGMENTS} packets, and after {@link H264Depacketizer#close()} none is left.
 *
 * <p>Input: records of {@code ctrl(1) length(2, big-endian) payload(length)}; the last record takes what is left.
 * {@code ctrl} bits: 0x01 marker, 0x02 the timestamp advances 3600 ticks (one frame at 25 fps), 0x04 packets
 * are lost before this one ({@code 1 + (ctrl >> 5)} of them), 0x08 repeat the previous sequence number, 0x10
 * {@link H264Depacketizer#reset()} first. Sequence numbers start at 65530 so that they wrap.
 *
 * <p>Seeds in {@code H264DepacketizerFuzzTestInputs/}: the payloads a GStreamer RTSP server sent (SPS, PPS, FU-A
 * IDR and P slices), and ffmpeg's STAP-A and FU-A packets of {@code H264DepacketizerRealPacketsTest}, in this
 * framing.
 */
class H264DepacketizerFuzzTest {
    // Small limits, so that the fuzzer reaches them: a 16 KiB access unit, 16 NAL units, 8 held packets.
    private static final int MAX_ACCESS_UNIT_BYTES = 16 * 1024;
    private static final int MAX_NAL_UNITS = 16;
    private static final int MAX_RETAINED_FRAGMENTS = 8;
    private static final int FIRST_SEQUENCE = 65530;
    private static final long FIRST_TIMESTAMP = 0xffff_f000L;

    @FuzzTest(maxDuration = "30s")
    void payloads(byte[] input) {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        H264Depacketizer depacketizer = new H264Depacketizer(MAX_ACCESS_UNIT_BYTES, MAX_NAL_UNITS,
                MAX_RETAINED_FRAGMENTS);
        int sequence = FIRST_SEQUENCE - 1;
        long timestamp = FIRST_TIMESTAMP;
        long minTimestamp = timestamp;
        long packets = 0;
        int at = 0;
        while (at < input.length) {
            int ctrl = input[at++] & 0xff;
            int length = at + 2 <= input.length ? ((input[at] & 0xff) << 8) | (input[at + 1] & 0xff) : 0;
            at = Math.min(input.length, at + 2);
            length = Math.min(length, input.length - at);
            if ((ctrl & 0x10) != 0) {
                depacketizer.reset();
            }
            if ((ctrl & 0x02) != 0) {
                timestamp = (timestamp + 3600) & 0xffff_ffffL;
            }
            if ((ctrl & 0x08) == 0) {
                sequence += 1 + ((ctrl & 0x04) != 0 ? 1 + (ctrl >> 5) : 0);
            }
            ByteBuf buffer = alloc.heapBuffer(RtpPacket.HEADER_BYTES + length);
            buffer.writeZero(RtpPacket.HEADER_BYTES).writeBytes(input, at, length);
            at += length;
            RtpPacket packet = new RtpPacket(96, sequence & 0xffff, timestamp, 0x1234_5678L, (ctrl & 0x01) != 0,
                    buffer.slice(RtpPacket.HEADER_BYTES, length));
            DepacketizedFrame frame;
            try {
                frame = depacketizer.push(packet);
            } finally {
                buffer.release();
            }
            packets++;
            if (frame != null) {
                checkFrame(frame, minTimestamp, timestamp);
            }
            // Held FU-A fragments pin their packets' buffers, at most MAX_RETAINED_FRAGMENTS of them.
            assertThat(alloc.metric().usedHeapMemory())
                    .isLessThanOrEqualTo((long) MAX_RETAINED_FRAGMENTS * (RtpPacket.HEADER_BYTES + 0xffff));
        }
        assertThat(depacketizer.completedFrames()).isLessThanOrEqualTo(packets);
        depacketizer.close();
        assertThat(alloc.metric().usedHeapMemory()).as("packet buffers still held after close").isZero();
    }

    private static void checkFrame(DepacketizedFrame frame, long minTimestamp, long maxTimestamp) {
        assertThat(frame.nalus()).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_NAL_UNITS);
        assertThat(frame.payloadBytes()).isLessThanOrEqualTo(MAX_ACCESS_UNIT_BYTES);
        boolean idr = false;
        for (byte[] nalu : frame.nalus()) {
            assertThat(nalu).isNotEmpty();
            assertThat(nalu[0] & 0x80).as("forbidden_zero_bit").isZero();
            int type = nalu[0] & 0x1f;
            assertThat(type).as("NAL unit type").isBetween(1, 23);
            idr |= type == 5;
        }
        assertThat(frame.keyframe()).isEqualTo(idr);
        // The timestamps pushed run from FIRST_TIMESTAMP forwards, wrapping at 2^32.
        long span = (maxTimestamp - minTimestamp) & 0xffff_ffffL;
        assertThat((frame.rtpTimestamp() - minTimestamp) & 0xffff_ffffL).isLessThanOrEqualTo(span);
    }
}
