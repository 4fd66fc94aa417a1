/**
 * Benchmarks of the NVR (docs/bench.md): JMH micro-benchmarks of the per-packet ingest path
 * ({@link org.nvr.bench.RtpParseBench}, {@link org.nvr.bench.InterleavedDecoderBench},
 * {@link org.nvr.bench.DepacketizerBench}, {@link org.nvr.bench.StreamHubBench}) and of the segment writer
 * ({@link org.nvr.bench.SegmentWriterBench}), and the mains of the whole-process benchmark
 * {@code bench/ingest-vs-floor.sh} ({@link org.nvr.bench.RecordBenchMain}, {@link org.nvr.bench.IngestBenchMain},
 * {@link org.nvr.bench.CameraBenchMain}, and mode {@code count} of {@link org.nvr.bench.RestreamBenchMain} for its
 * re-stream clients). Performance targets live here, never in timed unit tests.
 */
package org.nvr.bench;
