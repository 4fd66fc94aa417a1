/**
 * Segment files: fragmented MP4 (ISO/IEC 14496-12) written with a small box writer of our own, their path layout
 * under the storage root, and the scanner that verifies and recovers them after a crash (DESIGN.md, "Segment
 * files" and "Durability").
 */
package org.nvr.storage.segment;
