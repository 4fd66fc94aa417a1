package org.nvr.cli;

import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nvr cameras disable ID}: {@code POST /api/v1/cameras/{id}/disable} (admin; audited). */
@Command(name = "disable", mixinStandardHelpOptions = true,
        description = "Stop recording a camera (it stays configured).")
final class CamerasDisableCommand implements Callable<Integer> {
    @ParentCommand
    private CamerasCommand parent;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "ID", description = "Camera id.")
    private String id;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            var answer = session.client().post(ApiPath.camera(id, "disable"), null);
            session.show(answer, out -> out.println("disabled camera " + id));
        });
    }
}
