package dev.ticktape.adapters.tastytrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.options.OccSymbol;
import dev.ticktape.model.Greeks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TastytradeGreeksBookTest {
    private final TastytradeParser parser = new TastytradeParser(DxLinkMessages.EVENT_FIELDS);
    private final TastytradeGreeksBook book = new TastytradeGreeksBook();

    @Test
    void joinsGreeksWithOptionMarkAndUnderlyingPrice() {
        book.watch(".SPY260116C600", new TastytradeGreeksBook.Watched(OccSymbol.parse("SPY   260116C00600000", "SPY"), "5YZ55555"));
        parser.decode(Fixtures.text("feed-config-tastyware-fields.json"));
        List<Greeks> out = new ArrayList<>();
        for (String f : List.of("feed-data-quote.json", "feed-data-trade.json", "feed-data-greeks.json")) {
            for (DxRecord r : ((TastytradeWsFrame.FeedData) parser.decode(Fixtures.text(f))).records()) {
                Greeks g = book.apply(r, 1768230000200L);
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
        book.watch(".SPY260116P680", new TastytradeGreeksBook.Watched(OccSymbol.parse("SPY   260116P00680000", "SPY"), null));
        parser.decode(Fixtures.text("feed-config-greeks-without-rho.json"));
        List<Greeks> out = new ArrayList<>();
        for (DxRecord r : ((TastytradeWsFrame.FeedData) parser.decode(Fixtures.text("feed-data-greeks-without-rho.json"))).records()) {
            Greeks g = book.apply(r, 1768230000999L);
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
    void readsOpenEquityOptionPositionsWithStreamerSymbols() throws Exception {
        List<HeldOption> held = TastytradePositions.parse(new ObjectMapper().readTree(Fixtures.text("positions.json")));
        assertThat(held).extracting(HeldOption::streamerSymbol).containsExactly(".RIVN230609P14", ".SPXW241125P5990");
        assertThat(held.get(0).contract().occ()).isEqualTo("RIVN  230609P00014000");
        assertThat(held.get(0).account()).isEqualTo("5YZ55555");
        assertThat(held.get(1).contract().underlying()).isEqualTo("SPX");
    }

    @Test
    void quoteTokenAnswerCarriesDxlinkUrl() throws Exception {
        var data = new ObjectMapper().readTree(Fixtures.text("api-quote-tokens.json")).path("data");
        assertThat(data.path("dxlink-url").asText()).startsWith("wss://");
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
}
