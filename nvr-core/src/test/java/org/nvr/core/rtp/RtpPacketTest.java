package org.nvr.core.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;

/** Vectors built by hand following RFC 3550 §5.1 (fixed header), §5.3.1 (extension) and §5.1 (padding). */
class RtpPacketTest {

    private static RtpPacket parseAndCheck(String hex, String expectedPayloadHex) {
        ByteBuf buf = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
        try {
            RtpPacket packet = RtpPacket.parse(buf);
            assertThat(ByteBufUtil.hexDump(packet.payload())).isEqualTo(expectedPayloadHex);
            assertThat(buf.readerIndex()).isZero();
            return packet;
        } finally {
            buf.release();
        }
    }

    private static void assertMalformed(String hex, String message) {
        ByteBuf buf = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
        try {
            assertThatThrownBy(() -> RtpPacket.parse(buf))
                    .isInstanceOf(MalformedInputException.class).hasMessage(message);
        } finally {
            buf.release();
        }
    }

    @Test
    void fixedHeaderFields() {
        RtpPacket packet = parseAndCheck(""
                + "80"         // V=2 P=0 X=0 CC=0
                + "e0"         // M=1, PT=96
                + "fffe"       // sequence number 65534
                + "fedcba98"   // timestamp (top bit set: read unsigned)
                + "87654321"   // SSRC (top bit set)
                + "65b80004",  // payload: an FU-A-looking start of an IDR (RFC 6184 §5.8)
                "65b80004");
        assertThat(packet.payloadType()).isEqualTo(96);
        assertThat(packet.marker()).isTrue();
        assertThat(packet.sequenceNumber()).isEqualTo(65534);
        assertThat(packet.timestamp()).isEqualTo(0xFEDCBA98L);
        assertThat(packet.ssrc()).isEqualTo(0x87654321L);
    }

    @Test
    void csrcsExtensionAndPaddingAreSkipped() {
        RtpPacket packet = parseAndCheck(""
                + "b2"         // V=2 P=1 X=1 CC=2
                + "60"         // M=0, PT=96
                + "0001"       // sequence number 1
                + "00000000"   // timestamp
                + "00000001"   // SSRC
                + "11111111"   // CSRC 1
                + "22222222"   // CSRC 2
                + "bede0001"   // extension: profile 0xBEDE (RFC 8285 one-byte), length 1 word
                + "10ff0000"   // the extension word
                + "4142"       // payload "AB"
                + "000003",    // padding: 3 octets, the last one counting them
                "4142");
        assertThat(packet.sequenceNumber()).isEqualTo(1);
        assertThat(packet.marker()).isFalse();
    }

    @Test
    void emptyPayloadIsAllowed() {
        parseAndCheck("8060000100000000" + "00000001", "");
    }

    @Test
    void rejectsShortPackets() {
        assertMalformed("8060000100000000000000", "RTP packet of 11 bytes is shorter than the 12-byte header");
    }

    @Test
    void rejectsOtherVersions() {
        assertMalformed("40600001" + "00000000" + "00000001", "RTP version 1, expected 2");
    }

    @Test
    void rejectsTruncatedExtension() {
        assertMalformed("90600001" + "00000000" + "00000001" + "bede", "RTP header extension truncated");
        assertMalformed("90600001" + "00000000" + "00000001" + "bede0002" + "00000000",
                "RTP header of 24 bytes and padding exceed packet of 20 bytes");
    }

    @Test
    void rejectsCsrcsBeyondThePacket() {
        assertMalformed("8f600001" + "00000000" + "00000001" + "11111111",
                "RTP header of 72 bytes and padding exceed packet of 16 bytes");
    }

    @Test
    void rejectsBadPadding() {
        assertMalformed("a0600001" + "00000000" + "00000001" + "414200", "RTP padding length 0");
        assertMalformed("a0600001" + "00000000" + "00000001" + "414205",
                "RTP header of 12 bytes and padding exceed packet of 15 bytes");
    }
}
