/**
 * ONVIF Imaging Service Specification client (WSDL {@code http://www.onvif.org/ver20/imaging/wsdl}): the image
 * settings an NVR adjusts (brightness, contrast, saturation, sharpness, IR cut filter), checked against the
 * camera's options before any Set.
 */
package org.nvr.onvif.imaging;
