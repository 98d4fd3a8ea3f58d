package dev.ticktape.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.persistence.PageKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PagingTest {
    @Test
    void aCursorCarriesTheSortKeyToTheMicrosecond() {
        PageKey key = PageKey.of(Instant.parse("2024-05-01T12:00:00.123456Z"), "ibkr", "SPY   240621C00510000");
        String cursor = Paging.encode(key);
        assertThat(cursor).doesNotContain("=", "+", "/"); // safe in a query string as it is
        assertThat(Paging.cursor(Map.of("cursor", cursor))).isEqualTo(key);
    }

    @Test
    void aPageFetchedWithOneRowMoreIsTruncatedAtItsLimit() {
        Paging.Page<Integer> page = Paging.of(List.of(1, 2, 3), 2, i -> PageKey.of(Instant.ofEpochSecond(i)));
        assertThat(page.rows()).containsExactly(1, 2);
        assertThat(page.truncated()).isTrue();
        assertThat(Paging.cursor(Map.of("cursor", page.next()))).isEqualTo(PageKey.of(Instant.ofEpochSecond(2)));
        Paging.Page<Integer> last = Paging.of(List.of(1, 2), 2, i -> PageKey.of(Instant.ofEpochSecond(i)));
        assertThat(last.truncated()).isFalse();
        assertThat(last.next()).isNull();
    }

    @Test
    void refusesLimitsOutOfRangeAndCursorsItDidNotIssue() {
        assertThat(Paging.limit(Map.of())).isEqualTo(Paging.DEFAULT_LIMIT);
        assertThatThrownBy(() -> Paging.limit(Map.of("limit", "0"))).hasMessageContaining("1..");
        assertThatThrownBy(() -> Paging.limit(Map.of("limit", String.valueOf(Paging.MAX_LIMIT + 1))))
                .hasMessageContaining("1..");
        assertThatThrownBy(() -> Paging.cursor(Map.of("cursor", "bm90IGpzb24"))).hasMessageContaining("cursor");
    }

    @Test
    void suggestsOnlyNamesWithinTwoEdits() {
        assertThat(EditDistance.between("BTCUSTD", "BTCUSDT")).isEqualTo(1); // a swap of neighbours
        assertThat(EditDistance.between("btcusdt", "BTCUSDT")).isZero();
        assertThat(EditDistance.closest("BTCUSTD", List.of("ETHUSDT", "BTCUSDT")))
                .hasValue("BTCUSDT");
        assertThat(EditDistance.closest("AAPL", List.of("BTCUSDT", "MSFT"))).isEmpty();
    }
}
