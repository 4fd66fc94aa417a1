package org.nvr.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PeersTest {
    @Test
    void missingPeerFailsOnCi() {
        assertThatThrownBy(() -> Peers.require("VLC (Debian package: vlc-bin)", false, "true"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("vlc-bin")
                .hasMessageContaining(".ci/run");
    }

    @Test
    void missingPeerSkipsOffCi() {
        assertThatThrownBy(() -> Peers.require("VLC (Debian package: vlc-bin)", false, null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("vlc-bin");
        assertThatThrownBy(() -> Peers.require("VLC (Debian package: vlc-bin)", false, ""))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void availablePeerPassesEverywhere() {
        assertThatCode(() -> Peers.require("sh", true, "true")).doesNotThrowAnyException();
        assertThatCode(() -> Peers.require("sh", true, null)).doesNotThrowAnyException();
    }

    @Test
    void findsCommandsOnPathOrByAbsolutePath() {
        assertThat(Peers.has("sh")).isTrue();
        assertThat(Peers.has("/bin/sh")).isTrue();
        assertThat(Peers.has("no-such-command-nvr-peers")).isFalse();
        assertThat(Peers.has("/no/such/command")).isFalse();
    }
}
