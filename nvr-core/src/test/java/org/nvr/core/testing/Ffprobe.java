package org.nvr.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** ffprobe as an independent RTSP client: reads a stream's per-packet timestamps or just opens it. */
public final class Ffprobe {
    private Ffprobe() {
    }

    /**
     * Reads about {@code seconds} of the first video stream of {@code url} over {@code transport} ({@code tcp} or
     * {@code udp}) and returns each packet's pts.
     */
    public static PacketTimes packetPts(String url, String transport, int seconds, Duration timeout) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("seconds must be positive: " + seconds);
        }
        ProcessRunner.Result result = ProcessRunner.run(List.of("ffprobe", "-v", "error",
                "-rtsp_transport", transport, "-select_streams", "v",
                "-show_entries", "packet=pts_time", "-of", "csv=p=0",
                "-read_intervals", "%+" + seconds, url), timeout);
        return PacketTimes.parse(result);
    }

    /** Opens {@code url} and lists its streams: succeeds only if DESCRIBE, SETUP and PLAY all do. */
    public static ProcessRunner.Result probe(String url, String transport, Duration timeout) {
        return ProcessRunner.run(List.of("ffprobe", "-v", "error", "-rtsp_transport", transport,
                "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url), timeout);
    }

    /**
     * Packet timestamps in seconds, in arrival order.
     *
     * @param missingPts packets printed as {@code N/A} (ffprobe gives the first RTSP packet no pts before RTCP sync)
     */
    public record PacketTimes(List<Double> ptsSeconds, int missingPts, ProcessRunner.Result result) {
        /** Copies the list. */
        public PacketTimes {
            ptsSeconds = List.copyOf(ptsSeconds);
            if (missingPts < 0) {
                throw new IllegalArgumentException("missingPts must not be negative");
            }
        }

        /**
         * Parses {@code -of csv=p=0} output: one line per packet, pts first. Packets carrying side data (new
         * extradata) add a trailing comma and an empty line, which are skipped.
         */
        static PacketTimes parse(ProcessRunner.Result result) {
            List<Double> pts = new ArrayList<>();
            int missing = 0;
            for (String line : result.stdout().split("\n")) {
                String field = line.split(",", -1)[0].strip();
                if (field.isEmpty()) {
                    continue;
                }
                if (field.equals("N/A")) {
                    missing++;
                } else {
                    pts.add(Double.parseDouble(field));
                }
            }
            return new PacketTimes(pts, missing, result);
        }

        /** Whether each pts is greater than the one before. */
        public boolean strictlyIncreasing() {
            for (int i = 1; i < ptsSeconds.size(); i++) {
                if (ptsSeconds.get(i) <= ptsSeconds.get(i - 1)) {
                    return false;
                }
            }
            return true;
        }

        /** Frames per second implied by the timestamps: intervals over the pts span. */
        public double ptsFps() {
            if (ptsSeconds.size() < 2) {
                return 0;
            }
            double span = ptsSeconds.get(ptsSeconds.size() - 1) - ptsSeconds.get(0);
            return span <= 0 ? 0 : (ptsSeconds.size() - 1) / span;
        }

        /** The first decrease or repeat, for failure messages, or "none". */
        public String firstNonIncrease() {
            for (int i = 1; i < ptsSeconds.size(); i++) {
                if (ptsSeconds.get(i) <= ptsSeconds.get(i - 1)) {
                    return "packet " + i + ": " + ptsSeconds.get(i - 1) + " -> " + ptsSeconds.get(i);
                }
            }
            return "none";
        }
    }
}
