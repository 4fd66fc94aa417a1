/**
 * The camera simulator of the whole-process benchmark (docs/bench.md, "Camera simulator"): an RTSP server that
 * streams one clip, packetized once, to hundreds of sessions at a small CPU cost, with optional jitter and loss.
 * {@link org.nvr.bench.sim.SimCameraMain} runs it as a process; {@link org.nvr.bench.sim.SimCameraServer} is the
 * server; {@link org.nvr.bench.sim.PacketizedClip} the shared RTP payloads.
 */
package org.nvr.bench.sim;
