package org.nvr.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.h264.NalUnitType;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.snapshot.YuvToRgb.Range;
import org.nvr.core.testing.TestMedia;

class KeyframeDecoderTest {
    private final KeyframeDecoder decoder = new KeyframeDecoder(4096, 4096);

    @Test
    void decodesAKeyframeWithoutInBandParameterSetsUsingTheStreams() {
        AccessUnit solid = SolidFrames.keyframe(96, 64, 81, 90, 240);
        VideoParameters parameters = SpsParser.toVideoParameters(only(solid, NalUnitType.SPS),
                only(solid, NalUnitType.PPS));
        AccessUnit sliceOnly = new AccessUnit(0, SolidFrames.T0, solid.clockSource(), true,
                solid.nalus().stream().filter(n -> NalUnitType.type(n) == NalUnitType.IDR).toList());
        DecodedPicture decoded = decoder.decode(parameters, sliceOnly);
        assertThat(decoded.picture().getCroppedWidth()).isEqualTo(96);
        assertThat(decoded.picture().getCroppedHeight()).isEqualTo(64);
        assertThat(decoded.range()).isEqualTo(Range.LIMITED);
    }

    @Test
    void aPictureLargerThanTheLimitIsRefusedBeforeDecoding() {
        AccessUnit solid = SolidFrames.keyframe(96, 64, 81, 90, 240);
        assertThatThrownBy(() -> new KeyframeDecoder(80, 4096).decode(null, solid))
                .isInstanceOfSatisfying(NvrException.class,
                        e -> assertThat(e.kind()).isEqualTo(NvrException.Kind.UNAVAILABLE))
                .hasMessage("the picture is 96x64, larger than the 80x4096 snapshots are made of");
    }

    @Test
    void aKeyframeWithoutParameterSetsIsRefused() {
        AccessUnit solid = SolidFrames.keyframe(32, 32, 81, 90, 240);
        AccessUnit sliceOnly = new AccessUnit(0, SolidFrames.T0, solid.clockSource(), true,
                solid.nalus().stream().filter(n -> NalUnitType.type(n) == NalUnitType.IDR).toList());
        assertThatThrownBy(() -> decoder.decode(null, sliceOnly)).isInstanceOf(NvrException.class)
                .hasMessage("the keyframe has no SPS and PPS to decode it with");
    }

    @Test
    void aHigh444SpsIsRefusedWithItsFormat() {
        // SPS NAL header 0x67; profile_idc 244 (High 4:4:4 Predictive); constraint flags 0x00; level_idc 0x1e;
        // then ue(v) seq_parameter_set_id 0 ("1"), chroma_format_idc 3 ("00100"), separate_colour_plane 0,
        // bit_depth_luma_minus8 0 ("1"), bit_depth_chroma_minus8 0 ("1"), qpprime 0, seq_scaling_matrix 0,
        // log2_max_frame_num_minus4 0 ("1"), pic_order_cnt_type 2 ("011"), max_num_ref_frames 1 ("010"),
        // gaps 0, pic_width_in_mbs_minus1 1 ("010"), pic_height_in_map_units_minus1 1 ("010"),
        // frame_mbs_only 1, direct_8x8 1, frame_cropping 0, vui 0, rbsp stop bit: hand-assembled.
        byte[] sps = HexFormat.of().parseHex("67f4001e" + bits("1" + "00100" + "0" + "1" + "1" + "0" + "0" + "1"
                + "011" + "010" + "0" + "010" + "010" + "1" + "1" + "0" + "0" + "1"));
        AccessUnit solid = SolidFrames.keyframe(32, 32, 81, 90, 240);
        List<byte[]> nalus = new ArrayList<>();
        nalus.add(sps);
        nalus.add(only(solid, NalUnitType.PPS));
        nalus.add(only(solid, NalUnitType.IDR));
        assertThatThrownBy(() -> decoder.decode(null, new AccessUnit(0, SolidFrames.T0, solid.clockSource(), true,
                nalus))).isInstanceOf(NvrException.class)
                .hasMessage("only 8-bit 4:2:0 H.264 is decoded; the stream has chroma_format_idc 3, 8-bit luma");
    }

    @Test
    void aCorruptSliceGivesAPictureOrAnUnavailableErrorNeverAnotherException() {
        AccessUnit solid = SolidFrames.keyframe(64, 64, 81, 90, 240);
        byte[] idr = only(solid, NalUnitType.IDR);
        for (int cut : new int[] {2, 4, 6, idr.length / 2}) {
            // The slice header's first bytes, then 0xff where the macroblocks were (no start-code emulation).
            byte[] corrupt = idr.clone();
            Arrays.fill(corrupt, cut, corrupt.length, (byte) 0xff);
            List<byte[]> nalus = List.of(only(solid, NalUnitType.SPS), only(solid, NalUnitType.PPS), corrupt);
            Throwable thrown = catchThrowable(() -> decoder.decode(null,
                    new AccessUnit(0, SolidFrames.T0, solid.clockSource(), true, nalus)));
            if (thrown != null) {
                assertThat(thrown).as("cut at %d", cut).isInstanceOf(NvrException.class);
                assertThat(((NvrException) thrown).kind()).isEqualTo(NvrException.Kind.UNAVAILABLE);
            }
        }
    }

    @Test
    void decodesFfmpegHighProfileAsCamerasSendIt() throws Exception {
        DemoClip clip = DemoClip.fromAnnexB(TestMedia.h264Clip(320, 240, 25, 1, 25, 500), 25);
        DemoClip.Frame first = clip.frames().get(0);
        DecodedPicture decoded = decoder.decode(null, new AccessUnit(0, SolidFrames.T0, ClockSource.RTCP_SR, true,
                first.nalus()));
        BufferedImage image = YuvToRgb.convert(decoded.picture(), decoded.range());
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(240);
        // testsrc2 is colourful: many distinct colours, not one.
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < 240; y += 8) {
            for (int x = 0; x < 320; x += 8) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).isGreaterThan(20);
    }

    private static byte[] only(AccessUnit unit, int type) {
        return unit.nalus().stream().filter(n -> NalUnitType.type(n) == type).findFirst().orElseThrow();
    }

    /** A bit string padded with zeros to whole bytes, as hex. */
    private static String bits(String bits) {
        StringBuilder padded = new StringBuilder(bits);
        while (padded.length() % 8 != 0) {
            padded.append('0');
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < padded.length(); i += 8) {
            hex.append(String.format("%02x", Integer.parseInt(padded.substring(i, i + 8), 2)));
        }
        return hex.toString();
    }
}
