/**
 * The camera routes of the admin API (docs/api.md): cameras, discovery, camera time, encoder configuration, PTZ
 * and camera events.
 * Registered on the {@link org.nvr.core.admin.AdminServer} by {@link org.nvr.cli.NvrServer} before it starts.
 */
package org.nvr.cli.api;
