package io.aeredis.server;

import io.aeredis.commands.RedisCommand;
import org.HdrHistogram.Histogram;

/**
 * How busy the event loop is, iteration by iteration: Redis 7.2's duration_stats
 * (eventloop_cycles, eventloop_duration_sum, eventloop_duration_cmd_sum in INFO stats) plus
 * aeredis's {@code # Eventloop} section — a power-of-two histogram of iteration times, the
 * longest iteration and what caused it, and the JVM's GC pauses.
 *
 * <p>An iteration (a "cycle") runs from afterSleep, when epoll_wait returns, to the end of the
 * next beforeSleep, just before the loop sleeps again: the time the loop thread was busy and
 * no other client could be served. Time spent sleeping in the poll is not counted.
 *
 * <p>Loop thread only, except that GC pauses arrive through {@link GcPauses}.
 */
final class EventLoopStats {
    /** Histogram buckets [2^k, 2^(k+1)-1] ms for k = 1..12 after [0, 1], then 8192 ms and more. */
    static final int LAST_POW2 = 12;

    /** duration_stats[EL_DURATION_TYPE_EL].cnt. */
    long cycles;
    /** duration_stats[EL_DURATION_TYPE_EL].sum, kept in ns (INFO prints µs). */
    private long durationSumNanos;
    /**
     * duration_stats[EL_DURATION_TYPE_CMD].sum: top-level commands only, so EXEC's commands are
     * not counted twice. Summed in ns: Redis sums whole µs per call, which rounds a
     * sub-microsecond GET down to nothing.
     */
    private long cmdDurationSumNanos;

    /** Iteration times in whole milliseconds; power-of-two ranges are exact bucket boundaries in it. */
    private final Histogram histogram = new Histogram(2);

    /** True between afterSleep and the end of beforeSleep. */
    private boolean inCycle;
    /** System.nanoTime() at afterSleep. */
    private long cycleStart;
    /** call() nesting: commands run by EXEC or a script are inside their caller's time. */
    private int callDepth;
    /** The longest top-level command of the current iteration. */
    private RedisCommand cycleTopCmd;
    private long cycleTopCmdNanos;
    /** GC pause time that fell inside the current iteration. */
    private long cycleGcNanos;

    /** The longest iteration so far: its length, window, what ran longest in it, and when. */
    private long maxStallNanos;
    private long maxStallStart;
    private long maxStallEnd;
    private long maxStallGcNanos;
    private RedisCommand maxStallCmd;
    private long maxStallAt;

    /** Next GC pause to read from {@link GcPauses}. */
    private long gcCursor;
    private long gcPauseMaxMs;
    /** GcPauses.totals() at start or the last CONFIG RESETSTAT. */
    private long[] gcBaseline;

    EventLoopStats() {
        GcPauses.install();
        gcCursor = GcPauses.published();
        gcBaseline = GcPauses.totals();
    }

    // ------------------------------------------------------------------ hooks

    /** afterSleep: the loop woke up; an iteration begins. */
    void cycleStarted() {
        cycleStarted(System.nanoTime());
    }

    void cycleStarted(long nowNanos) {
        cycleStart = nowNanos;
        inCycle = true;
        callDepth = 0;
        cycleTopCmd = null;
        cycleTopCmdNanos = 0;
        cycleGcNanos = 0;
    }

    /**
     * End of beforeSleep: the iteration is over. Records it and returns its length in ms (for
     * the "eventloop" latency event), or -1 when no iteration was open.
     */
    long cycleEnded() {
        return cycleEnded(System.nanoTime());
    }

    long cycleEnded(long end) {
        if (!inCycle) return -1;
        drainGcPauses(end);
        long d = end - cycleStart;
        cycles++;
        durationSumNanos += d;
        histogram.recordValue(d / 1_000_000);
        if (d > maxStallNanos) {
            maxStallNanos = d;
            maxStallStart = cycleStart;
            maxStallEnd = end;
            maxStallGcNanos = cycleGcNanos;
            maxStallCmd = cycleTopCmd;
            maxStallAt = System.currentTimeMillis() / 1000;
        }
        inCycle = false;
        return d / 1_000_000;
    }

    /** call() is about to run a command. */
    void callStarted() {
        callDepth++;
    }

    /** call() ran a command for {@code elapsedNs}. */
    void callFinished(RedisCommand cmd, long elapsedNs) {
        if (callDepth > 0) callDepth--;
        if (callDepth > 0) return;
        cmdDurationSumNanos += elapsedNs;
        if (elapsedNs > cycleTopCmdNanos || cycleTopCmd == null) {
            cycleTopCmd = cmd;
            cycleTopCmdNanos = elapsedNs;
        }
    }

