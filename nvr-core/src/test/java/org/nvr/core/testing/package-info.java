/**
 * Test harness for running real third-party peers next to the NVR: a GStreamer RTSP server and VLC as camera
 * stand-ins, ffmpeg/ffprobe as clients, and generated H.264 test media. See {@code /work/shared/PEERS.md} for the
 * Debian packages and each peer's quirks; {@code .ci/run} installs them. Also the test fixtures several packages
 * and modules share ({@link org.nvr.core.testing.StreamItems}).
 */
package org.nvr.core.testing;
