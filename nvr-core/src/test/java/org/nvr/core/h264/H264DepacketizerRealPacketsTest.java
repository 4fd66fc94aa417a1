package org.nvr.core.h264;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.rtp.RtpPacket;

/** The depacketizer fed RTP packets that ffmpeg wrote, and a whole Annex B sample packetized in the test. */
class H264DepacketizerRealPacketsTest {

    /**
     * {@code ffmpeg -re -i tinyaud.264 -c copy -pkt_size 40 -f rtp rtp://127.0.0.1:15004} (ffmpeg 5.1,
     * packetization-mode=1), captured on loopback; tinyaud.264 is {@link AnnexBSamples#WITH_AUD}.
     */
    private static final String[] FFMPEG_STAP_A = {
        // V=2 PT=96 | seq | timestamp | SSRC | payload
        "80 60 | 0a 82 | b7 b8 82 eb | 54 82 8b 70 | 09 10",                        // AUD
        "80 60 | 0a 83 | b7 b8 82 eb | 54 82 8b 70 | " + AnnexBSamples.SPS,         // SPS, single NAL unit
        "80 60 | 0a 84 | b7 b8 82 eb | 54 82 8b 70 | 18"                            // STAP-A
                + " 00 04 " + AnnexBSamples.PPS                                      //   PPS, 4 bytes
                + " 00 0d " + AnnexBSamples.IDR1_SLICE0,                             //   IDR slice, 13 bytes
        "80 e0 | 0a 85 | b7 b8 82 eb | 54 82 8b 70 | " + AnnexBSamples.IDR1_SLICE1, // M=1: end of picture 1
        "80 e0 | 0a 86 | b7 b8 90 fb | 54 82 8b 70 | 18"                            // M=1, ts + 3600, STAP-A
                + " 00 02 09 30"                                                     //   AUD
                + " 00 06 " + AnnexBSamples.P_SLICE0                                 //   P slice, first_mb 0
                + " 00 06 " + AnnexBSamples.P_SLICE1,                                //   P slice, first_mb 8
        "80 60 | 0a 87 | b7 b8 9f 0b | 54 82 8b 70 | 09 10",
        "80 60 | 0a 88 | b7 b8 9f 0b | 54 82 8b 70 | " + AnnexBSamples.SPS,
        "80 60 | 0a 89 | b7 b8 9f 0b | 54 82 8b 70 | 18"
                + " 00 04 " + AnnexBSamples.PPS
                + " 00 0f " + AnnexBSamples.IDR2_SLICE0,
        "80 e0 | 0a 8a | b7 b8 9f 0b | 54 82 8b 70 | " + AnnexBSamples.IDR2_SLICE1,
    };

    /** The first picture again with {@code -pkt_size 28}: ffmpeg cuts even the 22-byte SPS into FU-A. */
    private static final String[] FFMPEG_FU_A = {
        "80 60 | 0c 25 | a0 8a 2f 9c | 3a 66 69 35 | 09 10",
        "80 60 | 0c 26 | a0 8a 2f 9c | 3a 66 69 35 | 7c 87"                         // FU-A, S=1, type 7
                + " 42 c0 0a da 10 9b 01 10 00 00 03 00 10 00",
        "80 60 | 0c 27 | a0 8a 2f 9c | 3a 66 69 35 | 7c 47"                         // FU-A, E=1, type 7
                + " 00 03 03 20 f1 22 6a",
        "80 60 | 0c 28 | a0 8a 2f 9c | 3a 66 69 35 | " + AnnexBSamples.PPS,
        "80 60 | 0c 29 | a0 8a 2f 9c | 3a 66 69 35 | " + AnnexBSamples.IDR1_SLICE0,
        "80 e0 | 0c 2a | a0 8a 2f 9c | 3a 66 69 35 | " + AnnexBSamples.IDR1_SLICE1,
    };

