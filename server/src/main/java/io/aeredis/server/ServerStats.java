package io.aeredis.server;

/**
 * The stat_* counters of {@code struct redisServer} that INFO stats prints, plus Redis's
 * instantaneous metrics: a ring of samples taken every 100 ms by serverCron
 * ({@code trackInstantaneousMetric}).
 */
final class ServerStats {
    static final int STATS_METRIC_SAMPLES = 16;
    static final int METRIC_COMMAND = 0;
    static final int METRIC_NET_INPUT = 1;
    static final int METRIC_NET_OUTPUT = 2;
    /** Redis 7.2's STATS_METRIC_EL_CYCLE (iterations per second) and STATS_METRIC_EL_DURATION (µs per iteration). */
    static final int METRIC_EL_CYCLE = 3;
    static final int METRIC_EL_DURATION = 4;
    private static final int METRIC_COUNT = 5;

    long numcommands;
    long numconnections;
    long rejectedConn;
    long netInputBytes;
    long netOutputBytes;
    long totalReads;
    long totalWrites;
    long totalErrorReplies;
    long unexpectedErrorReplies;

    /** ERROR_STATS_NUMBER: past this many distinct codes, new ones are not tracked (as Redis). */
    static final int ERROR_STATS_NUMBER = 128;
    /** server.errors: error code -> count, sorted like Redis's rax. */
    final java.util.TreeMap<String, Long> errors = new java.util.TreeMap<>();

    private final long[][] samples = new long[METRIC_COUNT][STATS_METRIC_SAMPLES];
    private final int[] idx = new int[METRIC_COUNT];
    private final long[] lastSampleTime = new long[METRIC_COUNT];
    private final long[] lastSampleCount = new long[METRIC_COUNT];

    /** trackInstantaneousMetric: record the per-second rate since the previous sample. */
    void trackInstantaneousMetric(int metric, long currentReading, long nowMs) {
        long elapsed = nowMs - lastSampleTime[metric];
        if (lastSampleTime[metric] != 0 && elapsed > 0) {
            long ops = currentReading - lastSampleCount[metric];
            samples[metric][idx[metric]] = ops * 1000 / elapsed;
            idx[metric] = (idx[metric] + 1) % STATS_METRIC_SAMPLES;
        }
        lastSampleTime[metric] = nowMs;
        lastSampleCount[metric] = currentReading;
    }

    /**
     * Redis 7.2's trackInstantaneousMetric(metric, value, base, factor): the growth of
     * {@code currentValue} per unit of growth of {@code currentBase}, times {@code factor}
     * (µs per event-loop iteration: value = duration sum, base = iterations, factor 1).
     */
    void trackInstantaneousMetric(int metric, long currentValue, long currentBase, long factor) {
        if (lastSampleTime[metric] > 0) {
            long base = currentBase - lastSampleTime[metric];
            long value = currentValue - lastSampleCount[metric];
            samples[metric][idx[metric]] = base > 0 ? value * factor / base : 0;
            idx[metric] = (idx[metric] + 1) % STATS_METRIC_SAMPLES;
        }
        lastSampleTime[metric] = currentBase;
        lastSampleCount[metric] = currentValue;
    }

    /** incrementErrorCount. */
    void incrementErrorCount(String code, long n) {
        Long prev = errors.get(code);
        if (prev == null && errors.size() >= ERROR_STATS_NUMBER) return;
        errors.put(code, (prev == null ? 0 : prev) + n);
    }

    /** getInstantaneousMetric: the mean of the samples. */
    long getInstantaneousMetric(int metric) {
        long sum = 0;
        for (long s : samples[metric]) sum += s;
        return sum / STATS_METRIC_SAMPLES;
    }

    /** CONFIG RESETSTAT (resetServerStats). */
    void reset() {
        numcommands = numconnections = rejectedConn = 0;
        netInputBytes = netOutputBytes = totalReads = totalWrites = 0;
        totalErrorReplies = unexpectedErrorReplies = 0;
        errors.clear();
        for (long[] s : samples) java.util.Arrays.fill(s, 0);
    }
}
