// The candle chart of one instrument: history from /v1/bars, then live bars. Series data is kept in a map by bar
// time, so a revised bar replaces its candle, and an update older than the last candle re-sets the whole series
// (lightweight-charts' update() only accepts the last bar or a newer one). Renders are coalesced.
const LWC = window.LightweightCharts;
const RENDER_EVERY_MS = 250;

export class CandleChart {
  constructor(element) {
    this.chart = LWC.createChart(element, {
      autoSize: true,
      layout: { background: { color: '#161b22' }, textColor: '#d7dde4' },
      grid: { vertLines: { color: '#21262d' }, horzLines: { color: '#21262d' } },
      timeScale: { timeVisible: true, secondsVisible: true },
    });
    this.candles = this.chart.addCandlestickSeries();
    this.volume = this.chart.addHistogramSeries({ priceScaleId: 'volume', priceFormat: { type: 'volume' } });
    this.chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    this.chart.priceScale('right').applyOptions({ scaleMargins: { top: 0.05, bottom: 0.25 } }); // candles above volume
    this.bars = new Map(); // time (s) -> bar JSON
    this.pending = [];
    this.lastTime = -Infinity;
    this.timer = null;
    this.renders = 0;
  }

  /** Replaces everything with these bars (any order). */
  setHistory(bars) {
    this.bars.clear();
    this.pending = [];
    for (const b of bars) this.bars.set(Math.floor(b.ts_ms / 1000), b);
    this.renderAll();
    this.chart.timeScale().scrollToRealTime();
  }

  /** A live bar: new, a revision of one we have, or out of order; drawn at the next coalesced render. */
  push(bar) {
    const t = Math.floor(bar.ts_ms / 1000);
    const have = this.bars.get(t);
    if (have && (have.revision ?? 0) > (bar.revision ?? 0)) return; // an older revision of a bar we already have
    // Live bars come from the topology, which does not know the gap ledger: keep the stored coverage until the
    // history is read again.
    if (have?.coverage && !bar.coverage) bar = { ...bar, coverage: have.coverage };
    this.bars.set(t, bar);
    this.pending.push(t);
    if (!this.timer) this.timer = setTimeout(() => this.flush(), RENDER_EVERY_MS);
  }

  flush() {
    this.timer = null;
    const times = [...new Set(this.pending)].sort((a, b) => a - b);
    this.pending = [];
    if (times.length === 0) return;
    if (times[0] < this.lastTime) {
      this.renderAll();
      return;
    }
    try {
      for (const t of times) {
        const b = this.bars.get(t);
        this.candles.update(candle(t, b));
        this.volume.update(volume(t, b));
        this.lastTime = t;
      }
      this.renders++;
    } catch (e) {
      this.renderAll(); // never leave the chart broken
    }
  }

  renderAll() {
    const times = [...this.bars.keys()].sort((a, b) => a - b);
    this.candles.setData(times.map(t => candle(t, this.bars.get(t))));
    this.volume.setData(times.map(t => volume(t, this.bars.get(t))));
    this.lastTime = times.length ? times[times.length - 1] : -Infinity;
    this.renders++;
  }

  /** Candles drawn, read back from the series itself. */
  candleCount() {
    return this.candles.data().length;
  }

  /** Candles per coverage value, from the bars drawn. */
  coverage() {
    const n = {};
    for (const b of this.bars.values()) n[b.coverage ?? 'unknown'] = (n[b.coverage ?? 'unknown'] ?? 0) + 1;
    return n;
  }

  lastCandle() {
    const d = this.candles.data();
    return d.length ? d[d.length - 1] : null;
  }
}

// A bar that may be missing trades (feed_gap) is hollow amber; one rebuilt from the venue's REST API is grey.
const COVERAGE_STYLE = {
  feed_gap: { color: 'rgba(0,0,0,0)', borderColor: '#d29922', wickColor: '#d29922' },
  backfilled: { color: '#6e7681', borderColor: '#8b949e', wickColor: '#8b949e' },
};

function candle(t, b) {
  return { time: t, open: b.open, high: b.high, low: b.low, close: b.close, ...(COVERAGE_STYLE[b.coverage] ?? {}) };
}

function volume(t, b) {
  return { time: t, value: b.volume, color: b.close >= b.open ? 'rgba(38,166,154,.5)' : 'rgba(239,83,80,.5)' };
}

/** A step line of target exposure (decisions), same map-by-time rules. */
export class StepChart {
  constructor(element) {
    this.chart = LWC.createChart(element, {
      autoSize: true,
      layout: { background: { color: '#161b22' }, textColor: '#d7dde4' },
      grid: { vertLines: { color: '#21262d' }, horzLines: { color: '#21262d' } },
      timeScale: { timeVisible: true, secondsVisible: true },
    });
    this.line = this.chart.addLineSeries({ lineType: LWC.LineType.WithSteps, color: '#388bfd' });
    this.points = new Map();
    this.timer = null;
  }

  clear() {
    this.points.clear();
    this.line.setData([]);
  }

  push(tsMs, value) {
    this.points.set(Math.floor(tsMs / 1000), value);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        const times = [...this.points.keys()].sort((a, b) => a - b).slice(-2000);
        this.line.setData(times.map(t => ({ time: t, value: this.points.get(t) })));
      }, 500);
    }
  }
}
