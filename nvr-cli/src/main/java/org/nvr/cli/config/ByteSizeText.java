package org.nvr.cli.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as people write them in nvr.yaml: {@code 0}, {@code 512MiB}, {@code 20GiB}, {@code 2TiB}. */
final class ByteSizeText {
    private static final Pattern FORM = Pattern.compile("(\\d{1,12})(B|KiB|MiB|GiB|TiB)?");

    private ByteSizeText() {
    }

    /** @throws IllegalArgumentException naming {@code key} when the text is not a size */
    static long parse(String key, String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + key + "' must be a size such as 0, 512MiB, 20GiB or 2TiB; got '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        int shift;
        String unit = m.group(2) == null ? "B" : m.group(2);
        switch (unit) {
            case "KiB":
                shift = 10;
                break;
            case "MiB":
                shift = 20;
                break;
            case "GiB":
                shift = 30;
                break;
            case "TiB":
                shift = 40;
                break;
            default:
                shift = 0;
        }
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("'" + key + "' is too large: '" + text + "'");
        }
        return n << shift;
    }
}
