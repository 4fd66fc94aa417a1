/**
 * The append-only audit log on the H2 index: {@link org.nvr.storage.audit.H2AuditLog} (nvr-core's
 * {@link org.nvr.core.audit.AuditLog}, plus filtered queries for {@code nvr audit}).
 */
package org.nvr.storage.audit;
