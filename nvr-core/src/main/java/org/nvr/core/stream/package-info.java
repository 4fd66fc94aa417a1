/**
 * The stream hub: one per camera stream, fanning the camera's {@link org.nvr.core.model.StreamItem}s out to
 * many readers (recorder, RTSP re-stream sessions, snapshots), each with its own bounded queue.
 *
 * <p>The publisher (the camera's ingest, on a Netty event loop) never waits for a reader: a reader that falls
 * behind loses access units up to the next keyframe, and the loss is counted. A GOP cache lets a new reader
 * start at the last keyframe at once (DESIGN.md, "Re-stream and playback").
 */
package org.nvr.core.stream;
