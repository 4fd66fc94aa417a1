package org.nvr.cli;

import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nvr cameras get ID}: {@code GET /api/v1/cameras/{id}} (viewer). */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Show one camera and its streams.")
final class CamerasGetCommand implements Callable<Integer> {
    @ParentCommand
    private CamerasCommand parent;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "ID", description = "Camera id.")
    private String id;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            var answer = session.client().get(ApiPath.camera(id));
            session.show(answer, out -> CameraTables.detail(answer, out));
        });
    }
}
