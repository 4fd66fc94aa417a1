package org.nvr.storage.index;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.record.StreamKey;
import org.nvr.core.time.NvrClock;

/**
 * A child process for {@link CommitDurabilityTest}: opens the index of the data directory given as the argument,
 * adds one gap, prints {@code committed} and waits to be killed.
 */
public final class CommitThenWaitMain {
    private CommitThenWaitMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Database database = Database.open(Path.of(args[0]));
        new H2RecordingIndex(database, NvrClock.SYSTEM).addGap(new StreamKey("cam-1", "main"),
                new Gap(Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-05-01T00:00:05Z"),
                        GapCause.RESTART, "committed before the kill"));
        System.out.println("committed");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
