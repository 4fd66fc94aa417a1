package org.nvr.cli;

import static org.nvr.cli.client.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import org.nvr.cli.client.JsonFields;
import org.nvr.cli.client.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code nvr ptz CAMERA presets}: {@code GET .../ptz/presets}. */
@Command(name = "presets", mixinStandardHelpOptions = true, description = "List the presets.")
final class PtzPresetsCommand implements Callable<Integer> {
    @ParentCommand
    private PtzCommand parent;

    @Mixin
    private AdminOptions admin;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            JsonNode answer = session.client().get(parent.path("presets"));
            session.show(answer, out -> {
                TextTable table = new TextTable("TOKEN", "NAME");
                for (JsonNode preset : JsonFields.items(answer, "presets")) {
                    table.row(text(preset, "token"), text(preset, "name"));
                }
                table.print(out);
            });
        });
    }
}
