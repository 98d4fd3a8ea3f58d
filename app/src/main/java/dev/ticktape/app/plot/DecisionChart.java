package dev.ticktape.app.plot;

import dev.ticktape.model.Decision;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.text.DecimalFormat;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.LegendItemSource;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.Range;
import org.jfree.data.xy.DefaultIntervalXYDataset;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * The decision chart: three panels on one time axis. On top the target exposure, stepwise (a target holds until
 * the next decision; nothing is interpolated), one series per instrument; below it the delta exposure as bars,
 * which shows churn and so fee pressure; at the bottom the notional PnL of holding the targets ({@link PnlCurve}).
 * It plots target exposure, not executions.
 */
public final class DecisionChart {
    static {
        // Rendering to files never needs a display; without this AWT may look for one.
        System.setProperty("java.awt.headless", "true");
    }

    /** The OBSERVE shading: translucent amber behind the data. */
    public static final Color OBSERVE_SHADE = new Color(255, 152, 0, 60);

    /** A decision's bar: the last target is drawn for one bar past its decision, so a lone decision shows. */
    static final long BAR_MS = 1000;

    private static final Color GRID = new Color(225, 225, 225);
    private static final Color ZERO = new Color(150, 150, 150);
    private static final BasicStroke LINE = new BasicStroke(2f);

    private DecisionChart() {}

    /**
     * Renders the series.
     *
     * @param note   appended to the subtitle (e.g. skipped lines), or null
     * @param domain a fixed time range (for time-lapse frames), or null to fit the data
     */
    public static RenderedChart render(List<InstrumentSeries> series, ChartStyle style, String note, Range domain) {
        JFreeChart chart = build(series, style, note, domain);
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image =
                chart.createBufferedImage(style.width(), style.height(), BufferedImage.TYPE_INT_RGB, info);
        PlotRenderingInfo plot = info.getPlotInfo();
        DateAxis time = (DateAxis) ((CombinedDomainXYPlot) chart.getPlot()).getDomainAxis();
        return new RenderedChart(
                image, area(plot, 0), area(plot, 1), area(plot, 2), time.getLowerBound(), time.getUpperBound());
    }

