package org.nvr.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.h264.DepacketizedFrame;
import org.nvr.core.h264.H264Depacketizer;
import org.nvr.core.rtp.RtpPacket;

class PacketizedClipTest {

    @Test
    void packetsRebuildEveryPictureOfTheClipByteForByte() {
        DemoClip source = SimTestClips.oneSecond();
        try (PacketizedClip clip = PacketizedClip.of(source, PacketizedClip.DEFAULT_MAX_PAYLOAD_BYTES);
             H264Depacketizer depacketizer = new H264Depacketizer()) {
            assertThat(clip.pictureCount()).isEqualTo(source.frameCount()).isEqualTo(SimTestClips.PICTURES);
            int sequence = 0;
            for (int picture = 0; picture < clip.pictureCount(); picture++) {
                assertThat(clip.keyframe(picture)).isEqualTo(source.frames().get(picture).keyframe());
                DepacketizedFrame rebuilt = null;
                int first = clip.firstPacket(picture);
                for (int packet = first; packet < first + clip.packetsOf(picture); packet++) {
                    // RFC 6184 §5.1: the marker is on the last packet of the picture and only there.
                    assertThat(clip.marker(packet)).isEqualTo(packet == first + clip.packetsOf(picture) - 1);
                    assertThat(clip.payloadLength(packet)).isBetween(1, PacketizedClip.DEFAULT_MAX_PAYLOAD_BYTES);
                    ByteBuf wire = Unpooled.buffer();
                    try {
                        RtpHeaders.writeRtp(wire, clip.marker(packet), sequence++, clip.timestamp90k(picture), 1);
                        wire.writeBytes(clip.payloads(), clip.payloadOffset(packet), clip.payloadLength(packet));
                        DepacketizedFrame frame = depacketizer.push(RtpPacket.parse(wire));
                        if (frame != null) {
                            rebuilt = frame;
                        }
                    } finally {
                        wire.release();
                    }
                }
                assertThat(rebuilt).as("picture %d", picture).isNotNull();
                assertThat(rebuilt.rtpTimestamp()).isEqualTo(picture * SimTestClips.TICKS_PER_PICTURE);
                assertThat(rebuilt.nalus()).as("picture %d", picture)
                        .containsExactlyElementsOf(source.frames().get(picture).nalus());
            }
            assertThat(depacketizer.lostPackets()).isZero();
            assertThat(clip.packetCount()).isEqualTo(sequence);
        }
    }

    @Test
    void largeNalUnitsAreFragmentedAndPayloadsLieBackToBack() {
        try (PacketizedClip clip = PacketizedClip.of(SimTestClips.oneSecond(), 1400)) {
            // The 640x360 keyframe is 14 kB: FU-A fragments (RFC 6184 §5.8, type 28) it is.
            assertThat(clip.packetsOf(0)).isGreaterThan(3);
            assertThat(clip.maxPacketsPerPicture()).isEqualTo(maxPacketsOfAnyPicture(clip));
            List<Integer> fuA = new ArrayList<>();
            int expectedOffset = 0;
            for (int packet = 0; packet < clip.packetCount(); packet++) {
                assertThat(clip.payloadOffset(packet)).isEqualTo(expectedOffset);
                expectedOffset += clip.payloadLength(packet);
                if ((clip.payloads().getByte(clip.payloadOffset(packet)) & 0x1f) == 28) {
                    fuA.add(packet);
                }
            }
            assertThat(expectedOffset).isEqualTo(clip.payloads().readableBytes());
            assertThat(fuA).isNotEmpty();
        }
    }

    @Test
    void timestampsRunOnAcrossTheLoop() {
        try (PacketizedClip clip = PacketizedClip.of(SimTestClips.oneSecond(), 1400)) {
            int pictures = clip.pictureCount();
            assertThat(clip.pictureOf(pictures - 1)).isEqualTo(pictures - 1);
            assertThat(clip.pictureOf(pictures)).isZero();
            assertThat(clip.pictureOf(3L * pictures + 7)).isEqualTo(7);
            // Picture n has RTP time n * 3600 at 25 fps, loop or no loop.
            for (long n = pictures - 3; n < pictures + 3; n++) {
                assertThat(clip.timestamp90k(n + 1) - clip.timestamp90k(n)).isEqualTo(3600);
            }
            assertThat(clip.timestamp90k(10L * pictures)).isEqualTo(10L * pictures * 3600);
        }
    }

    @Test
    void payloadSlicesShareTheOneReadOnlyBufferAndHoldReferences() {
        PacketizedClip clip = PacketizedClip.of(SimTestClips.oneSecond(), 1400);
        ByteBuf payloads = clip.payloads();
        assertThat(payloads.isReadOnly()).isTrue();
        assertThat(payloads.isDirect()).isTrue();
        ByteBuf slice = clip.retainedPayload(5);
        try {
            assertThat(payloads.refCnt()).isEqualTo(2);
            assertThat(slice.readableBytes()).isEqualTo(clip.payloadLength(5));
            assertThat(slice.getByte(0)).isEqualTo(payloads.getByte(clip.payloadOffset(5)));
            // Same memory, not a copy: the slice's address is the buffer's plus the offset.
            assertThat(slice.memoryAddress() - payloads.memoryAddress()).isEqualTo(clip.payloadOffset(5));
            clip.close();
            clip.close(); // a second close releases nothing more
            assertThat(payloads.refCnt()).isEqualTo(1);
        } finally {
            slice.release();
        }
        assertThat(payloads.refCnt()).isZero();
    }

    private static int maxPacketsOfAnyPicture(PacketizedClip clip) {
        int max = 0;
        for (int picture = 0; picture < clip.pictureCount(); picture++) {
            max = Math.max(max, clip.packetsOf(picture));
        }
        return max;
    }
}
