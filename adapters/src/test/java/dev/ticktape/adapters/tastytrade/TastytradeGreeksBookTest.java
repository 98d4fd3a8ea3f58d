package dev.ticktape.adapters.tastytrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Greeks;
import dev.ticktape.model.options.OccSymbol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TastytradeGreeksBookTest {
    private final TastytradeParser parser = new TastytradeParser(DxLinkMessages.EVENT_FIELDS);
    private final TastytradeGreeksBook book = new TastytradeGreeksBook();

    @Test
    void joinsGreeksWithOptionMarkAndUnderlyingPrice() {
        book.watch(
                ".SPY260116C600",
                new TastytradeGreeksBook.Watched(OccSymbol.parse("SPY   260116C00600000", "SPY"), "5YZ55555"));
        parser.decode(Fixtures.text("feed-config-tastyware-fields.json"));
        List<Greeks> out = new ArrayList<>();
        for (String f : List.of("feed-data-quote.json", "feed-data-trade.json", "feed-data-greeks.json")) {
            for (DxRecord r : ((TastytradeWsFrame.FeedData) parser.decode(Fixtures.text(f))).records()) {
                Greeks g = apply(r, 1768230000200L);
                if (g != null) out.add(g);
            }
        }
        assertThat(out).hasSize(1); // the put is not watched
        Greeks g = out.get(0);
        assertThat(g.venue()).isEqualTo("tastytrade");
        assertThat(g.symbol()).isEqualTo("SPY260116C00600000");
        assertThat(g.account()).isEqualTo("5YZ55555");
        assertThat(g.tsMs()).isEqualTo(1768230000123L);
        assertThat(g.recvMs()).isEqualTo(1768230000200L);
        assertThat(g.iv()).isEqualTo(0.2214);
        assertThat(g.delta()).isEqualTo(0.9612);
        assertThat(g.theta()).isEqualTo(-0.1322);
        assertThat(g.rho()).isEqualTo(0.0651);
        assertThat(g.mark()).isEqualTo((92.15 + 92.47) / 2);
        assertThat(g.underlyingPrice()).isEqualTo(691.85);
    }

    @Test
    void publishesNullsForMissingOrNonFiniteGreeksAndReceiveTimeWithoutVenueTime() {
        book.watch(
                ".SPY260116P680",
                new TastytradeGreeksBook.Watched(OccSymbol.parse("SPY   260116P00680000", "SPY"), null));
        parser.decode(Fixtures.text("feed-config-greeks-without-rho.json"));
        List<Greeks> out = new ArrayList<>();
        for (DxRecord r : ((TastytradeWsFrame.FeedData)
                        parser.decode(Fixtures.text("feed-data-greeks-without-rho.json")))
                .records()) {
            Greeks g = apply(r, 1768230000999L);
            if (g != null) out.add(g);
        }
        assertThat(out).singleElement().satisfies(g -> {
            assertThat(g.iv()).isNull();
            assertThat(g.gamma()).isNull();
            assertThat(g.rho()).isNull();
            assertThat(g.delta()).isEqualTo(-0.4171);
            assertThat(g.tsMs()).isEqualTo(1768230000999L);
            assertThat(g.mark()).isNull();
            assertThat(g.account()).isNull();
        });
    }

    @Test
    void chunksLargeSubscriptions() {
        List<String> streams = new ArrayList<>();
        for (int i = 0; i < 1000; i++) streams.add("Greeks:.SPY260116C" + (400 + i));
        List<String> msgs = DxLinkMessages.add(streams);
        assertThat(msgs.size()).isGreaterThan(1);
        assertThat(msgs).allSatisfy(m -> assertThat(m.length()).isLessThan(8192));
        assertThat(String.join("", msgs)).contains("\"symbol\":\".SPY260116C1399\"");
    }

    /** A record through the parser's event reading into the book, as the stream handler does it. */
    private Greeks apply(DxRecord r, long recvMs) {
        DxEvent e = parser.toEvent(r);
        return e == null ? null : book.apply(e, recvMs);
    }
}
