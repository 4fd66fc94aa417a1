package org.nvr.onvif.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfilePickerTest {
    private static MediaProfile profile(String token, VideoEncoding enc, int w, int h) {
        return new MediaProfile(token, token, Optional.of("src"), Optional.of(new VideoEncoderConfig("vec-" + token,
                token, enc, new Resolution(w, h), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty())));
    }

    @Test
    void mainIsHighestH264AndSubIsLowest() {
        // Axis-like order: H.264 main, H.265 main, H.264 sub, JPEG at a higher resolution than any H.264.
        List<MediaProfile> p = List.of(profile("h264-main", VideoEncoding.H264, 2688, 1512),
                profile("h265-main", VideoEncoding.H265, 3840, 2160),
                profile("h264-mid", VideoEncoding.H264, 1280, 720),
                profile("h264-sub", VideoEncoding.H264, 640, 360), profile("jpeg", VideoEncoding.JPEG, 3840, 2160));
        ProfilePicker.MainAndSub pick = ProfilePicker.pick(p).orElseThrow();
        assertThat(pick.main().token()).isEqualTo("h264-main");
        assertThat(pick.sub().orElseThrow().token()).isEqualTo("h264-sub");
    }

    @Test
    void singleProfileHasNoSubAndH265IsTheFallback() {
        assertThat(ProfilePicker.pick(List.of(profile("only", VideoEncoding.H264, 1920, 1080))).orElseThrow().sub())
                .isEmpty();
        ProfilePicker.MainAndSub h265 = ProfilePicker.pick(List.of(profile("a", VideoEncoding.H265, 640, 360),
                profile("b", VideoEncoding.H265, 1920, 1080), profile("j", VideoEncoding.JPEG, 640, 480)))
                .orElseThrow();
        assertThat(h265.main().token()).isEqualTo("b");
        assertThat(h265.sub().orElseThrow().token()).isEqualTo("a");
    }

    @Test
    void noVideoProfilesGivesEmpty() {
        assertThat(ProfilePicker.pick(List.of(new MediaProfile("audio", "audio", Optional.empty(), Optional.empty()),
                profile("j", VideoEncoding.JPEG, 640, 480)))).isEmpty();
        assertThat(ProfilePicker.pick(List.of())).isEmpty();
    }
}
