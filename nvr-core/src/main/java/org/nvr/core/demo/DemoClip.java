package org.nvr.core.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nvr.core.h264.AnnexBReader;
import org.nvr.core.h264.NalUnitType;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.NalUnits;

/**
 * The pictures the built-in demo camera loops over: H.264 access units at a fixed frame rate, with the
 * stream's SPS and PPS. This is a test source, not a recording of a real camera.
 *
 * <p>Every keyframe carries the SPS and PPS in band before its IDR slice, as IP cameras send them, so a client
 * that joins at any keyframe can decode without the SDP's {@code sprop-parameter-sets}. The clip starts with a
 * keyframe, so it loops seamlessly.
 *
 * <p>Immutable by contract: the NAL unit arrays are never written after construction and are shared by every
 * session that streams the clip.
 */
public final class DemoClip {

    /** Default picture width of {@link #generateDefault()}. */
    public static final int DEFAULT_WIDTH = 640;
    /** Default picture height of {@link #generateDefault()}. */
    public static final int DEFAULT_HEIGHT = 360;
    /** Default frame rate of {@link #generateDefault()}. */
    public static final int DEFAULT_FPS = 25;
    /** Default clip length in frames of {@link #generateDefault()} (2 s at 25 fps). */
    public static final int DEFAULT_FRAMES = 50;
    /** Default keyframe interval in frames of {@link #generateDefault()} (1 s at 25 fps). */
    public static final int DEFAULT_GOP_FRAMES = 25;
    /** Largest frame rate accepted. */
    public static final int MAX_FPS = 120;
    /** Default bound on an Annex-B file read by {@link #fromAnnexB(Path, int)}. */
    public static final long DEFAULT_MAX_FILE_BYTES = 512L << 20;

    /**
     * One access unit of the clip.
     *
     * @param keyframe true when the unit holds an IDR slice
     * @param nalus    NAL units without start codes, in decoding order
     */
    public record Frame(boolean keyframe, List<byte[]> nalus) {
        public Frame {
            nalus = NalUnits.checkedCopy(nalus, "a frame");
        }

        /** Sum of the NAL units' sizes, without start codes. */
        public int payloadBytes() {
            return NalUnits.payloadBytes(nalus);
        }

        boolean contains(int nalType) {
            for (byte[] nalu : nalus) {
                if (NalUnitType.type(nalu[0]) == nalType) {
                    return true;
                }
            }
            return false;
        }
    }

    private final int fps;
    private final byte[] sps;
    private final byte[] pps;
    private final List<Frame> frames;
    private final int maxFrameBytes;

    private DemoClip(int fps, byte[] sps, byte[] pps, List<Frame> frames) {
        this.fps = fps;
        this.sps = sps;
        this.pps = pps;
        this.frames = frames;
        int max = 0;
        for (Frame frame : frames) {
            max = Math.max(max, frame.payloadBytes());
        }
        this.maxFrameBytes = max;
    }

    /**
     * Builds a clip from access units. The first must be a keyframe holding an SPS, a PPS and an IDR slice;
     * keyframes that lack the parameter sets get the first ones put before their slices.
     *
     * @throws MalformedInputException if the first unit is not such a keyframe
     */
    public static DemoClip of(List<Frame> frames, int fps) {
        checkFps(fps);
        if (frames.isEmpty()) {
            throw new MalformedInputException("demo clip has no frames");
        }
        Frame first = frames.get(0);
        if (!first.keyframe() || !first.contains(NalUnitType.SPS) || !first.contains(NalUnitType.PPS)
                || !first.contains(NalUnitType.IDR)) {
            throw new MalformedInputException("demo clip does not start with SPS, PPS and an IDR picture");
        }
        byte[] sps = firstOfType(first, NalUnitType.SPS);
        byte[] pps = firstOfType(first, NalUnitType.PPS);
        List<Frame> withSets = new ArrayList<>(frames.size());
        for (Frame frame : frames) {
            if (frame.keyframe() && !(frame.contains(NalUnitType.SPS) && frame.contains(NalUnitType.PPS))) {
                List<byte[]> nalus = new ArrayList<>(frame.nalus().size() + 2);
                nalus.add(sps);
                nalus.add(pps);
                nalus.addAll(frame.nalus());
                withSets.add(new Frame(true, nalus));
            } else {
                withSets.add(frame);
            }
        }
        return new DemoClip(fps, sps, pps, List.copyOf(withSets));
    }

    /**
     * Encodes a synthetic clip with JCodec: a gradient, a moving box and the word DEMO in block letters, so
     * that nobody mistakes it for a camera's picture. Baseline profile, one slice per picture, no B-frames.
     * Slow (the default clip takes 2 to 10 s on a busy 2-core machine): use {@link DemoClipCache} to encode once.
     *
     * @param width     picture width, even, 32..1920
     * @param height    picture height, even, 32..1088
     * @param fps       frame rate, 1..{@value #MAX_FPS}
     * @param frames    clip length in frames, 1..3000
     * @param gopFrames keyframe interval in frames, 1..frames
     */
    public static DemoClip generate(int width, int height, int fps, int frames, int gopFrames) {
        checkFps(fps);
        return of(new DemoClipEncoder(width, height, frames, gopFrames).encode(), fps);
    }

