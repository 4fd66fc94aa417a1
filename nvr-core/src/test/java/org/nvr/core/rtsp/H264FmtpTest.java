package org.nvr.core.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;

class H264FmtpTest {

    // From the GStreamer capture in SdpFixtures: x264 Constrained Baseline 320x240.
    // SPS 67 42 c0 15 ...: forbidden_zero=0, nal_ref_idc=3, type=7; profile_idc=66, constraint flags c0, level 21.
    private static final byte[] SPS = HexFormat.of().parseHex("6742c015da0507ec05a8303035280000030008000003019478b175");
    // PPS 68 ce 3c 80: nal_ref_idc=3, type=8.
    private static final byte[] PPS = HexFormat.of().parseHex("68ce3c80");

    @Test
    void parsesGstreamerParameters() {
        H264Fmtp fmtp = H264Fmtp.parse("packetization-mode=1;sprop-parameter-sets="
                + "Z0LAFdoFB+wFqDAwNSgAAAMACAAAAwGUeLF1,aM48gA==;profile-level-id=42c015;level-asymmetry-allowed=1");
        assertThat(fmtp).isEqualTo(new H264Fmtp(1, SPS, PPS, "42c015"));
        assertThat(fmtp.hashCode()).isEqualTo(new H264Fmtp(1, SPS, PPS, "42c015").hashCode());
        assertThat(fmtp.toString()).contains("pps=68ce3c80");
    }

    @Test
    void defaultsWhenParametersAreAbsent() {
        H264Fmtp fmtp = H264Fmtp.parse("profile-level-id=4D0014");
        assertThat(fmtp.packetizationMode()).isZero();
        assertThat(fmtp.sps()).isEmpty();
        assertThat(fmtp.pps()).isEmpty();
        assertThat(H264Fmtp.parse("").profileLevelId()).isEmpty();
    }

    @Test
    void toleratesMissingPaddingSpacesCaseAndEmptyItems() {
        H264Fmtp fmtp = H264Fmtp.parse(" Packetization-Mode=1 ; "
                + "SPROP-PARAMETER-SETS= Z0LAFdoFB+wFqDAwNSgAAAMACAAAAwGUeLF1 ,,"
                + "aM48gA ; junk");
        assertThat(fmtp.packetizationMode()).isEqualTo(1);
        assertThat(fmtp.sps()).isEqualTo(SPS);
        assertThat(fmtp.pps()).isEqualTo(PPS);
    }

    @Test
    void picksTheFirstSpsAndPpsWhenThereAreSeveralInAnyOrder() {
        // PPS first, then two SPS and a second PPS (68 ee 3c 80), as multi-resolution encoders list them;
        // a SEI (type 6: 06 05 ...) among them is skipped.
        H264Fmtp fmtp = H264Fmtp.parse("sprop-parameter-sets=aM48gA==,BgU=,Z0LAFdoFB+wFqDAwNSgAAAMACAAAAwGUeLF1,"
                + "Z2QADayyAoP2AiAAAAMAIAAABkHihUk=,aO48gA==");
        assertThat(fmtp.sps()).isEqualTo(SPS);
        assertThat(fmtp.pps()).isEqualTo(PPS);
    }

    @Test
    void toleratesExtraPadding() {
        assertThat(H264Fmtp.parse("sprop-parameter-sets=aM48gA===").pps()).isEqualTo(PPS);
    }

    @Test
    void badBase64Fails() {
        assertThatThrownBy(() -> H264Fmtp.parse("sprop-parameter-sets=Z0L*AFdo,aM48gA=="))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("'Z0L*AFdo' is not base64");
        assertThatThrownBy(() -> H264Fmtp.parse("sprop-parameter-sets=Z0LAF"))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("4n+1");
    }

    @Test
    void badPacketizationModeFails() {
        assertThatThrownBy(() -> H264Fmtp.parse("packetization-mode=3"))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("'3' is not 0, 1 or 2");
        assertThatThrownBy(() -> H264Fmtp.parse("packetization-mode=one"))
                .isInstanceOf(MalformedInputException.class);
    }

    @Test
    void arraysAreCopiedInAndOut() {
        byte[] sps = SPS.clone();
        H264Fmtp fmtp = new H264Fmtp(1, sps, PPS, "");
        sps[0] = 0;
        fmtp.sps()[1] = 0;
        assertThat(fmtp.sps()).isEqualTo(SPS);
        assertThatThrownBy(() -> new H264Fmtp(3, SPS, PPS, "")).isInstanceOf(IllegalArgumentException.class);
    }
}
