package org.nvr.cli;

import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nvr cameras enable ID}: {@code POST /api/v1/cameras/{id}/enable} (admin; audited). */
@Command(name = "enable", mixinStandardHelpOptions = true, description = "Start recording a camera.")
final class CamerasEnableCommand implements Callable<Integer> {
    @ParentCommand
    private CamerasCommand parent;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "ID", description = "Camera id.")
    private String id;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            var answer = session.client().post(ApiPath.camera(id, "enable"), null);
            session.show(answer, out -> out.println("enabled camera " + id));
        });
    }
}
