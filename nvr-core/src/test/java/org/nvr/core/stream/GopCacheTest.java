package org.nvr.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nvr.core.testing.StreamItems.delta;
import static org.nvr.core.testing.StreamItems.key;
import static org.nvr.core.testing.StreamItems.sized;

import org.junit.jupiter.api.Test;

class GopCacheTest {

    @Test
    void ignoresUnitsBeforeTheFirstKeyframe() {
        GopCache cache = new GopCache(HubLimits.DEFAULT);

        assertThat(cache.add(delta(0))).isTrue();
        assertThat(cache.add(delta(1))).isTrue();

        assertThat(cache.units()).isEmpty();
        assertThat(cache.payloadBytes()).isZero();
    }

    @Test
    void keyframeStartsANewGop() {
        GopCache cache = new GopCache(HubLimits.DEFAULT);
        cache.add(key(0));
        cache.add(delta(1));
        cache.add(delta(2));

        cache.add(key(3));
        cache.add(delta(4));

        assertThat(cache.units()).containsExactly(key(3), delta(4));
        // Two 8-byte slice starts.
        assertThat(cache.payloadBytes()).isEqualTo(16);
    }

    @Test
    void holdsExactlyTheUnitLimitAndEmptiesBeyondUntilTheNextKeyframe() {
        GopCache cache = new GopCache(new HubLimits(3, 1024));
        cache.add(key(0));
        cache.add(delta(1));
        assertThat(cache.add(delta(2))).isTrue();
        assertThat(cache.size()).isEqualTo(3);

        assertThat(cache.add(delta(3))).isFalse();
        assertThat(cache.size()).isZero();
        cache.add(delta(4));
        assertThat(cache.size()).as("no GOP it cannot start").isZero();

        cache.add(key(5));
        assertThat(cache.units()).containsExactly(key(5));
    }

    @Test
    void emptiesWhenTheByteLimitIsExceeded() {
        GopCache cache = new GopCache(new HubLimits(300, 1000));
        cache.add(sized(0, true, 600));
        assertThat(cache.add(sized(1, false, 400))).isTrue();
        assertThat(cache.payloadBytes()).isEqualTo(1000);

        assertThat(cache.add(sized(2, false, 1))).isFalse();
        assertThat(cache.size()).isZero();
        assertThat(cache.payloadBytes()).isZero();
    }

    @Test
    void keyframeLargerThanTheByteLimitIsNotCached() {
        GopCache cache = new GopCache(new HubLimits(300, 1000));

        assertThat(cache.add(sized(0, true, 1001))).isFalse();
        cache.add(sized(1, false, 10));

        assertThat(cache.size()).isZero();
    }

    @Test
    void clearEmptiesUntilTheNextKeyframe() {
        GopCache cache = new GopCache(HubLimits.DEFAULT);
        cache.add(key(0));
        cache.add(delta(1));

        cache.clear();
        cache.add(delta(2));

        assertThat(cache.size()).isZero();
        assertThat(cache.payloadBytes()).isZero();
    }
}
