// Throughput panel: rates derived from two consecutive meter readings (/v1/overview), and a sparkline of the last minutes.
// History lives in the page (it starts when the page opens); the server keeps no per-client state for it.

const HISTORY = 300; // samples; at one per 2 s, ten minutes

// name -> what the panel shows; `rate` turns a counter into a per-second (or per-minute) rate.
const ROWS = [
  { id: 'trades', label: 'trades in /s', metric: 'ticktape_trades_aggregated_total', rate: 1 },
  { id: 'messages', label: 'messages in /s', metric: ['ticktape_gateway_lines_accepted_total', 'ticktape_adapter_messages_total'], rate: 1 },
  { id: 'bars', label: 'bars out /min', metric: 'ticktape_bars_emitted_total', rate: 60 },
  { id: 'rows', label: 'rows stored /s', metric: 'ticktape_sink_rows_written_total', rate: 1 },
  { id: 'lag', label: 'sink lag (records)', metric: 'ticktape_sink_lag_records' },
  { id: 'late', label: 'late trades (total)', metric: 'ticktape_trades_late_total' },
  { id: 'revised', label: 'revised bars (total)', metric: 'ticktape_bars_revised_total' },
];

function value(metrics, metric) {
  const names = Array.isArray(metric) ? metric : [metric];
  let sum = null;
  for (const n of names) if (n in metrics) sum = (sum ?? 0) + metrics[n];
  return sum;
}

export class Throughput {
  constructor(table, canvas) {
    this.table = table;
    this.canvas = canvas;
    this.prev = null;
    this.latest = {};
    this.history = [];
  }

  /** Adds one scrape (summed by metric name) taken at `now` ms; returns whether anything is shown. */
  sample(metrics, now) {
    const values = {};
    for (const r of ROWS) {
      const v = value(metrics, r.metric);
      if (v == null) continue;
      if (!r.rate) {
        values[r.id] = v;
      } else if (this.prev && this.prev.values[r.id] != null) {
        const dt = (now - this.prev.at) / 1000;
        // A counter that went down is a restarted process: show nothing rather than a negative rate.
        values[r.id] = dt > 0 && v >= this.prev.values[r.id] ? ((v - this.prev.values[r.id]) / dt) * r.rate : null;
      } else {
        values[r.id] = null;
      }
    }
    this.prev = { at: now, values: Object.fromEntries(ROWS.filter(r => value(metrics, r.metric) != null).map(r => [r.id, value(metrics, r.metric)])) };
    this.latest = values;
    // The line follows the first figure this process has: trades in, else messages in, else rows stored.
    const lead = ['trades', 'messages', 'rows'].find(id => values[id] != null);
    if (lead) {
      this.lead = ROWS.find(r => r.id === lead).label;
      this.history.push(values[lead]);
      if (this.history.length > HISTORY) this.history.shift();
    }
    this.render();
    return Object.keys(values).length > 0;
  }

  render() {
    const tbody = this.table.tBodies[0];
    tbody.replaceChildren();
    for (const r of ROWS) {
      if (!(r.id in this.latest)) continue;
      const v = this.latest[r.id];
      const tr = document.createElement('tr');
      tr.dataset.metric = r.id;
      const a = document.createElement('td');
      a.textContent = r.label;
      const b = document.createElement('td');
      b.textContent = v == null ? '…' : Math.round(v).toLocaleString('en-US');
      if ((r.id === 'late' || r.id === 'revised') && v > 0) b.className = 'warnv';
      tr.append(a, b);
      tbody.appendChild(tr);
    }
    this.drawSparkline();
  }

  drawSparkline() {
    const c = this.canvas;
    const w = (c.width = c.clientWidth || 300);
    const h = (c.height = c.clientHeight || 48);
    const g = c.getContext('2d');
    g.clearRect(0, 0, w, h);
    const pts = this.history;
    if (pts.length < 2) return;
    const max = Math.max(...pts, 1);
    g.strokeStyle = '#388bfd';
    g.lineWidth = 1.5;
    g.beginPath();
    pts.forEach((v, i) => {
      const x = (i / (HISTORY - 1)) * w;
      const y = h - 2 - (v / max) * (h - 4);
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.stroke();
    g.fillStyle = '#7d8590';
    g.font = '10px system-ui, sans-serif';
    g.fillText(`${this.lead}, last ${Math.round((pts.length * 2) / 60)} min, max ${Math.round(max).toLocaleString('en-US')}`, 4, 11);
  }
}