    @Test
    void ffmpegStapAPacketsGiveTheSameAccessUnitsAsTheFile() {
        List<DepacketizedFrame> frames = pushAll(new H264Depacketizer(), FFMPEG_STAP_A);

        List<List<byte[]>> expected = readAll(Hex.bytes(AnnexBSamples.WITH_AUD));
        assertThat(frames).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(frames.get(i).nalus()).as("frame %d", i).extracting(Hex::of)
                    .containsExactlyElementsOf(hexes(expected.get(i)));
        }
        assertThat(frames).extracting(DepacketizedFrame::rtpTimestamp)
                .containsExactly(0xb7b882ebL, 0xb7b890fbL, 0xb7b89f0bL);
        assertThat(frames).extracting(DepacketizedFrame::keyframe).containsExactly(true, false, true);
    }

    @Test
    void ffmpegFuAOfAnSpsIsReassembled() {
        H264Depacketizer depacketizer = new H264Depacketizer();
        List<DepacketizedFrame> frames = pushAll(depacketizer, FFMPEG_FU_A);

        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).nalus()).extracting(Hex::of).containsExactly("0910",
                hex(AnnexBSamples.SPS), hex(AnnexBSamples.PPS), hex(AnnexBSamples.IDR1_SLICE0),
                hex(AnnexBSamples.IDR1_SLICE1));
        assertThat(depacketizer.malformedPackets()).isZero();
        assertThat(depacketizer.lostPackets()).isZero();
    }

    @Test
    void annexBAccessUnitsSurviveFragmentationIntoTinyPackets() {
        byte[] stream = Hex.bytes(AnnexBSamples.WITHOUT_AUD);
        List<List<byte[]>> units = readAll(stream);
        H264Depacketizer depacketizer = new H264Depacketizer();
        List<DepacketizedFrame> frames = new ArrayList<>();
        int seq = 65530;                                  // wraps during the stream
        long timestamp = 0xffff_f000L;                    // so does the timestamp
        for (List<byte[]> unit : units) {
            List<byte[]> payloads = new ArrayList<>();
            for (byte[] nalu : unit) {
                payloads.addAll(nalu.length > 8 ? H264DepacketizerTest.fuA(nalu, 5) : List.of(nalu));
            }
            for (int i = 0; i < payloads.size(); i++) {
                DepacketizedFrame frame = push(depacketizer, seq, timestamp, i == payloads.size() - 1,
                        payloads.get(i));
                seq = (seq + 1) & 0xffff;
                if (frame != null) {
                    frames.add(frame);
                }
            }
            timestamp = (timestamp + 3600) & 0xffff_ffffL;
        }

        assertThat(frames).hasSize(units.size());
        for (int i = 0; i < units.size(); i++) {
            assertThat(frames.get(i).nalus()).extracting(Hex::of).containsExactlyElementsOf(hexes(units.get(i)));
        }
        assertThat(frames.get(2).rtpTimestamp()).isEqualTo(0x0000_0c20L);
        assertThat(depacketizer.lostPackets()).isZero();
        assertThat(depacketizer.malformedPackets()).isZero();
    }

    private static List<List<byte[]>> readAll(byte[] stream) {
        AnnexBReader reader = new AnnexBReader(stream);
        List<List<byte[]>> units = new ArrayList<>();
        for (List<byte[]> unit = reader.next(); unit != null; unit = reader.next()) {
            units.add(unit);
        }
        return units;
    }

    private static List<DepacketizedFrame> pushAll(H264Depacketizer depacketizer, String[] packets) {
        List<DepacketizedFrame> frames = new ArrayList<>();
        for (String packet : packets) {
            ByteBuf buf = Unpooled.wrappedBuffer(Hex.bytes(packet));
            try {
                DepacketizedFrame frame = depacketizer.push(RtpPacket.parse(buf));
                if (frame != null) {
                    frames.add(frame);
                }
            } finally {
                buf.release();
            }
        }
        return frames;
    }

    private static DepacketizedFrame push(H264Depacketizer depacketizer, int seq, long timestamp, boolean marker,
                                          byte[] payload) {
        ByteBuf buf = Unpooled.buffer(RtpPacket.HEADER_BYTES + payload.length);
        try {
            buf.writeByte(0x80).writeByte((marker ? 0x80 : 0) | 96).writeShort(seq).writeInt((int) timestamp)
                    .writeInt(0x0badcafe).writeBytes(payload);
            return depacketizer.push(RtpPacket.parse(buf));
        } finally {
            buf.release();
        }
    }

    private static List<String> hexes(List<byte[]> nalus) {
        return nalus.stream().map(Hex::of).toList();
    }

    private static String hex(String spaced) {
        return spaced.replace(" ", "");
    }
}
