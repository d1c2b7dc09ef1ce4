package io.aeredis.server;

import io.aeredis.resp.RespReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server watching its own stalls, end to end: SLOWLOG, LATENCY, INFO eventloop and the
 * Redis 7.2 event-loop fields of INFO stats, against servers started with the relevant config.
 */
@Timeout(60)
class StallsTest {

    private static Object decode(RawClient c, String... args) throws IOException {
        c.sendCommand(RawClient.args(args));
        return RespReader.decode(c.readReplyBytes());
    }

    /** INFO's "name:value" lines as a map. */
    private static Map<String, String> info(RawClient c, String section) throws IOException {
        String raw = c.call("INFO", section);
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : raw.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("$") && !line.startsWith("#")) out.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return out;
    }

    // ------------------------------------------------------------------ SLOWLOG

    @Test
    void slowlogWithThresholdZeroRecordsEveryCommandWithItsArguments() throws Exception {
        try (TestServer s = TestServer.start("slowlog-log-slower-than 0"); RawClient c = new RawClient(s.port())) {
            assertEquals("+OK\r\n", c.call("SLOWLOG", "RESET"));
            assertEquals("+OK\r\n", c.call("CLIENT", "SETNAME", "trainer"));
            String longValue = "v".repeat(200);
            assertEquals("+OK\r\n", c.call("SET", "k", longValue));
            List<String> mset = new ArrayList<>(List.of("MSET"));
            for (int i = 0; i < 20; i++) {
                mset.add("key" + i);
                mset.add("val" + i);
            }
            assertEquals("+OK\r\n", c.call(mset.toArray(new String[0])));

            List<?> entries = (List<?>) decode(c, "SLOWLOG", "GET", "3");
            assertEquals(3, entries.size());
            List<?> msetEntry = (List<?>) entries.get(0);
            List<?> setEntry = (List<?>) entries.get(1);
            List<?> setnameEntry = (List<?>) entries.get(2);
            assertEquals(6, msetEntry.size());
            // ids count down from the newest entry
            assertEquals((Long) setEntry.get(0) + 1, (Long) msetEntry.get(0));
            assertEquals((Long) setnameEntry.get(0) + 1, (Long) setEntry.get(0));
            long now = System.currentTimeMillis() / 1000;
            assertTrue(Math.abs(now - (Long) msetEntry.get(1)) <= 5, "unix time " + msetEntry.get(1));
            assertTrue((Long) msetEntry.get(2) >= 0, "duration in microseconds");

            // 41 arguments: 31 kept, the 32nd says how many more there were
            List<?> msetArgs = (List<?>) msetEntry.get(3);
            assertEquals(32, msetArgs.size());
            assertEquals("MSET", msetArgs.get(0));
            assertEquals("key0", msetArgs.get(1));
            assertEquals("... (10 more arguments)", msetArgs.get(31));

            // a 200-byte argument keeps 128 bytes and says how many were cut
            List<?> setArgs = (List<?>) setEntry.get(3);
            assertEquals(List.of("SET", "k", "v".repeat(128) + "... (72 more bytes)"), setArgs);

            // client address and name as CLIENT LIST shows them
            String addr = (String) setEntry.get(4);
            assertTrue(addr.matches("127\\.0\\.0\\.1:\\d+"), addr);
            assertEquals("trainer", setEntry.get(5));
            assertEquals(List.of("CLIENT", "SETNAME", "trainer"), setnameEntry.get(3));

            // SLOWLOG GET itself was logged after it ran: RESET is gone, the rest is there
            assertEquals(":5\r\n", c.call("SLOWLOG", "LEN"));
            assertEquals("+OK\r\n", c.call("SLOWLOG", "RESET"));
            assertEquals(":1\r\n", c.call("SLOWLOG", "LEN"), "the RESET itself is logged after it ran");
        }
    }

    @Test
    void slowlogRespectsMaxLenThresholdAndRedactsPasswords() throws Exception {
        try (TestServer s = TestServer.start("slowlog-log-slower-than 0\nslowlog-max-len 3"); RawClient c = new RawClient(s.port())) {
            for (int i = 0; i < 10; i++) c.call("PING");
            assertEquals(":3\r\n", c.call("SLOWLOG", "LEN"));
            assertEquals("*1\r\n", c.call("SLOWLOG", "GET", "1").substring(0, 4));
            assertEquals("*3\r\n", c.call("SLOWLOG", "GET", "-1").substring(0, 4));
            assertEquals("-ERR count should be greater than or equal to -1\r\n", c.call("SLOWLOG", "GET", "-2"));

            c.call("AUTH", "secret");
            c.call("HELLO", "2", "AUTH", "default", "pw", "SETNAME", "n");
            List<?> entries = (List<?>) decode(c, "SLOWLOG", "GET", "2");
            assertEquals(List.of("HELLO", "2", "AUTH", "(redacted)", "(redacted)", "SETNAME", "n"), ((List<?>) entries.get(0)).get(3));
            assertEquals(List.of("AUTH", "(redacted)"), ((List<?>) entries.get(1)).get(3));

            // a negative threshold turns the log off; a big one logs nothing fast
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "slowlog-log-slower-than", "-1"));
            c.call("SLOWLOG", "RESET");
            c.call("PING");
            assertEquals(":0\r\n", c.call("SLOWLOG", "LEN"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000000"));
            c.call("PING");
            assertEquals(":0\r\n", c.call("SLOWLOG", "LEN"));
        }
    }

    // ------------------------------------------------------------------ LATENCY

    @Test
    void debugSleepShowsUpAsCommandAndEventloopLatencyEvents() throws Exception {
        try (TestServer s = TestServer.start("enable-debug-command yes\nlatency-monitor-threshold 100");
             RawClient c = new RawClient(s.port())) {
            assertEquals("+OK\r\n", c.call("DEBUG", "SLEEP", "0.2"));
            List<?> latest = (List<?>) decode(c, "LATENCY", "LATEST");
            Map<String, List<?>> byEvent = new LinkedHashMap<>();
            for (Object o : latest) byEvent.put((String) ((List<?>) o).get(0), (List<?>) o);
            assertTrue(byEvent.containsKey("command"), "events: " + byEvent.keySet());
            assertTrue(byEvent.containsKey("eventloop"), "events: " + byEvent.keySet());
            assertTrue((Long) byEvent.get("command").get(2) >= 200, "latest ms " + byEvent.get("command"));
            assertTrue((Long) byEvent.get("eventloop").get(2) >= 200, "latest ms " + byEvent.get("eventloop"));
            assertEquals(byEvent.get("command").get(2), byEvent.get("command").get(3), "max == latest after one spike");
            assertTrue(Math.abs(System.currentTimeMillis() / 1000 - (Long) byEvent.get("command").get(1)) <= 5);
            assertTrue(!byEvent.containsKey("fast-command"), "PING/LATENCY are not slow");

            List<?> history = (List<?>) decode(c, "LATENCY", "HISTORY", "command");
            assertEquals(1, history.size());
            assertEquals("*0\r\n", c.call("LATENCY", "HISTORY", "COMMAND"), "event names are case-sensitive, as in Redis");

            String graph = (String) decode(c, "LATENCY", "GRAPH", "command");
            assertTrue(graph.startsWith("command - high "), graph);

            String doctor = (String) decode(c, "LATENCY", "DOCTOR");
            assertTrue(doctor.startsWith("Dave, I have observed latency spikes"), doctor);
            assertTrue(doctor.contains(". command: 1 latency spikes"), doctor);
            assertTrue(doctor.contains(". eventloop: 1 latency spikes"), doctor);

            // LATENCY HISTOGRAM: DEBUG's one 200 ms call lands in the 2^28 ns bucket (key 270532 µs)
            Object hist = decode(c, "LATENCY", "HISTOGRAM", "debug", "nosuchcommand");
            List<?> flat = (List<?>) hist;
            assertEquals("debug", flat.get(0));
            List<?> cdf = (List<?>) flat.get(1);
            assertEquals(List.of("calls", 1L, "histogram_usec", List.of(270532L, 1L)), cdf);

            assertEquals(":1\r\n", c.call("LATENCY", "RESET", "EVENTLOOP"), "RESET names are case-insensitive");
            assertEquals(":1\r\n", c.call("LATENCY", "RESET"));
            assertEquals("*0\r\n", c.call("LATENCY", "LATEST"));
        }
    }

    @Test
    void latencyMonitorIsOffByDefault() throws Exception {
        try (TestServer s = TestServer.start("enable-debug-command yes"); RawClient c = new RawClient(s.port())) {
            c.call("DEBUG", "SLEEP", "0.15");
            assertEquals("*0\r\n", c.call("LATENCY", "LATEST"));
            assertTrue(((String) decode(c, "LATENCY", "DOCTOR")).startsWith("I'm sorry, Dave, I can't do that."));
        }
    }

    @Test
    void slowScriptsReportThroughThePublicApi() {
        ServerConfig config = new ServerConfig();
        config.latencyMonitorThreshold = 50;
        LatencyMonitor m = new LatencyMonitor(config);
        m.latencyAddSampleIfNeeded("slow-script", 20);
        m.latencyAddSampleIfNeeded("slow-script", 80);
        m.latencyAddSampleIfNeeded("slow-script", 60); // same second: keeps the worst
        LatencyMonitor.TimeSeries ts = m.events.get("slow-script");
        assertNotNull(ts);
        assertEquals(80, ts.max);
        assertEquals(1, m.analyze("slow-script").samples());
        assertEquals(80, m.analyze("slow-script").max());
    }

    // ------------------------------------------------------------------ INFO eventloop / stats

    @Test
    void infoEventloopShowsTheStallItsCauseAndItsBucket() throws Exception {
        try (TestServer s = TestServer.start("enable-debug-command yes"); RawClient c = new RawClient(s.port())) {
            Map<String, String> before = info(c, "eventloop");
            assertEquals(14, before.keySet().stream().filter(k -> k.startsWith("eventloop_duration_hist_")).count());
            assertTrue(before.containsKey("eventloop_duration_hist_8192ms_plus"));

            assertEquals("+OK\r\n", c.call("DEBUG", "SLEEP", "0.2"));
            Map<String, String> after = info(c, "eventloop");
            long stallMs = Long.parseLong(after.get("eventloop_max_stall_ms"));
            assertTrue(stallMs >= 200 && stallMs < 8192, "max stall " + stallMs);
            // the bucket holding the stall (128_255ms unless the machine is very slow) went up
            int k = 63 - Long.numberOfLeadingZeros(stallMs);
            String bucket = EventLoopStats.bucketName(k);
            assertTrue(Long.parseLong(after.get(bucket)) - Long.parseLong(before.get(bucket)) >= 1, bucket + " in " + after);
            assertEquals("debug", after.get("eventloop_max_stall_cause"));
            assertTrue(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(after.get("eventloop_max_stall_at"))) <= 5);

            // INFO stats: Redis 7.2's event-loop fields
            Map<String, String> stats = info(c, "stats");
            assertTrue(Long.parseLong(stats.get("eventloop_cycles")) >= 3, stats.toString());
            assertTrue(Long.parseLong(stats.get("eventloop_duration_sum")) >= 200_000, stats.toString());
            assertTrue(Long.parseLong(stats.get("eventloop_duration_cmd_sum")) >= 200_000, stats.toString());
            assertTrue(stats.containsKey("instantaneous_eventloop_cycles_per_sec"));
            assertTrue(stats.containsKey("instantaneous_eventloop_duration_usec"));
            // the histogram counts every finished iteration once
            long histTotal = after.entrySet().stream().filter(e -> e.getKey().startsWith("eventloop_duration_hist_"))
                    .mapToLong(e -> Long.parseLong(e.getValue())).sum();
            assertTrue(histTotal >= 3, "histogram total " + histTotal);

            // default INFO includes the section
            assertTrue(c.call("INFO").contains("# Eventloop\r\n"));
            String everything = c.call("INFO", "everything");
            assertTrue(everything.contains("# Latencystats\r\n"));
            assertTrue(everything.contains("\r\nlatency_percentiles_usec_debug:p50="), everything);

            // CONFIG RESETSTAT starts the figures again
            assertEquals("+OK\r\n", c.call("CONFIG", "RESETSTAT"));
            Map<String, String> reset = info(c, "eventloop");
            assertEquals("0", reset.get(bucket));
            assertTrue(Long.parseLong(reset.get("eventloop_max_stall_ms")) < 200, reset.toString());
            assertTrue(Long.parseLong(info(c, "stats").get("eventloop_duration_cmd_sum")) < 200_000);
            c.call("HELLO", "3");
            assertEquals("%0\r\n", c.call("LATENCY", "HISTOGRAM", "debug"), "RESETSTAT drops the command histograms");
        }
    }

    @Test
    void gcPausesAreCountedAndCanBeAStallsCause() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            long before = Long.parseLong(info(c, "eventloop").get("gc_pauses"));
            System.gc(); // a stop-the-world collection of this JVM, where the server runs
            Map<String, String> after = info(c, "eventloop");
            assertTrue(Long.parseLong(after.get("gc_pauses")) >= before + 1, after.toString());
            assertTrue(Long.parseLong(after.get("gc_pause_total_ms")) >= 0);
        }
    }

    // ------------------------------------------------------------------ units

    @Test
    void gcPauseInsideAnIterationIsItsCauseWhenItIsTheBulkOfIt() {
        EventLoopStats st = new EventLoopStats();
        long t = System.nanoTime();
        io.aeredis.commands.RedisCommand get = io.aeredis.commands.RedisCommand.command("get", 2, "readonly fast", 1, 1, 1, "string");
        get.fullname = "get";

        // 1) a 300 ms iteration: GET ran 290 ms of it, but a 250 ms GC pause is inside: gc
        st.cycleStarted(t);
        st.callStarted();
        st.callFinished(get, 290_000_000L);
        GcPauses.publish(new GcPauses.Pause("test", "end of major GC", t + 20_000_000L, t + 270_000_000L, 250));
        st.cycleEnded(t + 300_000_000L);
        assertEquals("gc", st.maxStallCause());

        // 2) after a reset, the same with a 50 ms pause: the command is the cause
        st.reset();
        t += 1_000_000_000L;
        st.cycleStarted(t);
        st.callStarted();
        st.callFinished(get, 290_000_000L);
        GcPauses.publish(new GcPauses.Pause("test", "end of minor GC", t + 20_000_000L, t + 70_000_000L, 50));
        st.cycleEnded(t + 300_000_000L);
        assertEquals("get", st.maxStallCause());

        // 3) a notification that arrives after its iteration ended still moves the cause
        st.reset();
        t += 1_000_000_000L;
        st.cycleStarted(t);
        st.callStarted();
        st.callFinished(get, 200_000_000L);
        st.cycleEnded(t + 200_000_000L);
        assertEquals("get", st.maxStallCause());
        GcPauses.publish(new GcPauses.Pause("test", "end of major GC", t + 10_000_000L, t + 190_000_000L, 180));
        st.cycleStarted(t + 250_000_000L);
        st.cycleEnded(t + 251_000_000L);
        assertEquals("gc", st.maxStallCause());

        // 4) a pause while the loop slept is no iteration's cause; no command at all: none
        st.reset();
        t += 1_000_000_000L;
        GcPauses.publish(new GcPauses.Pause("test", "end of minor GC", t - 50_000_000L, t - 10_000_000L, 40));
        st.cycleStarted(t);
        st.cycleEnded(t + 30_000_000L);
        assertEquals("none", st.maxStallCause());
    }

    @Test
    void nestedCallsCountOnceInCommandTime() {
        EventLoopStats st = new EventLoopStats();
        io.aeredis.commands.RedisCommand exec = io.aeredis.commands.RedisCommand.command("exec", 1, "noscript", 0, 0, 0, "transactions");
        exec.fullname = "exec";
        io.aeredis.commands.RedisCommand set = io.aeredis.commands.RedisCommand.command("set", -3, "write", 1, 1, 1, "string");
        set.fullname = "set";
        st.cycleStarted(0);
        st.callStarted();   // EXEC
        st.callStarted();   // SET inside it
        st.callFinished(set, 40_000);
        st.callFinished(exec, 50_000);
        st.cycleEnded(1_000_000);
        assertEquals(50, st.cmdDurationSumUs());
        assertEquals("exec", st.maxStallCause());
    }

    @Test
    void histogramBucketsArePowerOfTwoMillisecondRanges() {
        EventLoopStats st = new EventLoopStats();
        long[] ms = {0, 1, 2, 3, 4, 7, 8, 255, 256, 511, 512, 8191, 8192, 100_000};
        long t = 0;
        for (long m : ms) {
            st.cycleStarted(t);
            st.cycleEnded(t + m * 1_000_000L + 999_999L); // just under the next millisecond
            t += 200_000_000_000L;
        }
        StringBuilder b = new StringBuilder();
        st.appendInfoSection(b);
        String s = b.toString();
        assertTrue(s.contains("eventloop_duration_hist_0_1ms:2\r\n"), s);
        assertTrue(s.contains("eventloop_duration_hist_2_3ms:2\r\n"), s);
        assertTrue(s.contains("eventloop_duration_hist_4_7ms:2\r\n"), s);
        assertTrue(s.contains("eventloop_duration_hist_8_15ms:1\r\n"), s);
        assertTrue(s.contains("eventloop_duration_hist_128_255ms:1\r\n"), s);
        assertTrue(s.contains("eventloop_duration_hist_256_511ms:2\r\n"), s);
        assertTrue(s.contains("eventloop_duration_hist_512_1023ms:1\r\n"), s);
        assertTrue(s.contains("eventloop_duration_hist_4096_8191ms:1\r\n"), s);
        assertTrue(s.contains("eventloop_duration_hist_8192ms_plus:2\r\n"), s);
        assertTrue(s.contains("eventloop_max_stall_ms:100000\r\n"), s);
        assertTrue(s.contains("eventloop_max_stall_cause:none\r\n"), s);
    }

    @Test
    void commandHistogramMatchesRedisBucketsAndPercentiles() {
        org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(LatencyMonitor.HISTOGRAM_MIN_NS, LatencyMonitor.HISTOGRAM_MAX_NS,
                LatencyMonitor.HISTOGRAM_PRECISION);
        // Figures read from redis-server 7.0.15: DEBUG SLEEP 0.25 then 1.5 (clamped to 1 s)
        h.recordValue(250_000_000L);
        assertEquals(List.of(270532L, 1L), toList(LatencyMonitor.cumulativeBuckets(h)));
        h.recordValue(LatencyMonitor.HISTOGRAM_MAX_NS);
        assertEquals(List.of(270532L, 1L, 1073741L, 2L), toList(LatencyMonitor.cumulativeBuckets(h)));
        // small values: the first reported bucket is 1 µs (1024 ns), then 2, 4, 8, 16, 33 ...
        org.HdrHistogram.Histogram small = new org.HdrHistogram.Histogram(1, 1_000_000_000L, 2);
        small.recordValue(1000);
        small.recordValue(3000);
        small.recordValue(30_000);
        assertEquals(List.of(1L, 1L, 4L, 2L, 33L, 3L), toList(LatencyMonitor.cumulativeBuckets(small)));
        // INFO latencystats' p50 of a ~110 µs command prints as 110.079, as Redis does
        org.HdrHistogram.Histogram one = new org.HdrHistogram.Histogram(1, 1_000_000_000L, 2);
        one.recordValue(110_000);
        assertEquals(110_079, LatencyMonitor.valueAtPercentile(one, 50));
        assertEquals("99.9", LatencyMonitor.trimDouble(99.9));
        assertEquals("50", LatencyMonitor.trimDouble(50));
    }

    @Test
    void sparklineOfOneSampleIsDrawnLikeRedis() {
        Sparkline seq = new Sparkline();
        seq.addSample(250, "1s");
        StringBuilder out = new StringBuilder();
        seq.render(out, 80, 4, Sparkline.FILL);
        assertEquals(" \n \n \n_\n \n1\ns\n", out.toString());
        Sparkline two = new Sparkline();
        two.addSample(100, "9s");
        two.addSample(250, "1s");
        StringBuilder out2 = new StringBuilder();
        two.render(out2, 80, 4, Sparkline.FILL);
        assertEquals(" #\n |\n |\n_|\n  \n91\nss\n", out2.toString());
    }

    private static List<Long> toList(long[] a) {
        List<Long> l = new ArrayList<>();
        for (long v : a) l.add(v);
        return l;
    }
}
