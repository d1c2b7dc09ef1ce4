package io.aeredis.server;

import io.aeredis.commands.Client;
import io.aeredis.commands.RedisCommand;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The latency monitor (latency.c): named events ("command", "fast-command", "eventloop",
 * "slow-script", ...) each keep a time series of their spikes — one sample per second, the
 * worst of that second — when they last at least {@code latency-monitor-threshold} ms; and,
 * with {@code latency-tracking yes}, an HdrHistogram of every command's run time, which is
 * what LATENCY HISTOGRAM and INFO latencystats print. Loop thread only.
 */
final class LatencyMonitor {
    /** LATENCY_TS_LEN: samples kept per event (one per second at most). */
    static final int LATENCY_TS_LEN = 160;
    /** LATENCY_GRAPH_COLS: width of LATENCY GRAPH. */
    static final int LATENCY_GRAPH_COLS = 80;
    /** LATENCY_HISTOGRAM_MIN_VALUE / MAX_VALUE / PRECISION: 1 ns .. 1 s, 2 significant digits. */
    static final long HISTOGRAM_MIN_NS = 1;
    static final long HISTOGRAM_MAX_NS = 1_000_000_000L;
    static final int HISTOGRAM_PRECISION = 2;

    /** struct latencyTimeSeries: a ring of (unix time, ms) samples and the all-time max. */
    static final class TimeSeries {
        int idx;
        long max;
        final long[] time = new long[LATENCY_TS_LEN];
        final long[] latency = new long[LATENCY_TS_LEN];
    }

    /** struct latencyStats, what the doctor reports per event. */
    record Stats(long allTimeHigh, long avg, long min, long max, long mad, int samples, long period) {}

    private final ServerConfig config;
    /** server.latency_events: event name -> series, in the order events first happened. */
    final Map<String, TimeSeries> events = new LinkedHashMap<>();
    /** redisCommand.latency_histogram, kept here so the command table stays free of HdrHistogram. */
    private final Map<RedisCommand, Histogram> histograms = new IdentityHashMap<>();
    /** One-entry cache in front of the map: pipelines repeat the same command. */
    private RedisCommand lastCmd;
    private Histogram lastHistogram;

    LatencyMonitor(ServerConfig config) {
        this.config = config;
    }

    // ------------------------------------------------------------------ events

    /**
     * latencyAddSampleIfNeeded: record {@code ms} for {@code event} when the monitor is on
     * ({@code latency-monitor-threshold} &gt; 0) and the sample reaches the threshold. The API
     * every subsystem that can stall the loop calls (commands, the loop itself, scripts).
     */
    public void latencyAddSampleIfNeeded(String event, long ms) {
        long threshold = config.latencyMonitorThreshold;
        if (threshold != 0 && ms >= threshold) latencyAddSample(event, ms);
    }

