package org.nvr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nvr} command. */
@Command(name = "nvr", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Network Video Recorder.",
        subcommands = {RunCommand.class, CheckCommand.class, UsersCommand.class, ExportCommand.class,
            CamerasCommand.class, CameraCommand.class, PtzCommand.class, DiscoverCommand.class, StatusCommand.class,
            RecordingsCommand.class,
            AuditCommand.class,
            ReloadCommand.class,
            SnapshotCommand.class,
            TokensCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
