package org.nvr.core.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps generated demo clips so that each size is encoded once (encoding takes seconds; a clip is shared by
 * every session that streams it). Bounded: past {@code maxClips} the least recently used clip is dropped.
 * One instance per application, passed to whoever needs clips. Thread-safe.
 */
public final class DemoClipCache {

    /** Default number of clips kept. */
    public static final int DEFAULT_MAX_CLIPS = 4;

    private record Key(int width, int height, int fps, int frames, int gopFrames) {
    }

    private final int maxClips;
    private final Map<Key, DemoClip> clips;

    /** A cache of {@value #DEFAULT_MAX_CLIPS} clips. */
    public DemoClipCache() {
        this(DEFAULT_MAX_CLIPS);
    }

    /** A cache of at most {@code maxClips} clips, at least 1. */
    public DemoClipCache(int maxClips) {
        if (maxClips < 1) {
            throw new IllegalArgumentException("maxClips " + maxClips + " < 1");
        }
        this.maxClips = maxClips;
        this.clips = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, DemoClip> eldest) {
                return size() > DemoClipCache.this.maxClips;
            }
        };
    }

    /** The clip {@link DemoClip#generate} makes for these arguments, encoded on first use. */
    public synchronized DemoClip get(int width, int height, int fps, int frames, int gopFrames) {
        Key key = new Key(width, height, fps, frames, gopFrames);
        DemoClip clip = clips.get(key);
        if (clip == null) {
            clip = DemoClip.generate(width, height, fps, frames, gopFrames);
            clips.put(key, clip);
        }
        return clip;
    }

    /** The default clip (640x360, 25 fps, 50 frames, GOP 25), encoded on first use. */
    public DemoClip getDefault() {
        return get(DemoClip.DEFAULT_WIDTH, DemoClip.DEFAULT_HEIGHT, DemoClip.DEFAULT_FPS, DemoClip.DEFAULT_FRAMES,
                DemoClip.DEFAULT_GOP_FRAMES);
    }
}
