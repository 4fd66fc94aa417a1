/**
 * The cameras of a running NVR: which are recorded ({@link org.nvr.cli.camera.CameraService}, over the index's
 * camera store), the hub, ingest and recorder of each running stream ({@link org.nvr.cli.camera.CameraRuntime}),
 * the ONVIF calls that add a camera by its device address ({@link org.nvr.cli.camera.OnvifConnector}), the
 * cameras' PTZ clients ({@link org.nvr.cli.camera.PtzClients}) and ONVIF event polling
 * ({@link org.nvr.cli.camera.OnvifEvents}).
 */
package org.nvr.cli.camera;
