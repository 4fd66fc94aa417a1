package org.nvr.cli;

import static org.nvr.cli.client.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nvr.cli.client.ApiPath;
import org.nvr.cli.client.ClientEnvironment;
import org.nvr.cli.client.ClientFailure;
import org.nvr.cli.client.DurationConverter;
import org.nvr.cli.client.JsonFields;
import org.nvr.cli.client.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nvr discover [--cidr RANGE] [--timeout 3s]}: {@code GET /api/v1/discover} (admin), WS-Discovery run by the
 * NVR (multicast on its network, or unicast probes over an IPv4 range). The HTTP request waits for the probe's
 * timeout plus {@link #ANSWER_MARGIN}.
 */
@Command(name = "discover", mixinStandardHelpOptions = true,
        description = {"Find ONVIF cameras from the NVR (WS-Discovery).",
            "Exit codes: 0 done, 1 failed, 2 usage, 3 refused credentials or role, 5 server unreachable."})
final class DiscoverCommand implements Callable<Integer> {
    /** Time the NVR gets beyond the probe timeout to collect the answers and reply. */
    static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);
    /** Longest probe asked for; cameras answer a Probe within a second or two. */
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private final ClientEnvironment environment;

    @Mixin
    private AdminOptions admin;

    @Option(names = "--cidr", paramLabel = "RANGE",
            description = "Probe each IPv4 address of the range by unicast (e.g. 192.168.1.0/24) instead of"
                    + " multicast, for cameras on another subnet.")
    private String cidr;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s", converter = DurationConverter.class,
            description = "How long the NVR waits for answers, e.g. 3s or 500ms (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    /** The real environment and console. */
    DiscoverCommand() {
        this(ClientEnvironment.system());
    }

    /** For tests. */
    DiscoverCommand(ClientEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() {
        return admin.run(environment, session -> {
            if (timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw ClientFailure.usage("'--timeout' must be more than 0 and at most " + MAX_TIMEOUT.toSeconds()
                        + "s: " + timeout.toMillis() + "ms");
            }
            Map<String, String> query = new LinkedHashMap<>();
            if (cidr != null) {
                checkCidr(cidr);
                query.put("cidr", cidr);
            }
            query.put("timeoutMillis", Long.toString(timeout.toMillis()));
            JsonNode answer = session.client().get(ApiPath.api("discover").query(query),
                    timeout.plus(ANSWER_MARGIN));
            session.show(answer, out -> {
                TextTable table = new TextTable("NAME", "HARDWARE", "ADDRESS", "ENDPOINT");
                List<JsonNode> devices = JsonFields.items(answer, "devices");
                for (JsonNode device : devices) {
                    table.row(text(device, "name"), text(device, "hardware"), firstAddress(device),
                            text(device, "endpointReference"));
                }
                table.print(out);
                if (devices.isEmpty()) {
                    session.err().println("no ONVIF device answered within " + timeout.toMillis() + " ms");
                }
            });
        });
    }

    /** The first XAddr (a device may list one per interface); {@code -} when it announced none. */
    private static String firstAddress(JsonNode device) {
        List<JsonNode> addresses = JsonFields.items(device.path("xAddrs"), "xAddrs");
        return addresses.isEmpty() ? JsonFields.ABSENT : addresses.get(0).asText();
    }

    /** @throws ClientFailure USAGE unless {@code text} is an IPv4 range {@code a.b.c.d/n} */
    static void checkCidr(String text) throws ClientFailure {
        Matcher m = CIDR.matcher(text);
        boolean valid = m.matches() && Integer.parseInt(m.group(5)) <= 32;
        for (int i = 1; valid && i <= 4; i++) {
            valid = Integer.parseInt(m.group(i)) <= 255;
        }
        if (!valid) {
            throw ClientFailure.usage("'--cidr' must be an IPv4 range such as 192.168.1.0/24: " + text);
        }
    }
}
