package org.nvr.cli.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nvr.cli.Main;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The bash completion shipped as {@code completion/nvr} ({@code src/dist/completion/nvr}) is what picocli generates
 * from today's command tree, so a new subcommand or option cannot be left out of it. On a mismatch the fresh script
 * is written to {@code target/completion/nvr} and the failure says which command to run.
 */
class BashCompletionTest {
    static final Path COMMITTED = Path.of("src", "dist", "completion", "nvr");

    @Test
    void committedScriptIsWhatPicocliGeneratesFromTheCommandTree() throws Exception {
        // As `java -cp nvr.jar picocli.AutoComplete -n nvr org.nvr.cli.Main` does it.
        String generated = AutoComplete.bash("nvr", new CommandLine(Main.class));
        String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
        if (!committed.equals(generated)) {
            Path fresh = Path.of("target", "completion", "nvr");
            Files.createDirectories(fresh.getParent());
            Files.writeString(fresh, generated, StandardCharsets.UTF_8);
            assertThat(committed).as("%s is stale; from nvr-cli/ run: cp %s %s", COMMITTED, fresh, COMMITTED)
                    .isEqualTo(generated);
        }
    }

    @Test
    void scriptCoversEverySubcommand() throws Exception {
        String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
        for (String name : new CommandLine(Main.class).getSubcommands().keySet()) {
            assertThat(committed).as("completion for %s", name).contains("function _picocli_nvr_" + name + "()");
        }
    }
}
