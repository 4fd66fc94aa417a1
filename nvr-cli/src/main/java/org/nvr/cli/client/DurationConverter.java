package org.nvr.cli.client;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Converts {@code --timeout 3s}, {@code --duration 500ms}: a whole number with {@code ms}, {@code s} or {@code m};
 * anything else is a usage error (exit 2) naming the forms.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m)");

    @Override
    public Duration convert(String value) {
        Matcher m = FORM.matcher(value.strip());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: give e.g. 500ms, 3s"
                    + " or 1m");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            default:
                return Duration.ofMinutes(n);
        }
    }
}
