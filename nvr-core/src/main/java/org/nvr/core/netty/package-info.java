/** Small Netty pieces the NVR's TCP servers (RTSP re-stream, admin endpoint, demo camera) share. */
package org.nvr.core.netty;
