package org.nvr.core.model;

/**
 * What a camera stream carries from ingest to its readers (recorder, re-stream, snapshot), in order:
 * the codec parameters, then access units; a {@link Gap} marks an interruption between two runs of units.
 */
public sealed interface StreamItem permits VideoParameters, AccessUnit, Gap {
}
