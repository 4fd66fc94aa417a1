package org.nvr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.nvr.cli.client.JsonFields;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nvr ptz CAMERA save NAME}: {@code POST .../ptz/presets {"name":"gate"}}, the current position. */
@Command(name = "save", mixinStandardHelpOptions = true, description = "Save the current position as a preset.")
final class PtzSaveCommand implements Callable<Integer> {
    @ParentCommand
    private PtzCommand parent;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "NAME", description = "Preset name.")
    private String name;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("name", PtzCommand.checkToken("NAME", name));
            JsonNode answer = session.client().post(parent.path("presets"), body);
            session.show(answer, out -> {
                String token = JsonFields.text(answer, "token");
                out.println("saved preset " + name + (token.equals(JsonFields.ABSENT) ? "" : " (token " + token + ")")
                        + " on " + parent.camera());
            });
        });
    }
}
