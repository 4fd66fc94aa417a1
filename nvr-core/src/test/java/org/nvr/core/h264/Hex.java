package org.nvr.core.h264;

import java.util.HexFormat;

/** Test vectors written as commented hex: whitespace and {@code |} separators are ignored. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("[\\s|]", ""));
    }

    static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