    /** latencyAddSample: a second already sampled keeps its worst value. */
    void latencyAddSample(String event, long ms) {
        TimeSeries ts = events.computeIfAbsent(event, e -> new TimeSeries());
        long now = System.currentTimeMillis() / 1000;
        if (ms > ts.max) ts.max = ms;
        int prev = (ts.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN;
        if (ts.time[prev] == now) {
            if (ms > ts.latency[prev]) ts.latency[prev] = ms;
            return;
        }
        ts.time[ts.idx] = now;
        ts.latency[ts.idx] = ms;
        ts.idx = (ts.idx + 1) % LATENCY_TS_LEN;
    }

    /** latencyResetEvent: forget one event (names compare case-insensitively), or all with null; returns how many. */
    int latencyResetEvent(String event) {
        int resets = 0;
        for (Iterator<String> it = events.keySet().iterator(); it.hasNext(); ) {
            String name = it.next();
            if (event == null || name.equalsIgnoreCase(event)) {
                it.remove();
                resets++;
            }
        }
        return resets;
    }

    /** analyzeLatencyForEvent: count, average, min/max, mean absolute deviation and the time span of the samples. */
    Stats analyze(String event) {
        TimeSeries ts = events.get(event);
        if (ts == null) return new Stats(0, 0, 0, 0, 0, 0, 0);
        int samples = 0;
        long sum = 0, min = 0, max = 0, oldest = 0;
        for (int j = 0; j < LATENCY_TS_LEN; j++) {
            if (ts.time[j] == 0) continue;
            long l = ts.latency[j];
            samples++;
            if (samples == 1) {
                min = max = l;
            } else {
                min = Math.min(min, l);
                max = Math.max(max, l);
            }
            sum += l;
            if (oldest == 0 || ts.time[j] < oldest) oldest = ts.time[j];
        }
        long avg = 0, period = 0, mad = 0;
        if (samples > 0) {
            avg = sum / samples;
            period = System.currentTimeMillis() / 1000 - oldest;
            if (period == 0) period = 1;
            long dev = 0;
            for (int j = 0; j < LATENCY_TS_LEN; j++) {
                if (ts.time[j] != 0) dev += Math.abs(avg - ts.latency[j]);
            }
            mad = dev / samples;
        }
        return new Stats(ts.max, avg, min, max, mad, samples, period);
    }

    // ------------------------------------------------------------------ LATENCY DOCTOR

    /**
     * createLatencyReport: a human readable analysis, one paragraph per event and advice
     * derived from which events happened. Redis's wording for the events Redis has; aeredis's
     * own events (eventloop, slow-script) get advice pointing at INFO eventloop and the scripts.
     */
    String createLatencyReport(EventLoopStats loop) {
        if (events.isEmpty() && config.latencyMonitorThreshold == 0) {
            return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. "
                    + "You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. "
                    + "If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";
        }
        StringBuilder report = new StringBuilder();
        boolean slowlogEnabled = false, slowlogTuning = false, slowlogInspect = false, scheduler = false,
                largeObjects = false, loopStall = false, gc = false, slowScript = false;
        int advices = 0;
        int eventnum = 0;
        for (Map.Entry<String, TimeSeries> e : events.entrySet()) {
            String event = e.getKey();
            eventnum++;
            if (eventnum == 1) {
                report.append("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n");
            }
            Stats ls = analyze(event);
            report.append(String.format(Locale.ROOT,
                    "%d. %s: %d latency spikes (average %dms, mean deviation %dms, period %.2f sec). Worst all time event %dms.",
                    eventnum, event, ls.samples(), ls.avg(), ls.mad(), (double) ls.period() / ls.samples(), e.getValue().max));
            switch (event) {
                case "command" -> {
                    if (config.slowlogLogSlowerThan < 0 || config.slowlogMaxLen == 0) {
                        slowlogEnabled = true;
                        advices++;
                    } else if (config.slowlogLogSlowerThan / 1000 > config.latencyMonitorThreshold) {
                        slowlogTuning = true;
                        advices++;
                    }
                    slowlogInspect = true;
                    largeObjects = true;
                    advices += 2;
                }
                case "fast-command" -> {
                    scheduler = true;
                    advices++;
                }
                case "eventloop" -> {
                    loopStall = true;
                    advices++;
                    if ("gc".equals(loop.maxStallCause())) {
                        gc = true;
                        advices++;
                    }
                }
                case "slow-script" -> {
                    slowScript = true;
                    advices++;
                }
                default -> { }
            }
            report.append('\n');
        }
        if (eventnum == 0 && advices == 0) {
            report.append("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. "
                    + "I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n");
        } else if (eventnum > 0 && advices == 0) {
            report.append("\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community "
                    + "to get some help, providing this report in your help request.\n");
        } else {
            report.append("\nI have a few advices for you:\n\n");
            if (slowlogEnabled) {
                report.append("- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis "
                        + "feature using the command 'CONFIG SET slowlog-log-slower-than ").append(config.latencyMonitorThreshold * 1000)
                        .append("'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n");
            }
            if (slowlogTuning) {
                report.append("- Your current Slow Log configuration only logs events that are slower than your configured latency monitor "
                        + "threshold. Please use 'CONFIG SET slowlog-log-slower-than ").append(config.latencyMonitorThreshold * 1000).append("'.\n");
            }
            if (slowlogInspect) {
                report.append("- Check your Slow Log to understand what are the commands you are running which are too slow to execute. "
                        + "Please check https://redis.io/commands/slowlog for more information.\n");
            }
            if (scheduler) {
                report.append("- The system is slow to execute Redis code paths not containing system calls. This usually means the system "
                        + "does not provide Redis CPU time to run for long periods. You should try to:\n"
                        + "  1) Lower the system load.\n"
                        + "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n"
                        + "  3) Check if you have a \"noisy neighbour\" problem.\n"
                        + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n"
                        + "  5) Check INFO eventloop: gc_pause_max_ms shows whether JVM garbage collection pauses stopped the server.\n");
            }
            if (largeObjects) {
                report.append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you "
                        + "have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple "
                        + "smaller objects.\n");
            }
            if (loopStall) {
                report.append("- Whole event loop iterations took longer than the threshold: while one runs, no other client is served. "
                        + "INFO eventloop shows the distribution of iteration times and, in eventloop_max_stall_cause, what ran during "
                        + "the longest one.\n");
            }
            if (gc) {
                report.append("- The longest event loop stall was mostly a JVM garbage collection pause. Give the server a heap with more "
                        + "head-room, or a low-pause collector (-XX:+UseZGC), and watch gc_pause_max_ms in INFO eventloop.\n");
            }
            if (slowScript) {
                report.append("- Scripts ran longer than the threshold. A script runs to completion on the event loop: keep scripts "
                        + "short, or split the work into several calls.\n");
            }
        }
        return report.toString();
    }

