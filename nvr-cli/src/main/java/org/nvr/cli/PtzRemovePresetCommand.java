package org.nvr.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nvr ptz CAMERA remove-preset TOKEN}: {@code DELETE .../ptz/presets/{token}}. */
@Command(name = "remove-preset", mixinStandardHelpOptions = true, description = "Remove a preset.")
final class PtzRemovePresetCommand implements Callable<Integer> {
    @ParentCommand
    private PtzCommand parent;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "TOKEN", description = "Preset token, as 'presets' lists it.")
    private String token;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            var answer = session.client().delete(parent.path("presets", PtzCommand.checkToken("TOKEN", token)));
            session.show(answer, out -> out.println("removed preset " + token + " from " + parent.camera()));
        });
    }
}
