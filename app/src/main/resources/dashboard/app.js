// ticktape's realtime dashboard. Every panel asks its own endpoint and stays hidden when this process does not
// serve it (a process with only some parts shows what exists). No build step: plain ES modules.
import { CandleChart, StepChart } from './candles.js';
import { Throughput } from './throughput.js';

const STALE_MS = 5000;
const PRICE_WINDOW_MS = 60_000;
const $ = sel => document.querySelector(sel);
const key = (venue, symbol) => `${venue}:${symbol}`;

const state = {
  instruments: new Map(), // key -> {venue, symbol, bars: Map(ts_ms -> bar), lastBarMs, lastClose}
  selected: null,
  interval: '1s',
  health: '',
  priceRenders: 0,
  streams: {},
};
let chart = null;
let stepChart = null;
let throughput = null;

// ---------- helpers ----------
async function getJson(url) {
  const r = await fetch(url, { headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await r.json(); } catch (e) { /* not JSON */ }
  return { status: r.status, ok: r.ok, body };
}

function td(text, cls) {
  const c = document.createElement('td');
  c.textContent = text ?? '';
  if (cls) c.className = cls;
  return c;
}

function row(cells, cls) {
  const r = document.createElement('tr');
  cells.forEach(c => r.appendChild(c instanceof Node ? c : td(c)));
  if (cls) r.className = cls;
  return r;
}

function fmtAge(ms) {
  if (ms == null) return '';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

function fmtNum(x, digits) {
  if (x == null || Number.isNaN(x)) return '';
  if (digits != null) return Number(x).toFixed(digits);
  const a = Math.abs(x);
  if (a !== 0 && a < 0.001) return Number(x).toPrecision(3);
  return Number(x).toLocaleString('en-US', { maximumFractionDigits: a >= 100 ? 2 : a >= 1 ? 4 : 6 });
}

function fmtTime(ms) {
  return ms == null ? '' : new Date(ms).toISOString().substring(11, 19);
}

function show(id, visible) {
  $(id).hidden = !visible;
}

function openStream(name, url, events) {
  if (state.streams[name]) state.streams[name].close();
  const es = new EventSource(url);
  for (const [ev, fn] of Object.entries(events)) {
    if (ev === 'open' || ev === 'error') continue;
    es.addEventListener(ev, m => { try { fn(JSON.parse(m.data)); } catch (e) { console.warn(name, e); } });
  }
  if (events.open) es.onopen = events.open;
  if (events.error) es.onerror = events.error;
  state.streams[name] = es;
  return es;
}

// ---------- health line and connections ----------
async function refreshHealth() {
  const problems = [];
  let sinks = 0;
  let feeds = 0;
  // One request for what this panel needs: the process's health, its feeds and its meters (GET /v1/overview).
  let o = null;
  try {
    const r = await getJson('/v1/overview');
    if (r.ok) o = r.body;
  } catch (e) { /* handled below */ }
  if (!o) {
    problems.push('the process does not answer');
  } else {
    for (const [name, c] of Object.entries(o.health?.components ?? {})) {
      if (name.startsWith('sink')) sinks++;
      if (!c.up) problems.push(`${name} down${c.detail ? ' (' + c.detail + ')' : ''}`);
    }
    const s = o.streaming;
    show('#connections-panel', !!s);
    if (s) {
      const tbody = $('#connections tbody');
      tbody.replaceChildren();
      // A connection of an adapter no longer running is stopped, whatever its last status said.
      const running = s.running ?? null;
      for (const c of s.connections ?? []) {
        feeds++;
        if (running && !(c.venue in running) && c.state === 'connected') c.state = 'stopped';
        const connected = c.state === 'connected';
        const stale = connected && c.last_message_age_ms > STALE_MS;
        if (!connected) problems.push(`${c.venue} ${c.connection} ${c.state}`);
        else if (stale) problems.push(`${c.venue} ${c.connection} stale (no message for ${fmtAge(c.last_message_age_ms)})`);
        tbody.appendChild(row([
          c.venue, c.connection, td(stale ? 'stale' : c.state, 'state'),
          c.since ? c.since.substring(11, 19) + 'Z' : '', fmtAge(c.last_message_age_ms), String(c.reconnects),
          fmtNum(c.messages_per_second, 1)],
          !connected ? 'down' : stale ? 'stale' : ''));
        tbody.lastChild.dataset.venue = c.venue;
        tbody.lastChild.dataset.state = stale ? 'stale' : c.state;
      }
    }
    state.metrics = o.meters ?? {};
    throughput ??= new Throughput($('#throughput'), $('#throughput-spark'));
    show('#throughput-panel', throughput.sample(state.metrics, o.at_ms ?? Date.now()));
  }
  let text;
  if (problems.length) {
    text = problems.join('; ');
  } else {
    const parts = [];
    parts.push(feeds ? 'all feeds connected' : 'running (no live feeds here)');
    if (sinks) parts.push('sinks writing');
    text = parts.join(', ');
  }
  state.health = text;
  const el = $('#health');
  el.textContent = text;
  el.className = 'health ' + (problems.length ? 'bad' : 'ok');
}

// ---------- prices ----------
function instrument(venue, symbol) {
  const k = key(venue, symbol);
  let i = state.instruments.get(k);
  if (!i) {
    i = { venue, symbol, bars: new Map(), lastBarMs: null, lastClose: null };
    state.instruments.set(k, i);
    refreshInstrumentSelect();
  }
  return i;
}

function onBar1s(bar) {
  const i = instrument(bar.venue, bar.symbol);
  i.bars.set(bar.ts_ms, bar);
  if (i.lastBarMs == null || bar.ts_ms >= i.lastBarMs) {
    i.lastBarMs = bar.ts_ms;
    i.lastClose = bar.close;
  }
  schedulePrices();
  if (state.interval === '1s' && key(bar.venue, bar.symbol) === state.selected) chart?.push(bar);
}

let pricesTimer = null;
function schedulePrices() {
  if (!pricesTimer) pricesTimer = setTimeout(renderPrices, 500);
}

function renderPrices() {
  pricesTimer = null;
  const cutoff = Date.now() - PRICE_WINDOW_MS;
  const tbody = $('#prices tbody');
  tbody.replaceChildren();
  const live = [...state.instruments.values()]
    .filter(i => i.lastBarMs != null && i.lastBarMs >= cutoff)
    .sort((a, b) => key(a.venue, a.symbol).localeCompare(key(b.venue, b.symbol)));
  for (const i of live) {
    for (const t of [...i.bars.keys()]) if (t < cutoff) i.bars.delete(t);
    const bars = [...i.bars.values()].sort((a, b) => a.ts_ms - b.ts_ms);
    const open = bars.length ? bars[0].open : null;
    const vol = bars.reduce((s, b) => s + (b.volume ?? 0), 0);
    const change = open != null && i.lastClose != null ? i.lastClose - open : null;
    const pct = change != null && open ? (100 * change) / open : null;
    const r = row([
      i.venue, i.symbol, fmtNum(i.lastClose),
      td(change == null ? '' : `${change >= 0 ? '+' : ''}${fmtNum(change)} (${pct.toFixed(2)}%)`,
        change > 0 ? 'up' : change < 0 ? 'downv' : ''),
      fmtNum(vol), fmtTime(i.lastBarMs) + 'Z'],
      key(i.venue, i.symbol) === state.selected ? 'selected' : '');
    r.dataset.key = key(i.venue, i.symbol);
    r.dataset.lastBarMs = String(i.lastBarMs);
    r.addEventListener('click', () => select(r.dataset.key));
    tbody.appendChild(r);
  }
  state.priceRenders++;
  show('#prices-panel', live.length > 0 || state.instruments.size > 0);
}

async function loadInstruments() {
  const r = await getJson('/v1/instruments').catch(() => null);
  if (!r || !r.ok) return;
  const cutoff = Date.now() - PRICE_WINDOW_MS;
  for (const row of r.body.instruments ?? []) {
    const i = instrument(row.venue, row.symbol);
    const last = row.last_bar ? Date.parse(row.last_bar) : null;
    if (last != null && (i.lastBarMs == null || last > i.lastBarMs)) {
      i.lastBarMs = last;
      i.lastClose = row.last_close;
    }
    if (last != null && last >= cutoff && i.bars.size === 0) {
      const from = new Date(cutoff).toISOString();
      const h = await getJson(`/v1/bars?venue=${enc(i.venue)}&symbol=${enc(i.symbol)}&interval=1s&from=${from}&limit=100`)
        .catch(() => null);
      for (const b of h?.body?.bars ?? []) if (!i.bars.has(b.ts_ms)) i.bars.set(b.ts_ms, b);
    }
  }
  schedulePrices();
}

const enc = encodeURIComponent;

// ---------- chart ----------
function refreshInstrumentSelect() {
  const sel = $('#instrument');
  const keys = [...state.instruments.keys()].sort();
  if (sel.options.length === keys.length) return;
  sel.replaceChildren(...keys.map(k => new Option(k.replace(':', ' '), k)));
  if (state.selected) sel.value = state.selected;
  show('#chart-panel', keys.length > 0);
  if (!state.selected && keys.length) {
    const live = keys.find(k => state.instruments.get(k).lastBarMs > Date.now() - PRICE_WINDOW_MS);
    select(live ?? keys[0]);
  }
}

async function select(k) {
  if (!k) return;
  state.selected = k;
  $('#instrument').value = k;
  schedulePrices();
  await loadChart();
  loadDecisionHistory();
}

async function loadChart() {
  const k = state.selected;
  const i = state.instruments.get(k);
  if (!i) return;
  if (!chart) chart = new CandleChart($('#chart'));
  const interval = state.interval;
  const span = interval === '1s' ? 900_000 : 1000 * 60_000;
  const from = new Date(Date.now() - span).toISOString();
  state.chartLoading = true;
  const h = await getJson(
    `/v1/bars?venue=${enc(i.venue)}&symbol=${enc(i.symbol)}&interval=${interval}&from=${from}&limit=1000`).catch(() => null);
  if (k !== state.selected || interval !== state.interval) return; // the user moved on meanwhile
  const bars = h?.ok ? h.body.bars ?? [] : [];
  chart.setHistory(bars);
  state.chartLoading = false;
  $('#chart-note').textContent = h?.ok ? `${i.venue} ${i.symbol} ${interval}` : 'no bar history here';
  if (interval === '1m') {
    openStream('bars1m', `/v1/stream?kind=bars&interval=1m&venue=${enc(i.venue)}&symbols=${enc(i.symbol)}`, {
      bar: b => { if (state.interval === '1m' && key(b.venue, b.symbol) === state.selected) chart.push(b); },
    });
  } else if (state.streams.bars1m) {
    state.streams.bars1m.close();
    delete state.streams.bars1m;
  }
}

function setInterval_(interval) {
  state.interval = interval;
  for (const b of document.querySelectorAll('.toggle button')) b.classList.toggle('on', b.dataset.interval === interval);
  loadChart();
}

// ---------- decisions ----------
const latestDecisions = new Map();

async function loadDecisions() {
  const r = await getJson('/v1/decisions/latest').catch(() => null);
  if (!r || !r.ok) return false;
  for (const d of r.body.decisions ?? []) latestDecisions.set(key(d.venue, d.symbol), d);
  // Shown once there is a decision: the route exists wherever bars are stored, decisions only with --emit-decisions.
  show('#decisions-panel', latestDecisions.size > 0);
  stepChart = new StepChart($('#decision-chart'));
  renderDecisions();
  loadDecisionHistory();
  openStream('decisions', '/v1/stream?kind=decisions&coalesce_ms=250', { decision: onDecision });
  return true;
}

function onDecision(d) {
  const k = key(d.venue, d.symbol);
  const ts = d.ts_ms ?? Date.parse(d.timestamp);
  latestDecisions.set(k, { ...d, timestamp: d.timestamp ?? new Date(ts).toISOString() });
  show('#decisions-panel', true);
  if (k === state.selected && stepChart) stepChart.push(ts, d.target_exposure);
  scheduleDecisions();
}

let decisionsTimer = null;
function scheduleDecisions() {
  if (!decisionsTimer) decisionsTimer = setTimeout(renderDecisions, 500);
}

function renderDecisions() {
  decisionsTimer = null;
  const tbody = $('#decisions tbody');
  tbody.replaceChildren();
  for (const [k, d] of [...latestDecisions.entries()].sort()) {
    tbody.appendChild(row([d.venue, d.symbol, (d.timestamp ?? '').substring(11, 19), String(d.target_exposure),
      td(String(d.delta_exposure), d.delta_exposure > 0 ? 'up' : d.delta_exposure < 0 ? 'downv' : ''),
      d.direction, d.hold ? 'held' : '', d.reason ?? ''], k === state.selected ? 'selected' : ''));
  }
}

async function loadDecisionHistory() {
  if (!stepChart || !state.selected) return;
  stepChart.clear();
  const i = state.instruments.get(state.selected);
  const from = new Date(Date.now() - 900_000).toISOString();
  const r = await getJson(`/v1/decisions?venue=${enc(i.venue)}&symbol=${enc(i.symbol)}&from=${from}&limit=1000`)
    .catch(() => null);
  for (const d of r?.ok ? r.body.decisions ?? [] : []) stepChart.push(Date.parse(d.timestamp), d.target_exposure);
}

// ---------- options ----------
async function refreshGreeks() {
  const sel = $('#underlying');
  const underlying = sel.value || 'SPY';
  const r = await getJson(`/v1/greeks/latest?underlying=${enc(underlying)}&limit=200`).catch(() => null);
  const rows = r?.ok ? r.body.greeks ?? [] : [];
  show('#options-panel', rows.length > 0);
  if (!sel.options.length) sel.replaceChildren(new Option(underlying, underlying));
  const tbody = $('#greeks tbody');
  tbody.replaceChildren();
  for (const g of rows.slice(0, 40)) {
    const contract = typeof g.contract === 'object' && g.contract ? g.contract.occ ?? g.symbol : g.contract ?? g.symbol;
    // Delayed or frozen values (the broker says so) are marked and greyed: never shown as live.
    const live = (g.availability ?? 'realtime') === 'realtime';
    const when = g.ts_ms ? fmtTime(g.ts_ms) + 'Z' : String(g.time ?? '').substring(11, 19);
    tbody.appendChild(row([g.broker ?? g.venue, contract, fmtNum(g.iv, 4),
      fmtNum(g.delta, 4), fmtNum(g.gamma, 4), fmtNum(g.theta, 4), fmtNum(g.vega, 4),
      live ? when : `${when} ${g.availability}`], live ? '' : 'notlive'));
  }
}

// ---------- summaries and features ----------
async function refreshAnalytics() {
  if (!state.selected) return;
  const i = state.instruments.get(state.selected);
  const q = `venue=${enc(i.venue)}&symbol=${enc(i.symbol)}`;
  const [s, f] = await Promise.all([
    getJson(`/v1/summaries/latest?${q}`).catch(() => null),
    getJson(`/v1/features/latest?${q}`).catch(() => null),
  ]);
  const any = fillValues('#summaries', s) | fillValues('#features', f);
  show('#analytics-panel', any > 0);
}

function fillValues(table, r) {
  const tbody = $(`${table} tbody`);
  tbody.replaceChildren();
  // One object for one venue's instrument, or {items: [...]} with one per venue.
  const items = r?.ok ? r.body.items ?? (r.body.type ? [r.body] : []) : [];
  for (const item of items.slice(0, 4)) {
    const window = item.window_ms ? `${item.window_ms / 1000}s` : item.interval ?? '';
    const label = [items.length > 1 ? item.venue : '', window].filter(Boolean).join(' ');
    const values = { ...item, ...(item.values ?? {}) };
    for (const [k, v] of Object.entries(values)) {
      if (typeof v !== 'number' || ['ts_ms', 'recv_ms', 'revision', 'bar_revision', 'window_ms'].includes(k)) continue;
      tbody.appendChild(row([label, k, fmtNum(v)]));
    }
  }
  return items.length;
}

// ---------- data quality ----------
let gapsSeen = null;

async function refreshQuality() {
  const [g, r] = await Promise.all([
    getJson('/v1/gaps?limit=50').catch(() => null),
    getJson('/v1/reconciliation/summary').catch(() => null),
  ]);
  const gaps = g?.ok ? g.body.gaps ?? [] : null;
  if (gaps) {
    const tbody = $('#gaps tbody');
    tbody.replaceChildren();
    for (const x of gaps) {
      const from = x.from_ms ?? x.ts_ms;
      const len = x.to_ms == null ? `open ${fmtAge(Date.now() - from)}` : fmtAge(x.to_ms - from);
      const instruments = (x.instruments ?? []).length ? x.instruments.join(',') : 'all';
      const recovery = x.recovery + (x.recovered ? ` (${x.recovered})` : '');
      tbody.appendChild(row([x.venue, x.connection ?? x.symbol, instruments, fmtTime(from) + 'Z', len, x.cause, recovery],
        x.to_ms == null ? 'down' : x.recovery === 'backfilled' ? '' : 'stale'));
    }
    // A gap that appeared, closed or was backfilled changes the coverage of stored bars: read the chart again.
    const seen = JSON.stringify(gaps.map(x => [x.venue, x.connection, x.from_ms, x.to_ms, x.recovery]));
    if (gapsSeen !== null && seen !== gapsSeen && state.selected) loadChart();
    gapsSeen = seen;
  }
  const summary = r?.ok && r.body.total > 0 ? r.body : null; // a store with no checks has nothing to say
  if (summary) {
    const counts = summary.counts ?? summary.by_status ?? {};
    const text = Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ');
    $('#reconciliation').textContent = `reconciliation against the venues' bars: ${text || 'nothing checked yet'}`;
  }
  show('#reconciliation', !!summary);
  show('#quality-panel', (gaps && gaps.length > 0) || !!summary);
}

// ---------- alerts ----------
function onAlert(a) {
  const ul = $('#alerts');
  if (ul.firstElementChild?.classList.contains('muted')) ul.replaceChildren();
  const li = document.createElement('li');
  const when = fmtTime(a.ts_ms ?? Date.now()) + 'Z ';
  li.textContent = when + [a.alert ?? a.type, a.state, a.venue, a.connection,
    a.age_ms != null ? `no data for ${fmtAge(a.age_ms)}` : null]
    .filter(x => x != null && x !== '').join(' · ');
  li.className = a.state === 'recovered' ? 'up' : 'downv';
  ul.prepend(li);
  while (ul.children.length > 100) ul.lastChild.remove();
}

// ---------- start ----------
function start() {
  $('#instrument').addEventListener('change', e => select(e.target.value));
  for (const b of document.querySelectorAll('.toggle button')) b.addEventListener('click', () => setInterval_(b.dataset.interval));
  $('#underlying').addEventListener('change', refreshGreeks);

  refreshHealth();
  setInterval(refreshHealth, 2000);
  loadInstruments();
  setInterval(loadInstruments, 15_000);
  setInterval(schedulePrices, 2000); // instruments fall out of the last minute even without new bars
  openStream('bars1s', '/v1/stream?kind=bars&interval=1s&coalesce_ms=250', {
    bar: onBar1s,
    error: () => { $('#chart-note').textContent = 'live stream interrupted; reconnecting'; },
  });
  openStream('alerts', '/v1/stream?kind=alerts', { alert: onAlert, open: () => show('#alerts-panel', true) });
  loadDecisions();
  refreshGreeks();
  setInterval(refreshGreeks, 5000);
  setInterval(refreshAnalytics, 3000);
  refreshQuality();
  setInterval(refreshQuality, 5000);
}

// What the page shows, for scripts and tests: read from the chart's series, not from the canvas.
window.ticktape = {
  health: () => state.health,
  selected: () => state.selected,
  interval: () => state.interval,
  select: k => select(k),
  setInterval: i => setInterval_(i),
  candleCount: () => (chart ? chart.candleCount() : 0),
  lastCandle: () => (chart ? chart.lastCandle() : null),
  candles: () => (chart ? chart.candles.data().map(c => ({ ...c })) : []),
  chartRenders: () => (chart ? chart.renders : 0),
  instruments: () => [...state.instruments.keys()],
  coverage: () => (chart ? chart.coverage() : {}),
  throughput: () => (throughput ? { ...throughput.latest, history: throughput.history.length } : null),
  pushBar: b => chart?.push(b), // for checking out-of-order handling by hand
};

start();
