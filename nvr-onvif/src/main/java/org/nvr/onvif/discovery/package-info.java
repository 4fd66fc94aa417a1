/**
 * WS-Discovery of ONVIF devices (ONVIF Core Specification §7, WS-Discovery 2005/04): a multicast Probe to
 * 239.255.255.250:3702, a paced unicast sweep for sites whose routers drop multicast, and hardened parsing of the
 * ProbeMatches that come back. Entry point: {@link org.nvr.onvif.discovery.WsDiscovery}.
 */
package org.nvr.onvif.discovery;
