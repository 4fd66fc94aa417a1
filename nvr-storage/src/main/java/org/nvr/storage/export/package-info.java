/**
 * MP4 exports of any time range, planned straight from the segment files (DESIGN.md, "Re-stream and playback"):
 * one fragmented MP4 whose header and {@code moof} boxes are generated and whose media bytes are byte ranges of the
 * segment files, sent as they are, with a manifest of sources, gaps and time sources.
 */
package org.nvr.storage.export;
