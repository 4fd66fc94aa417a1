/** NVR core: media model, RTSP/RTP/H.264 wire formats, camera ingest, stream hub. */
package org.nvr.core;
