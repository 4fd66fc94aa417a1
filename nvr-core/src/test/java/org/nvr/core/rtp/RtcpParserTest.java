package org.nvr.core.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;

/**
 * Test vectors are built by hand following the packet layouts of RFC 3550 §6.4.1 (SR), §6.4.2 (RR),
 * §6.5 (SDES) and §6.7 (APP), in the order a camera's RTP stack sends them (SR then SDES CNAME).
 */
class RtcpParserTest {
    /** SR with no report blocks, then SDES with a CNAME. */
    private static final String SR_SDES = ""
            + "80c80006"   // V=2 P=0 RC=0, PT=200 (SR), length=6 words-1 (28 bytes)
            + "1234abcd"   // SSRC of sender
            + "e93c7f00"   // NTP timestamp, most significant word: 2024-01-01T00:00:00Z
            + "80000000"   // NTP timestamp, least significant word: 0.5 s
            + "00015f90"   // RTP timestamp 90000
            + "00000064"   // sender's packet count 100
            + "000186a0"   // sender's octet count 100000
            + "81ca0003"   // V=2 P=0 SC=1, PT=202 (SDES), length=3 (16 bytes)
            + "1234abcd"   // SSRC/CSRC_1
            + "0105"       // item CNAME, length 5
            + "63616d3031" // "cam01"
            + "00";        // end of items, pads the chunk to 32 bits

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    }

    private static Optional<SenderReport> parse(String hex) {
        ByteBuf buf = hex(hex);
        try {
            return RtcpParser.findSenderReport(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void findsTheSenderReportOfACompoundPacket() {
        ByteBuf buf = hex(SR_SDES);
        try {
            int readerIndex = buf.readerIndex();
            SenderReport sr = RtcpParser.findSenderReport(buf).orElseThrow();
            assertThat(sr).isEqualTo(new SenderReport(0x1234ABCDL, 0xE93C7F00_80000000L, 90_000, 100, 100_000));
            assertThat(buf.readerIndex()).isEqualTo(readerIndex);
        } finally {
            buf.release();
        }
    }

    @Test
    void readsFromTheReaderIndexNotTheStartOfTheBuffer() {
        ByteBuf buf = hex("ffff" + SR_SDES);
        try {
            buf.readerIndex(2);
            assertThat(RtcpParser.findSenderReport(buf)).isPresent();
            assertThat(buf.readerIndex()).isEqualTo(2);
        } finally {
            buf.release();
        }
    }

    @Test
    void senderReportWithReportBlocksAndUnsignedFields() {
        Optional<SenderReport> sr = parse(""
                + "81c8000c"   // V=2 P=0 RC=1, PT=200, length=12 (52 bytes)
                + "fedcba98"   // SSRC of sender (top bit set: must come out unsigned)
                + "0754fd00"   // NTP msw: era 1, 2040-01-01T00:00:00Z
                + "00000000"   // NTP lsw
                + "ffffffff"   // RTP timestamp 2^32-1
                + "ffffffff"   // packet count 2^32-1
                + "80000000"   // octet count 2^31
                + "11111111"   // report block: SSRC_1
                + "00000000"   // fraction lost 0, cumulative lost 0
                + "00010005"   // extended highest sequence number
                + "00000010"   // jitter
                + "00000000"   // LSR
                + "00000000"); // DLSR
        assertThat(sr).contains(new SenderReport(0xFEDCBA98L, 0x0754FD00_00000000L, 0xFFFFFFFFL, 0xFFFFFFFFL,
                0x80000000L));
    }

    @Test
    void skipsReceiverReportsAndUnknownTypesBeforeTheSenderReport() {
        Optional<SenderReport> sr = parse(""
                + "80c90001"   // RR, RC=0, length=1 (8 bytes)
                + "00000001"   // SSRC of packet sender
                + "80cc0002"   // PT=204 (APP), subtype 0, length=2 (12 bytes)
                + "00000001"   // SSRC
                + "6e767231"   // name "nvr1"
                + "80d00000"   // PT=208, not known here, length=0 (4 bytes)
                + SR_SDES);
        assertThat(sr.orElseThrow().ssrc()).isEqualTo(0x1234ABCDL);
    }

    @Test
    void compoundWithoutSenderReport() {
        assertThat(parse(""
                + "80c90001"   // RR, RC=0, length=1 (8 bytes)
                + "00000001"   // SSRC of packet sender
                + "81ca0003"   // SDES, SC=1, length=3 (16 bytes)
                + "00000001"   // SSRC
                + "0102"       // CNAME, length 2
                + "6162"       // "ab"
                + "00000000"   // end of items; the chunk already ended on 32 bits, so 4 null octets
        )).isEmpty();
    }

    @Test
    void rejectsAnEmptyBuffer() {
        assertThatThrownBy(() -> parse(""))
                .isInstanceOf(MalformedInputException.class).hasMessage("RTCP compound packet is empty");
    }

    @Test
    void rejectsAWrongVersion() {
        assertThatThrownBy(() -> parse("40c80006" + SR_SDES.substring(8)))  // V=1
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("RTCP packet 0 at byte 0: version 1, expected 2");
        assertThatThrownBy(() -> parse(SR_SDES.substring(0, 56) + "01ca0003" + SR_SDES.substring(64)))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("RTCP packet 1 at byte 28: version 0, expected 2");
    }

    @Test
    void rejectsALengthBeyondTheBuffer() {
        assertThatThrownBy(() -> parse(SR_SDES.substring(0, 56) + "81ca0004" + SR_SDES.substring(64)))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("RTCP packet 1 at byte 28: length field says 20 bytes, only 16 left");
    }

    @Test
    void rejectsTrailingBytesShorterThanAHeader() {
        assertThatThrownBy(() -> parse(SR_SDES + "8000"))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("RTCP packet 2 at byte 44: 2 trailing bytes, shorter than the 4-byte header");
    }

    @Test
    void rejectsASenderReportTooShortForItsSenderInfo() {
        assertThatThrownBy(() -> parse(""
                + "80c80005"   // SR, RC=0, length=5 (24 bytes): 4 short of the sender info
                + "1234abcd" + "e93c7f00" + "80000000" + "00015f90" + "00000064"))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("RTCP packet 0 at byte 0: sender report with 0 report blocks needs 28 bytes,"
                        + " length field says 24");
    }

    @Test
    void rejectsASenderReportTooShortForItsReportBlocks() {
        assertThatThrownBy(() -> parse(""
                + "81c80006"   // SR, RC=1 but length=6 (28 bytes): no room for the block
                + "1234abcd" + "e93c7f00" + "80000000" + "00015f90" + "00000064" + "000186a0"))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("sender report with 1 report blocks needs 52 bytes");
    }
}