    // ------------------------------------------------------------------ LATENCY GRAPH

    /** latencyCommandGenSparkeline: header, a rule, and the samples as a 4-row sparkline labelled with their age. */
    String genSparkline(String event, TimeSeries ts) {
        Sparkline seq = new Sparkline();
        long min = 0, max = 0;
        long now = System.currentTimeMillis() / 1000;
        for (int j = 0; j < LATENCY_TS_LEN; j++) {
            int i = (ts.idx + j) % LATENCY_TS_LEN;
            if (ts.time[i] == 0) continue;
            long l = ts.latency[i];
            if (seq.length() == 0) {
                min = max = l;
            } else {
                max = Math.max(max, l);
                min = Math.min(min, l);
            }
            long elapsed = now - ts.time[i];
            String label;
            if (elapsed < 60) label = elapsed + "s";
            else if (elapsed < 3600) label = (elapsed / 60) + "m";
            else if (elapsed < 3600 * 24) label = (elapsed / 3600) + "h";
            else label = (elapsed / (3600 * 24)) + "d";
            seq.addSample(l, label);
        }
        StringBuilder graph = new StringBuilder();
        graph.append(event).append(" - high ").append(max).append(" ms, low ").append(min)
                .append(" ms (all time high ").append(ts.max).append(" ms)\n");
        graph.append("-".repeat(LATENCY_GRAPH_COLS)).append('\n');
        seq.render(graph, LATENCY_GRAPH_COLS, 4, Sparkline.FILL);
        return graph.toString();
    }

    // ------------------------------------------------------------------ per-command histograms

    /**
     * updateCommandLatencyHistogram: record one call of {@code cmd}, in nanoseconds as Redis
     * does (its microseconds times 1000), clamped to the histogram's 1 ns .. 1 s range.
     */
    void recordCommand(RedisCommand cmd, long durationUs) {
        if (!config.latencyTracking) return;
        long ns = Math.max(HISTOGRAM_MIN_NS, Math.min(HISTOGRAM_MAX_NS, durationUs * 1000));
        Histogram h = cmd == lastCmd ? lastHistogram : histograms.get(cmd);
        if (h == null) {
            h = new Histogram(HISTOGRAM_MIN_NS, HISTOGRAM_MAX_NS, HISTOGRAM_PRECISION);
            histograms.put(cmd, h);
        }
        lastCmd = cmd;
        lastHistogram = h;
        h.recordValue(ns);
    }

    Histogram histogram(RedisCommand cmd) {
        return histograms.get(cmd);
    }

    /** resetCommandTableStats's share: CONFIG RESETSTAT drops every command's histogram. */
    void resetHistograms() {
        histograms.clear();
        lastCmd = null;
        lastHistogram = null;
    }

    /**
     * fillCommandCDF: {calls, histogram_usec: {bucket: cumulative count}}. Buckets are powers
     * of two from 1024 ns, as HdrHistogram's logarithmic iteration reports them: each key is
     * the highest value (in µs) equivalent to the bucket's limit; a bucket appears only when
     * its cumulative count grew.
     */
    static void fillCommandCDF(Client c, Histogram h) {
        c.addReplyMapLen(2);
        c.addReplyBulkCString("calls");
        c.addReplyLongLong(h.getTotalCount());
        c.addReplyBulkCString("histogram_usec");
        long[] buckets = cumulativeBuckets(h);
        c.addReplyMapLen(buckets.length / 2);
        for (long b : buckets) c.addReplyLongLong(b);
    }

