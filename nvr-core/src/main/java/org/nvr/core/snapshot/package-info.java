/**
 * Still pictures of a live camera stream: the latest keyframe of a {@link org.nvr.core.stream.StreamHub}, decoded
 * with JCodec, turned from YUV 4:2:0 to RGB and written as JPEG.
 *
 * <p>This is the one place the NVR decodes video, and only on request, off the event loops (STYLE: no decoding on
 * the hot path). Every step is bounded: the picture size before anything is allocated, the snapshots made at once,
 * and the wait for a keyframe.
 */
package org.nvr.core.snapshot;
