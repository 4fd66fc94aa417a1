/**
 * The cameras the NVR records, in the index's {@code camera_config} and {@code camera_stream} tables: added
 * through the admin API (by RTSP URL or ONVIF address) or copied from nvr.yaml at start.
 */
package org.nvr.storage.cameras;
