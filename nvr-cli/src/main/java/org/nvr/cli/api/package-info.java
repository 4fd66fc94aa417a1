/**
 * The camera routes of the admin API (docs/api.md): cameras, discovery, camera time and encoder configuration.
 * Registered on the {@link org.nvr.core.admin.AdminServer} by {@link org.nvr.cli.NvrServer} before it starts.
 */
package org.nvr.cli.api;
