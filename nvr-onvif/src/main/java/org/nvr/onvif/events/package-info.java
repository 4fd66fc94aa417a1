/**
 * ONVIF Event Service Specification client (WSDL {@code http://www.onvif.org/ver10/events/wsdl}, on OASIS
 * WS-BaseNotification 1.3): pull-point subscriptions, notification parsing into {@link
 * org.nvr.onvif.events.OnvifEvent}, and {@link org.nvr.onvif.events.EventPoller}, a thread-less loop the NVR's
 * scheduler drives.
 */
package org.nvr.onvif.events;
