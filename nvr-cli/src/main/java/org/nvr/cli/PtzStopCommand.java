package org.nvr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code nvr ptz CAMERA stop}: {@code POST .../ptz/stop}. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop moving.")
final class PtzStopCommand implements Callable<Integer> {
    @ParentCommand
    private PtzCommand parent;

    @Mixin
    private AdminOptions admin;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            var answer = session.client().post(parent.path("stop"), null);
            session.show(answer, out -> out.println("stopped " + parent.camera()));
        });
    }
}
