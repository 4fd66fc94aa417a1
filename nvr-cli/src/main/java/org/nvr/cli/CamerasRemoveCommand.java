package org.nvr.cli;

import java.io.Console;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import org.nvr.cli.client.ClientFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nvr cameras remove ID [--delete-footage] [--yes]}: {@code DELETE /api/v1/cameras/{id}?footage=keep|delete}
 * (admin; audited). Asks on the console first; without a console it needs {@code --yes}, so that a script cannot
 * remove a camera by a mistyped line.
 */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Stop and remove a camera; its footage is kept unless --delete-footage.")
final class CamerasRemoveCommand implements Callable<Integer> {
    @ParentCommand
    private CamerasCommand parent;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "ID", description = "Camera id.")
    private String id;

    @Option(names = "--delete-footage", description = "Also delete the camera's recordings.")
    private boolean deleteFootage;

    @Option(names = {"-y", "--yes"}, description = "Do not ask (needed without a console).")
    private boolean yes;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            ApiPath.checkCameraId(id);
            String what = "camera " + id + (deleteFootage ? " and DELETE its footage" : " (footage kept)");
            if (!yes) {
                Console console = session.environment().console();
                if (console == null) {
                    throw ClientFailure.usage("no console to confirm on: give --yes to remove " + what);
                }
                String reply = console.readLine("Remove %s? [y/N] ", what);
                if (reply == null || !(reply.strip().equalsIgnoreCase("y") || reply.strip().equalsIgnoreCase("yes"))) {
                    throw new ClientFailure(ClientFailure.Kind.ERROR, "not removed");
                }
            }
            var answer = session.client().delete(ApiPath.camera(id).query(Map.of("footage",
                    deleteFootage ? "delete" : "keep")));
            session.show(answer, out -> out.println("removed " + what));
        });
    }
}
