/**
 * ONVIF PTZ Service Specification client (WSDL {@code http://www.onvif.org/ver20/ptz/wsdl}): capabilities from
 * GetConfigurations and GetNodes, moves, status and presets. Operations the camera's node does not support are
 * refused before any request.
 */
package org.nvr.onvif.ptz;
