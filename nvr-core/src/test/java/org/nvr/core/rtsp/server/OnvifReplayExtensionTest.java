package org.nvr.core.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.h264.H264Packetizer;

/** The ONVIF replay header extension on packets from {@link H264Packetizer} (ONVIF Streaming Spec §6.3). */
class OnvifReplayExtensionTest {

    @Test
    void everyPacketOfTheUnitCarriesTheExtension() {
        H264Packetizer packetizer = new H264Packetizer(96, 0x11223344L, 0x0100, 200);
        // 2026-11-24T10:15:00Z = Unix 1_795_515_300 s + 2_208_988_800 (1900 to 1970) = NTP 0xEEAFE224; 0.5 s = 0x80000000.
        Instant wall = Instant.parse("2026-11-24T10:15:00.500Z");
        H264Packetizer.HeaderExtension extension = OnvifReplayExtension.of(wall, true, false, true, 0x1234);
        byte[] idr = new byte[300]; // one IDR NAL unit, FU-A in two fragments of at most 198 bytes
        idr[0] = 0x65;
        List<ByteBuf> packets = new ArrayList<>();
        packetizer.packetize(List.of(idr), 0xAABBCCDDL, UnpooledByteBufAllocator.DEFAULT, packets::add, extension);
        try {
            assertThat(packets).hasSize(2);
            assertThat(HexFormat.of().formatHex(ByteBufUtil.getBytes(packets.get(0), 0, 30))).isEqualTo(
                    "90" + "60" + "0100"          // V=2, X=1; M=0, PT=96; sequence 0x0100
                    + "aabbccdd" + "11223344"     // timestamp, SSRC
                    + "abac" + "0003"             // profile 0xABAC, 3 words follow
                    + "eeafe224" + "80000000"     // NTP time of the frame
                    + "a0" + "34" + "0000"        // C=1, E=0, D=1; CSeq low byte 0x34; padding
                    + "7c" + "85");               // FU indicator (NRI 3, type 28), FU header (S, type 5)
            assertThat(packets.get(0).readableBytes()).isEqualTo(12 + 16 + 200);
            assertThat(packets.get(1).getByte(1) & 0x80).as("marker on the last packet").isEqualTo(0x80);
            assertThat(packets.get(1).getShort(12) & 0xffff).isEqualTo(0xABAC);
        } finally {
            packets.forEach(ByteBuf::release);
        }
        ByteBuf interleaved = packetizer.packetizeInterleaved(List.of(idr), 1, 0, UnpooledByteBufAllocator.DEFAULT,
                extension);
        try {
            // Two frames: 4-byte $ header + 12 + 16 + 2 + data each; the data is the 299 bytes after the NAL header.
            assertThat(interleaved.readableBytes()).isEqualTo(2 * (4 + 12 + 16 + 2) + 299);
            assertThat(interleaved.getShort(2) & 0xffff).isEqualTo(12 + 16 + 200);
        } finally {
            interleaved.release();
        }
    }
}
