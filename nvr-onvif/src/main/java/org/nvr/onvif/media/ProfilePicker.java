package org.nvr.onvif.media;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Picks the recording profiles: main = the highest-resolution H.264 profile, sub = the lowest-resolution other
 * H.264 profile (for live view grids). H.264 first because every RTSP client and browser decodes it; when a
 * camera offers no H.264 profile, H.265 ones are used the same way.
 */
public final class ProfilePicker {
    /**
     * The chosen pair.
     *
     * @param main the main stream profile
     * @param sub  the sub stream profile, when there is a second one
     */
    public record MainAndSub(MediaProfile main, Optional<MediaProfile> sub) {
        public MainAndSub {
            Objects.requireNonNull(main, "main");
            Objects.requireNonNull(sub, "sub");
        }
    }

    private ProfilePicker() {
    }

    /** Empty when no profile has an H.264 or H.265 video encoder. */
    public static Optional<MainAndSub> pick(List<MediaProfile> profiles) {
        List<MediaProfile> candidates = withEncoding(profiles, VideoEncoding.H264);
        if (candidates.isEmpty()) {
            candidates = withEncoding(profiles, VideoEncoding.H265);
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        // Stable sort: among equal resolutions the camera's first-listed profile wins.
        candidates.sort(Comparator.comparingLong(ProfilePicker::pixels).reversed());
        MediaProfile main = candidates.get(0);
        Optional<MediaProfile> sub = candidates.size() > 1
                ? Optional.of(candidates.get(candidates.size() - 1)) : Optional.empty();
        return Optional.of(new MainAndSub(main, sub));
    }

    private static List<MediaProfile> withEncoding(List<MediaProfile> profiles, VideoEncoding encoding) {
        List<MediaProfile> out = new ArrayList<>();
        for (MediaProfile p : profiles) {
            if (p.videoEncoder().filter(v -> v.encoding() == encoding).isPresent()) {
                out.add(p);
            }
        }
        return out;
    }

    private static long pixels(MediaProfile p) {
        return p.videoEncoder().orElseThrow().resolution().pixels();
    }
}
