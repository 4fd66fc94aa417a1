package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code nvr version} and {@code nvr --version} print the same line. */
class VersionCommandTest {
    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void versionSubcommandPrintsWhatTheOptionPrints() {
        Run option = run("--version");
        Run command = run("version");
        assertThat(command.exitCode()).as(command.err()).isZero();
        assertThat(option.exitCode()).isZero();
        assertThat(command.out()).isEqualTo(option.out());
        // Tests run from classes, without the jar's manifest.
        assertThat(command.out()).isEqualTo(new VersionProvider().getVersion()[0] + System.lineSeparator())
                .startsWith("nvr ");
        assertThat(command.err()).isEmpty();
    }

    @Test
    void versionTakesNoArguments() {
        Run extra = run("version", "now");
        assertThat(extra.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(extra.err()).contains("Unmatched argument");
    }
}