    /**
     * hdr_iter_log_init(h, 1024, 2) as Redis walks it: pairs of (µs key, cumulative count).
     * A level past the histogram's range reports the top of its last bucket (1073741 µs), as
     * the C iterator does when it runs out of counts.
     */
    static long[] cumulativeBuckets(Histogram h) {
        long total = h.getTotalCount();
        long top = h.highestEquivalentValue(HISTOGRAM_MAX_NS);
        long topOfRange = (Long.highestOneBit(top) << 1) - 1;
        long[] out = new long[64];
        int n = 0;
        long previous = 0;
        for (long level = 1024; ; level <<= 1) {
            long highest = level > top ? topOfRange : h.highestEquivalentValue(level);
            long cumulative = level > top ? total : h.getCountBetweenValues(0, highest);
            if (cumulative > previous) {
                out[n++] = highest / 1000;
                out[n++] = cumulative;
            }
            previous = cumulative;
            if (cumulative >= total || level > top) break;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** INFO latencystats: latency_percentiles_usec_&lt;command&gt;:p50=…,p99=…,p99.9=… for every command with a histogram. */
    void latencystats(StringBuilder b, Iterable<RedisCommand> table) {
        b.append("# Latencystats\r\n");
        if (!config.latencyTracking) return;
        for (RedisCommand cmd : table) {
            percentileLine(b, cmd);
            for (RedisCommand sub : cmd.subcommands.values()) percentileLine(b, sub);
        }
    }

    /** fillPercentileDistributionLatencies. */
    private void percentileLine(StringBuilder b, RedisCommand cmd) {
        Histogram h = histograms.get(cmd);
        if (h == null) return;
        b.append("latency_percentiles_usec_").append(cmd.fullname).append(':');
        double[] ps = config.latencyTrackingInfoPercentiles;
        for (int j = 0; j < ps.length; j++) {
            if (j > 0) b.append(',');
            b.append('p').append(trimDouble(ps[j])).append('=')
                    .append(String.format(Locale.ROOT, "%.3f", valueAtPercentile(h, ps[j]) / 1000.0));
        }
        b.append("\r\n");
    }

    /**
     * hdr_value_at_percentile as the C library computes it (the count rounds half up, where
     * the Java library rounds up), so the figures match Redis's for the same samples.
     */
    static long valueAtPercentile(Histogram h, double percentile) {
        double p = Math.min(percentile, 100.0);
        long countAt = Math.max(1, (long) ((p / 100) * h.getTotalCount() + 0.5));
        long cumulative = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            cumulative += v.getCountAtValueIteratedTo();
            if (cumulative >= countAt) {
                long value = v.getValueIteratedTo();
                return percentile == 0.0 ? h.lowestEquivalentValue(value) : h.highestEquivalentValue(value);
            }
        }
        return 0;
    }

    /** "%f" then trimDoubleString: 50 -&gt; "50", 99.9 -&gt; "99.9". */
    static String trimDouble(double d) {
        String s = String.format(Locale.ROOT, "%f", d);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /**
     * setConfigLatencyTrackingInfoPercentilesOutputOption's parsing: each value a number in
     * [0, 100]; a single empty argument means none. Returns the error text or null.
     */
    static String parsePercentiles(String[] args, double[][] out) {
        int n = (args.length == 1 && args[0].isEmpty()) ? 0 : args.length;
        double[] ps = new double[n];
        for (int j = 0; j < n; j++) {
            Double d = string2d(args[j]);
            if (d == null) return "Invalid latency-tracking-info-percentiles parameters";
            if (d > 100.0 || d < 0.0) return "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
            ps[j] = d;
        }
        out[0] = ps;
        return null;
    }

    /** string2d: the whole string a strtod number, no leading space, not NaN. */
    private static Double string2d(String s) {
        if (s.isEmpty() || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) return null;
        String t = s.toLowerCase(Locale.ROOT);
        // Java's parseDouble takes "d"/"f" suffixes C's strtod does not, and spells infinity differently.
        String unsigned = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        if (t.endsWith("d") || t.endsWith("f")) return null;
        try {
            double d = Double.parseDouble(t);
            return Double.isNaN(d) ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The percentiles as CONFIG GET prints them: "%f", trimmed, space separated. */
    static String formatPercentiles(double[] ps) {
        StringBuilder b = new StringBuilder();
        for (double p : ps) {
            if (b.length() > 0) b.append(' ');
            b.append(trimDouble(p));
        }
        return b.toString();
    }
}
