/**
 * The cameras of a running NVR: which are recorded ({@link org.nvr.cli.camera.CameraService}, over the index's
 * camera store), the hub, ingest and recorder of each running stream ({@link org.nvr.cli.camera.CameraRuntime}),
 * and the ONVIF calls that add a camera by its device address ({@link org.nvr.cli.camera.OnvifConnector}).
 */
package org.nvr.cli.camera;
