package org.nvr.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nvr ptz CAMERA goto PRESET}: {@code POST .../ptz/goto {"preset":"1"}}. */
@Command(name = "goto", mixinStandardHelpOptions = true, description = "Go to a preset.")
final class PtzGotoCommand implements Callable<Integer> {
    @ParentCommand
    private PtzCommand parent;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "PRESET", description = "Preset token, as 'presets' lists it.")
    private String preset;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("preset", PtzCommand.checkToken("PRESET", preset));
            var answer = session.client().post(parent.path("goto"), body);
            session.show(answer, out -> out.println("moving " + parent.camera() + " to preset " + preset));
        });
    }
}
