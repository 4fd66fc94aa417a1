package org.nvr.cli;

import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code nvr cameras list}: {@code GET /api/v1/cameras} (viewer). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the cameras with their status.")
final class CamerasListCommand implements Callable<Integer> {
    @ParentCommand
    private CamerasCommand parent;

    @Mixin
    private AdminOptions admin;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            var answer = session.client().get(ApiPath.api("cameras"));
            session.show(answer, out -> CameraTables.list(answer, out));
        });
    }
}
