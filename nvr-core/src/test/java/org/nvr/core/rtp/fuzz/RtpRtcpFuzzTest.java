package org.nvr.core.rtp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Optional;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.rtp.RtcpParser;
import org.nvr.core.rtp.RtpPacket;
import org.nvr.core.rtp.SenderReport;

/**
 * {@link RtpPacket#parse} and {@link RtcpParser#findSenderReport} (what the client does with each packet of the
 * RTP and RTCP channels) fed one arbitrary packet, placed at a non-zero reader index inside a larger buffer as
 * the interleaved decoder's slices are. Contract: {@link MalformedInputException} is the only failure, the reader
 * index never moves, an RTP payload lies inside the packet after the 12-byte header, and header fields are in
 * their ranges.
 *
 * <p>Seeds in {@code RtpRtcpFuzzTestInputs/}: RTP packets (single NAL unit, FU-A, STAP-A) and RTCP Sender Reports
 * a GStreamer RTSP server sent over TCP, and packets of {@code RtpPacketTest} and {@code RtcpParserTest}.
 */
class RtpRtcpFuzzTest {
    private static final int OFFSET = 4;

    @FuzzTest(maxDuration = "30s")
    void packet(byte[] input) {
        ByteBuf whole = Unpooled.buffer(input.length + 2 * OFFSET);
        whole.writeZero(OFFSET).writeBytes(input).writeZero(OFFSET);
        ByteBuf packet = whole.slice(OFFSET, input.length);
        try {
            checkRtp(packet, input.length);
            checkRtcp(packet);
        } finally {
            whole.release();
        }
    }

    private static void checkRtp(ByteBuf packet, int length) {
        RtpPacket rtp;
        try {
            rtp = RtpPacket.parse(packet);
        } catch (MalformedInputException expected) {
            assertThat(packet.readerIndex()).isZero();
            return;
        }
        assertThat(packet.readerIndex()).isZero();
        assertThat(length).isGreaterThanOrEqualTo(RtpPacket.HEADER_BYTES);
        assertThat(rtp.payloadType()).isBetween(0, 127);
        assertThat(rtp.sequenceNumber()).isBetween(0, 0xffff);
        assertThat(rtp.timestamp()).isBetween(0L, 0xffff_ffffL);
        assertThat(rtp.ssrc()).isBetween(0L, 0xffff_ffffL);
        ByteBuf payload = rtp.payload();
        assertThat(payload.readableBytes()).isBetween(0, length - RtpPacket.HEADER_BYTES);
        // The payload is a view of the packet's own bytes, after the header: reading all of it must stay inside.
        byte[] copy = new byte[payload.readableBytes()];
        payload.getBytes(payload.readerIndex(), copy);
    }

    private static void checkRtcp(ByteBuf packet) {
        Optional<SenderReport> report;
        try {
            report = RtcpParser.findSenderReport(packet);
        } catch (MalformedInputException expected) {
            assertThat(packet.readerIndex()).isZero();
            return;
        }
        assertThat(packet.readerIndex()).isZero();
        report.ifPresent(sr -> {
            assertThat(sr.ssrc()).isBetween(0L, 0xffff_ffffL);
            assertThat(sr.rtpTimestamp()).isBetween(0L, 0xffff_ffffL);
        });
    }
}
