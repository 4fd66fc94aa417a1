package org.nvr.core.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.VideoParameters;

class ParameterSetTrackerTest {
    private static final byte[] SPS_720 = Hex.bytes(SpsParserTest.SPS_720P_HIGH);
    private static final byte[] PPS_720 = Hex.bytes(SpsParserTest.PPS_720P_HIGH);
    private static final byte[] SPS_1080 = Hex.bytes(SpsParserTest.SPS_1080P_HIGH);
    /** x264's PPS for the baseline samples: a different PPS byte-for-byte. */
    private static final byte[] PPS_BASELINE = Hex.bytes("68 ce 0f c8");
    private static final byte[] IDR = Hex.bytes(AnnexBSamples.IDR1_SLICE0);
    private static final byte[] P = Hex.bytes(AnnexBSamples.P_SLICE0);

    private final ParameterSetTracker tracker = new ParameterSetTracker();

    @Test
    void outOfBandSetsAreReportedOnceByTheNextObserve() {
        tracker.setOutOfBand(SPS_720, PPS_720);
        assertThat(tracker.current().width()).isEqualTo(1280);

        VideoParameters reported = tracker.observe(List.of(P));
        assertThat(reported).isNotNull();
        assertThat(reported.height()).isEqualTo(720);
        assertThat(reported.sps()).isEqualTo(SPS_720);
        assertThat(tracker.observe(List.of(P))).isNull();
    }

    @Test
    void inBandSetsEqualToTheOutOfBandOnesAreNoChange() {
        tracker.setOutOfBand(SPS_720, PPS_720);
        tracker.observe(List.of(P));
        assertThat(tracker.observe(List.of(SPS_720.clone(), PPS_720.clone(), IDR))).isNull();
        assertThat(tracker.current().sameSets(SpsParser.toVideoParameters(SPS_720, PPS_720))).isTrue();
    }

    @Test
    void inBandSetsBecomeKnownFromTheFirstKeyframe() {
        assertThat(tracker.observe(List.of(P))).isNull();
        assertThat(tracker.current()).isNull();
        VideoParameters reported = tracker.observe(List.of(SPS_720, PPS_720, IDR));
        assertThat(reported.width()).isEqualTo(1280);
        assertThat(tracker.current()).isSameAs(reported);
    }

    @Test
    void aNewSpsIsAChange() {
        tracker.observe(List.of(SPS_720, PPS_720, IDR));
        VideoParameters changed = tracker.observe(List.of(SPS_1080, PPS_720, IDR));
        assertThat(changed.width()).isEqualTo(1920);
        assertThat(changed.height()).isEqualTo(1080);
        assertThat(tracker.observe(List.of(SPS_1080, PPS_720, IDR))).isNull();
    }

    @Test
    void aNewPpsAloneIsAChange() {
        tracker.setOutOfBand(SPS_720, PPS_720);
        tracker.observe(List.of(IDR));
        VideoParameters changed = tracker.observe(List.of(PPS_BASELINE, IDR));
        assertThat(changed.pps()).isEqualTo(PPS_BASELINE);
        assertThat(changed.sps()).isEqualTo(SPS_720);
    }

    @Test
    void theLatestSpsAndPpsInOneAccessUnitWin() {
        VideoParameters reported = tracker.observe(List.of(SPS_720, PPS_720, SPS_1080, PPS_BASELINE, IDR));
        assertThat(reported.width()).isEqualTo(1920);
        assertThat(reported.pps()).isEqualTo(PPS_BASELINE);
    }

    @Test
    void aPpsWithoutSpsIsHeldUntilTheSpsComes() {
        assertThat(tracker.observe(List.of(PPS_720, IDR))).isNull();
        assertThat(tracker.current()).isNull();
        assertThat(tracker.observe(List.of(SPS_720, IDR)).pps()).isEqualTo(PPS_720);
    }

    @Test
    void aMalformedInBandSpsIsRejectedAndTheOldParametersStay() {
        tracker.observe(List.of(SPS_720, PPS_720, IDR));
        byte[] truncated = Hex.bytes("67 64 00 1f ac");
        assertThatThrownBy(() -> tracker.observe(List.of(truncated, PPS_BASELINE, IDR)))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("SPS");
        assertThat(tracker.current().width()).isEqualTo(1280);
        assertThat(tracker.current().pps()).isEqualTo(PPS_720);
        assertThat(tracker.observe(List.of(P))).isNull();
        // A lone bad SPS is reported too, before any PPS is known.
        ParameterSetTracker fresh = new ParameterSetTracker();
        assertThatThrownBy(() -> fresh.observe(List.of(truncated))).isInstanceOf(MalformedInputException.class);
    }

    @Test
    void malformedOutOfBandSetsAreRejected() {
        assertThatThrownBy(() -> tracker.setOutOfBand(PPS_720, SPS_720)).isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> tracker.setOutOfBand(SPS_720, Hex.bytes("06 05")))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("not a PPS");
        assertThat(tracker.current()).isNull();
        assertThat(tracker.observe(List.of(P))).isNull();
    }

    @Test
    void laterChangesOfTheCallersArraysDoNotReachTheTracker() {
        byte[] sps = SPS_720.clone();
        tracker.setOutOfBand(sps, PPS_720);
        sps[5] = 0;
        assertThat(tracker.observe(List.of(SPS_720, IDR))).isNotNull();   // the out-of-band report, unchanged
        assertThat(tracker.observe(List.of(SPS_720, IDR))).isNull();
    }
}