    /**
     * Reads the GC pauses published since the last call and places each in time: inside the
     * current iteration (up to {@code nowNanos}) and/or inside the longest iteration so far (a
     * pause's notification can arrive after its iteration ended).
     */
    void drainGcPauses(long nowNanos) {
        long published = GcPauses.published();
        while (gcCursor < published) {
            GcPauses.Pause p = GcPauses.get(gcCursor++);
            if (p == null) continue; // overwritten: the ring is far ahead of us
            accountPause(p, nowNanos);
        }
    }

    /** One pause: the longest-pause figure, and its share of the current and of the longest iteration. */
    void accountPause(GcPauses.Pause p, long nowNanos) {
        gcPauseMaxMs = Math.max(gcPauseMaxMs, p.durationMs());
        if (maxStallNanos > 0) maxStallGcNanos += overlap(p, maxStallStart, maxStallEnd);
        if (inCycle) cycleGcNanos += overlap(p, cycleStart, nowNanos);
    }

    private static long overlap(GcPauses.Pause p, long from, long to) {
        return Math.max(0, Math.min(to, p.endNanos()) - Math.max(from, p.startNanos()));
    }

    /** CONFIG RESETSTAT. */
    void reset() {
        cycles = 0;
        durationSumNanos = 0;
        cmdDurationSumNanos = 0;
        histogram.reset();
        maxStallNanos = maxStallStart = maxStallEnd = maxStallGcNanos = maxStallAt = 0;
        maxStallCmd = null;
        gcCursor = GcPauses.published();
        gcPauseMaxMs = 0;
        gcBaseline = GcPauses.totals();
    }

    // ------------------------------------------------------------------ reading

    long durationSumUs() {
        return durationSumNanos / 1000;
    }

    long cmdDurationSumUs() {
        return cmdDurationSumNanos / 1000;
    }

    /**
     * What the longest iteration spent its time on: "gc" when GC pauses took at least half
     * of it, else the top-level command that ran longest in it, else "none" (the time went to
     * I/O, timers or housekeeping).
     */
    String maxStallCause() {
        if (maxStallNanos == 0) return "none";
        if (maxStallGcNanos * 2 >= maxStallNanos) return "gc";
        return maxStallCmd == null ? "none" : maxStallCmd.fullname;
    }

    /** Iterations that took [loMs, hiMs] whole milliseconds. */
    long countBetween(long loMs, long hiMs) {
        return histogram.getCountBetweenValues(loMs, hiMs);
    }

    /** The INFO field name of bucket k: 0_1ms, 2_3ms, 4_7ms ... 4096_8191ms. */
    static String bucketName(int k) {
        long lo = k == 0 ? 0 : 1L << k;
        long hi = (1L << (k + 1)) - 1;
        return "eventloop_duration_hist_" + lo + "_" + hi + "ms";
    }

    /** Redis 7.2's event-loop fields of INFO stats. */
    void appendStatsFields(StringBuilder b, ServerStats s) {
        b.append("eventloop_cycles:").append(cycles).append("\r\n");
        b.append("eventloop_duration_sum:").append(durationSumUs()).append("\r\n");
        b.append("eventloop_duration_cmd_sum:").append(cmdDurationSumUs()).append("\r\n");
        b.append("instantaneous_eventloop_cycles_per_sec:").append(s.getInstantaneousMetric(ServerStats.METRIC_EL_CYCLE)).append("\r\n");
        b.append("instantaneous_eventloop_duration_usec:").append(s.getInstantaneousMetric(ServerStats.METRIC_EL_DURATION)).append("\r\n");
    }

    /** INFO eventloop (docs/STALLS.md explains every field). */
    void appendInfoSection(StringBuilder b) {
        drainGcPauses(System.nanoTime());
        b.append("# Eventloop\r\n");
        long upTo8191 = 0;
        for (int k = 0; k <= LAST_POW2; k++) {
            long lo = k == 0 ? 0 : 1L << k;
            long n = countBetween(lo, (1L << (k + 1)) - 1);
            upTo8191 += n;
            b.append(bucketName(k)).append(':').append(n).append("\r\n");
        }
        b.append("eventloop_duration_hist_").append(1L << (LAST_POW2 + 1)).append("ms_plus:")
                .append(histogram.getTotalCount() - upTo8191).append("\r\n");
        b.append("eventloop_max_stall_ms:").append(maxStallNanos / 1_000_000).append("\r\n");
        b.append("eventloop_max_stall_cause:").append(maxStallCause()).append("\r\n");
        b.append("eventloop_max_stall_at:").append(maxStallAt).append("\r\n");
        long[] now = GcPauses.totals();
        b.append("gc_pauses:").append(Math.max(0, now[0] - gcBaseline[0])).append("\r\n");
        b.append("gc_pause_total_ms:").append(Math.max(0, now[1] - gcBaseline[1])).append("\r\n");
        b.append("gc_pause_max_ms:").append(gcPauseMaxMs).append("\r\n");
    }
}