    /** {@link #generate} with the defaults: 640x360, 25 fps, 50 frames, a keyframe every 25 frames. */
    public static DemoClip generateDefault() {
        return generate(DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_FPS, DEFAULT_FRAMES, DEFAULT_GOP_FRAMES);
    }

    /**
     * Reads a pre-encoded H.264 elementary stream (Annex B byte stream, as {@code ffmpeg -f h264} writes) of
     * at most {@value #DEFAULT_MAX_FILE_BYTES} bytes. The stream must have no B-frames (decoding order is
     * sent as presentation order) and must start with SPS, PPS and an IDR picture.
     *
     * @throws MalformedInputException if the file is too large, has no NAL units or starts otherwise
     */
    public static DemoClip fromAnnexB(Path file, int fps) throws IOException {
        return fromAnnexB(file, fps, DEFAULT_MAX_FILE_BYTES);
    }

    /**
     * {@link #fromAnnexB(Path, int)} with an explicit bound on the file size. Access units are also bounded by
     * {@link AnnexBReader}'s defaults ({@value AnnexBReader#DEFAULT_MAX_ACCESS_UNIT_BYTES} bytes,
     * {@value AnnexBReader#DEFAULT_MAX_NAL_UNITS_PER_ACCESS_UNIT} NAL units).
     */
    public static DemoClip fromAnnexB(Path file, int fps, long maxFileBytes) throws IOException {
        checkFps(fps);
        long size = Files.size(file);
        if (size > maxFileBytes) {
            throw new MalformedInputException("H.264 file " + file + " has " + size + " bytes, more than the "
                    + maxFileBytes + " allowed");
        }
        byte[] stream = Files.readAllBytes(file);
        DemoAnnexBFraming.check(stream, file.toString());
        return of(accessUnits(new AnnexBReader(stream), file.toString()), fps);
    }

    /**
     * The reader's access units as frames. A unit without a slice can only be the last one (parameter sets or
     * SEI after the last picture): it is dropped, since a client cannot show it.
     */
    private static List<Frame> accessUnits(AnnexBReader reader, String where) {
        List<Frame> frames = new ArrayList<>();
        for (List<byte[]> nalus = reader.next(); nalus != null; nalus = reader.next()) {
            if (containsSlice(nalus)) {
                frames.add(new Frame(NalUnitType.containsIdr(nalus), nalus));
            }
        }
        if (frames.isEmpty()) {
            throw new MalformedInputException(where + ": no coded picture");
        }
        return frames;
    }

    private static boolean containsSlice(List<byte[]> nalus) {
        for (byte[] nalu : nalus) {
            if (NalUnitType.isVcl(NalUnitType.type(nalu))) {
                return true;
            }
        }
        return false;
    }

    /** Frames per second. */
    public int fps() {
        return fps;
    }

    /** The sequence parameter set NAL unit (type 7), header byte included. */
    public byte[] sps() {
        return sps.clone();
    }

    /** The picture parameter set NAL unit (type 8), header byte included. */
    public byte[] pps() {
        return pps.clone();
    }

    /** RFC 6184 §8.1 {@code profile-level-id}: profile_idc, constraint flags and level_idc from the SPS, in hex. */
    public String profileLevelId() {
        return String.format("%02X%02X%02X", sps[1] & 0xff, sps[2] & 0xff, sps[3] & 0xff);
    }

    /** The access units in decoding order; the first is a keyframe. */
    public List<Frame> frames() {
        return frames;
    }

    /** Number of access units. */
    public int frameCount() {
        return frames.size();
    }

    /** The access unit at {@code index} modulo the clip length, so that a stream can loop forever. */
    public Frame frame(long index) {
        return frames.get((int) Math.floorMod(index, (long) frames.size()));
    }

    /** Size of the largest access unit, without start codes: a bound for per-frame buffers. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Average bit rate of the clip at its frame rate. */
    public long bitsPerSecond() {
        long bytes = 0;
        for (Frame frame : frames) {
            bytes += frame.payloadBytes();
        }
        return bytes * 8 * fps / frames.size();
    }

    @Override
    public String toString() {
        return "DemoClip[" + frames.size() + " frames at " + fps + " fps, profile-level-id=" + profileLevelId()
                + ", " + bitsPerSecond() / 1000 + " kbit/s]";
    }

    private static byte[] firstOfType(Frame frame, int nalType) {
        for (byte[] nalu : frame.nalus()) {
            if (NalUnitType.type(nalu[0]) == nalType) {
                if (nalType == NalUnitType.SPS && nalu.length < 4) {
                    throw new MalformedInputException("SPS of " + nalu.length + " bytes is too short: "
                            + Arrays.toString(nalu));
                }
                return nalu;
            }
        }
        throw new MalformedInputException("no NAL unit of type " + nalType);
    }

    private static void checkFps(int fps) {
        if (fps < 1 || fps > MAX_FPS) {
            throw new IllegalArgumentException("fps " + fps + " is not in 1.." + MAX_FPS);
        }
    }
}
