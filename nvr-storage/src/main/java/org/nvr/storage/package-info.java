/** Segment files, H2 index and retention, implementing nvr-core's storage interfaces (issue 4). */
package org.nvr.storage;