    static JFreeChart build(List<InstrumentSeries> series, ChartStyle style, String note, Range domain) {
        DateAxis time = new DateAxis("bar start (UTC)");
        TimeZone utc = TimeZone.getTimeZone("UTC");
        time.setTimeZone(utc);
        time.setLowerMargin(0.01);
        time.setUpperMargin(0.01);
        if (domain != null) time.setRange(domain);
        long first = firstTs(series);
        long end = lastTs(series) + BAR_MS;
        if (!series.isEmpty()) {
            long span = domain != null ? (long) domain.getLength() : end - first;
            SimpleDateFormat fmt = new SimpleDateFormat(span > 86_400_000L ? "MM-dd HH:mm" : "HH:mm:ss", Locale.ROOT);
            fmt.setTimeZone(utc);
            time.setDateFormatOverride(fmt);
        }

        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(12);
        XYPlot exposure = exposurePlot(series, style, end);
        XYPlot delta = deltaPlot(series, style, domain, first, end);
        XYPlot pnl = pnlPlot(series);
        plot.add(exposure, 5);
        plot.add(delta, 2);
        plot.add(pnl, 3);
        if (style.posture()) {
            for (Range r : observePeriods(series, end)) {
                for (XYPlot p : List.of(exposure, delta, pnl)) {
                    IntervalMarker m = new IntervalMarker(r.getLowerBound(), r.getUpperBound(), OBSERVE_SHADE);
                    m.setOutlinePaint(null);
                    m.setAlpha(1f); // the colour carries its own alpha; the marker default would fade it twice
                    p.addDomainMarker(m, Layer.BACKGROUND);
                }
            }
        }

        String title = series.size() == 1
                ? "ticktape decisions: " + series.get(0).label()
                : "ticktape decisions: " + series.size() + " instruments";
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(summary(series, note), new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setSources(new LegendItemSource[] {plot, () -> extraLegend(style)});
        return chart;
    }

    private static XYPlot exposurePlot(List<InstrumentSeries> series, ChartStyle style, long end) {
        DefaultXYDataset data = new DefaultXYDataset();
        List<double[]> urgency = new ArrayList<>();
        for (InstrumentSeries s : series) {
            List<Decision> ds = s.decisions();
            int n = ds.size();
            // One extra point one bar past the last decision: the step renderer draws a level only up to the
            // next point, and the last target holds until the chart's end.
            double[][] xy = new double[2][n + 1];
            double[] u = new double[n + 1];
            for (int i = 0; i < n; i++) {
                Decision d = ds.get(i);
                xy[0][i] = d.tsMs();
                xy[1][i] = d.targetExposure();
                u[i] = d.urgency();
            }
            xy[0][n] = end;
            xy[1][n] = ds.get(n - 1).targetExposure();
            u[n] = u[n - 1];
            data.addSeries(s.label(), xy);
            urgency.add(u);
        }
        XYStepRenderer line = style.urgencyThickness() ? new UrgencyStepRenderer(urgency) : new XYStepRenderer();
        line.setDefaultStroke(LINE);
        line.setAutoPopulateSeriesStroke(false);
        colour(line, series.size());

        NumberAxis axis = new NumberAxis("target exposure");
        axis.setRange(-1.15, 1.15);
        axis.setTickUnit(new NumberTickUnit(0.5));
        XYPlot p = panel(data, axis, line);
        if (style.showState()) {
            DefaultXYDataset marks = new DefaultXYDataset();
            List<int[]> states = new ArrayList<>();
            for (InstrumentSeries s : series) {
                List<Decision> changes = stateChanges(s.decisions());
                double[][] xy = new double[2][changes.size()];
                int[] st = new int[changes.size()];
                for (int i = 0; i < changes.size(); i++) {
                    xy[0][i] = changes.get(i).tsMs();
                    xy[1][i] = changes.get(i).state();
                    st[i] = changes.get(i).state();
                }
                marks.addSeries(s.label() + " state", xy);
                states.add(st);
            }
            StateMarkerRenderer r = new StateMarkerRenderer(states);
            for (int i = 0; i < series.size(); i++)
                r.setSeriesPaint(i, Palette.of(i).darker());
            r.setDefaultSeriesVisibleInLegend(false);
            p.setDataset(1, marks);
            p.setRenderer(1, r);
            p.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        }
        return p;
    }

    private static XYPlot deltaPlot(
            List<InstrumentSeries> series, ChartStyle style, Range domain, long first, long end) {
        // A 1s bar is far under a pixel on a long chart: bars get at least ~3 px so a change stays visible.
        double span = domain != null ? domain.getLength() : Math.max(BAR_MS, end - first);
        double half = Math.max(BAR_MS / 2.0, 1.5 * span / style.width());
        DefaultIntervalXYDataset data = new DefaultIntervalXYDataset();
        for (InstrumentSeries s : series) {
            List<Decision> moves =
                    s.decisions().stream().filter(d -> d.deltaExposure() != 0).toList();
            double[][] v = new double[6][moves.size()];
            for (int i = 0; i < moves.size(); i++) {
                Decision d = moves.get(i);
                v[0][i] = d.tsMs();
                v[1][i] = d.tsMs() - half;
                v[2][i] = d.tsMs() + half;
                v[3][i] = d.deltaExposure();
                v[4][i] = 0;
                v[5][i] = d.deltaExposure();
            }
            data.addSeries(s.label(), v);
        }
        XYBarRenderer bars = new XYBarRenderer();
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setDefaultSeriesVisibleInLegend(false);
        for (int i = 0; i < series.size(); i++) bars.setSeriesPaint(i, Palette.withAlpha(Palette.of(i), 190));

        NumberAxis axis = new NumberAxis("delta exposure");
        axis.setRange(-2.2, 2.2);
        axis.setTickUnit(new NumberTickUnit(1));
        return panel(data, axis, bars);
    }

    private static XYPlot pnlPlot(List<InstrumentSeries> series) {
        DefaultXYDataset data = new DefaultXYDataset();
        for (InstrumentSeries s : series) {
            List<Decision> ds = s.decisions();
            double[] pnl = PnlCurve.of(ds);
            double[][] xy = new double[2][ds.size()];
            for (int i = 0; i < ds.size(); i++) {
                xy[0][i] = ds.get(i).tsMs();
                xy[1][i] = pnl[i];
            }
            data.addSeries(s.label(), xy);
        }
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setDefaultStroke(new BasicStroke(1.5f));
        line.setAutoPopulateSeriesStroke(false);
        line.setDefaultSeriesVisibleInLegend(false);
        colour(line, series.size());

        NumberAxis axis = new NumberAxis("PnL, net of est. costs");
        axis.setNumberFormatOverride(new DecimalFormat("0.00%"));
        axis.setAutoRangeIncludesZero(true);
        return panel(data, axis, line);
    }

    private static XYPlot panel(org.jfree.data.xy.XYDataset data, NumberAxis axis, XYItemRenderer renderer) {
        axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        XYPlot p = new XYPlot(data, null, axis, renderer);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(GRID);
        p.setRangeGridlinePaint(GRID);
        p.setOutlinePaint(ZERO);
        ValueMarker zero = new ValueMarker(0, ZERO, new BasicStroke(1f));
        p.addRangeMarker(zero, Layer.BACKGROUND);
        return p;
    }

    private static void colour(XYItemRenderer r, int n) {
        for (int i = 0; i < n; i++) r.setSeriesPaint(i, Palette.of(i));
    }

    /** The first decision of a series and each one whose state differs from the one before. */
    static List<Decision> stateChanges(List<Decision> ds) {
        List<Decision> out = new ArrayList<>();
        Integer prev = null;
        for (Decision d : ds) {
            if (prev == null || d.state() != prev) out.add(d);
            prev = d.state();
        }
        return out;
    }

    /**
     * Time ranges in which some plotted series was in {@code OBSERVE}: from an OBSERVE decision to the next
     * ACTIVE one of that series (or one bar past its last decision), merged across series.
     */
    static List<Range> observePeriods(List<InstrumentSeries> series, long end) {
        List<Range> raw = new ArrayList<>();
        for (InstrumentSeries s : series) {
            long start = -1;
            for (Decision d : s.decisions()) {
                boolean observe = d.posture() == Decision.Posture.OBSERVE;
                if (observe && start < 0) start = d.tsMs();
                if (!observe && start >= 0) {
                    raw.add(new Range(start, d.tsMs()));
                    start = -1;
                }
            }
            if (start >= 0) {
                long last = s.decisions().get(s.decisions().size() - 1).tsMs();
                raw.add(new Range(start, Math.max(end, last + BAR_MS)));
            }
        }
        raw.sort((a, b) -> Double.compare(a.getLowerBound(), b.getLowerBound()));
        List<Range> merged = new ArrayList<>();
        for (Range r : raw) {
            Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r.getLowerBound() <= last.getUpperBound()) {
                merged.set(
                        merged.size() - 1,
                        new Range(last.getLowerBound(), Math.max(last.getUpperBound(), r.getUpperBound())));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }

    private static LegendItemCollection extraLegend(ChartStyle style) {
        LegendItemCollection items = new LegendItemCollection();
        if (style.showState()) {
            Color grey = new Color(90, 90, 90);
            items.add(new LegendItem("state +1", null, null, null, StateMarkerRenderer.UP, grey));
            items.add(new LegendItem("state 0", null, null, null, StateMarkerRenderer.FLAT, grey));
            items.add(new LegendItem("state -1", null, null, null, StateMarkerRenderer.DOWN, grey));
        }
        if (style.posture()) {
            items.add(new LegendItem(
                    "OBSERVE (gate closed)", null, null, null, new Rectangle(-6, -5, 12, 10), OBSERVE_SHADE));
        }
        return items;
    }

    private static String summary(List<InstrumentSeries> series, String note) {
        long decisions = 0;
        long changes = 0;
        double turnover = 0;
        double costs = 0;
        for (InstrumentSeries s : series) {
            for (Decision d : s.decisions()) {
                decisions++;
                if (d.deltaExposure() != 0) changes++;
                turnover += Math.abs(d.deltaExposure());
                if (d.close() > 0) costs += d.cost() / d.close();
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(decisions).append(" decisions, ").append(changes).append(" changes, turnover ");
        b.append(String.format(Locale.ROOT, "%.1f, est. fees+slippage %.3f%%", turnover, costs * 100));
        if (!series.isEmpty()) {
            SimpleDateFormat fmt = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
            fmt.setTimeZone(TimeZone.getTimeZone("UTC"));
            b.append(", ")
                    .append(fmt.format(firstTs(series)))
                    .append(" to ")
                    .append(fmt.format(lastTs(series)))
                    .append(" UTC");
        }
        if (note != null && !note.isEmpty()) b.append(", ").append(note);
        return b.toString();
    }

    private static long firstTs(List<InstrumentSeries> series) {
        return series.stream().mapToLong(s -> s.decisions().get(0).tsMs()).min().orElse(0);
    }

    private static long lastTs(List<InstrumentSeries> series) {
        return series.stream()
                .mapToLong(s -> s.decisions().get(s.decisions().size() - 1).tsMs())
                .max()
                .orElse(0);
    }

    private static Rectangle2D area(PlotRenderingInfo plot, int subplot) {
        return (Rectangle2D) plot.getSubplotInfo(subplot).getDataArea().clone();
    }
}
