package org.nvr.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.Gap;
import org.nvr.core.record.StreamKey;
import org.nvr.core.time.NvrClock;

/**
 * A row whose commit returned survives the NVR being killed (SIGKILL) right after it. H2's default write delay
 * (500 ms) kept commits in the JVM's memory that long: KillLoopIT lost a RESTART gap row that way (a segment row
 * lost so comes back through startup recovery; a gap row does not).
 */
class CommitDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void aCommittedRowSurvivesSigkill() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitThenWaitMain.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("committed")) {
                continue;
            }
            assertThat(line).as("the child committed").isEqualTo("committed");
            child.destroyForcibly();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        try (Database database = Database.open(dir)) {
            List<Gap> gaps = new H2RecordingIndex(database, NvrClock.SYSTEM).gaps(new StreamKey("cam-1", "main"),
                    Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z"));
            assertThat(gaps).extracting(Gap::detail).containsExactly("committed before the kill");
        }
    }
}
