package io.aeredis.clicompat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * redis-benchmark 7.0 against aeredis: the default suite and the options that change how it
 * talks (-P pipelining, --threads, -r random keys, -d value size, -e). redis-benchmark 7.0 does
 * not reliably report error replies, so after each run the server's own counters must say there
 * were none (INFO stats total_error_replies, INFO errorstats), and every test of the suite must
 * have printed its line.
 */
@Timeout(300)
class RedisBenchmarkTest {
    /** redis-benchmark 7.0's default suite (no -t), in order, as its --csv / -q output names them. */
    static final List<String> DEFAULT_SUITE = List.of("PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "LPUSH",
            "RPUSH", "LPOP", "RPOP", "SADD", "HSET", "SPOP", "ZADD", "ZPOPMIN", "LPUSH (needed to benchmark LRANGE)",
            "LRANGE_100 (first 100 elements)", "LRANGE_300 (first 300 elements)", "LRANGE_500 (first 500 elements)",
            "LRANGE_600 (first 600 elements)", "MSET (10 keys)");
    static final String REQUESTS = "2000";

    static Aeredis aeredis;

    @BeforeAll
    static void start() {
        aeredis = Aeredis.start();
    }

    @AfterAll
    static void stop() {
        if (aeredis != null) aeredis.close();
    }

    @BeforeEach
    void resetStats() throws IOException {
        try (Resp c = Resp.connect(aeredis)) {
            c.string("FLUSHALL");
            c.string("CONFIG", "RESETSTAT");
        }
    }

    static Tools.Result benchmark(String... args) {
        List<String> cmd = Tools.benchmark(aeredis, args);
        Tools.Result r = Tools.run(cmd, null, Duration.ofSeconds(240));
        assertEquals(0, r.exit(), r.describe());
        return r;
    }

    /** The test names of --csv output, each with a positive rps, in order. */
    static List<String> csvTests(Tools.Result r) {
        String[] lines = r.out().split("\n");
        int header = Arrays.asList(lines).indexOf(
                "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\",\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"");
        assertTrue(header >= 0, "no CSV header: " + r.describe());
        List<String> tests = new ArrayList<>();
        Pattern row = Pattern.compile("\"([^\"]+)\",\"([0-9.]+)\"(,\"[0-9.]+\"){6}");
        for (int i = header + 1; i < lines.length; i++) {
            Matcher m = row.matcher(lines[i]);
            assertTrue(m.matches(), "CSV row '" + lines[i] + "' in " + r.describe());
            assertTrue(Double.parseDouble(m.group(2)) > 0, lines[i]);
            tests.add(m.group(1));
        }
        return tests;
    }

    /** The server's view: no command answered with an error. */
    static void assertNoErrorReplies(String context) throws IOException {
        try (Resp c = Resp.connect(aeredis)) {
            String stats = c.string("INFO", "stats");
            assertTrue(stats.contains("\r\ntotal_error_replies:0\r\n"), context + ": " + stats);
            assertEquals("# Errorstats\r\n", c.string("INFO", "errorstats"), context);
            String commandstats = c.string("INFO", "commandstats");
            assertTrue(!commandstats.contains("failed_calls=") || !commandstats.matches("(?s).*failed_calls=[1-9].*"), commandstats);
            assertTrue(!commandstats.matches("(?s).*rejected_calls=[1-9].*"), commandstats);
        }
    }

    @ParameterizedTest(name = "redis-benchmark -n " + REQUESTS + " --csv {0}")
    @ValueSource(strings = {"", "-P 16", "--threads 2", "-r 100000", "-d 1024", "-e"})
    void defaultSuiteWithoutErrors(String options) throws IOException {
        List<String> args = new ArrayList<>(List.of("-n", REQUESTS, "--csv"));
        if (!options.isEmpty()) args.addAll(List.of(options.split(" ")));
        Tools.Result r = benchmark(args.toArray(new String[0]));
        assertEquals(DEFAULT_SUITE, csvTests(r), "every test of the default suite, in order: " + r.describe());
        assertTrue(!r.out().contains("Error") && !r.err().contains("Error"), r.describe());
        assertNoErrorReplies("redis-benchmark " + options);
        try (Resp c = Resp.connect(aeredis)) {
            String commandstats = c.string("INFO", "commandstats");
            // Each test really ran its command n times (MSET and the LRANGE ones included).
            for (String cmd : List.of("set", "get", "incr", "lpop", "rpop", "sadd", "hset", "spop", "zadd", "zpopmin", "mset")) {
                assertTrue(commandstats.contains("cmdstat_" + cmd + ":calls=" + REQUESTS + ","), cmd + " in " + commandstats);
            }
            assertTrue(commandstats.contains("cmdstat_lrange:calls=" + 4 * Integer.parseInt(REQUESTS) + ","), commandstats);
            assertTrue(commandstats.contains("cmdstat_ping:calls=" + 2 * Integer.parseInt(REQUESTS) + ","), commandstats);
            assertTrue(commandstats.contains("cmdstat_lpush:calls=" + 2 * Integer.parseInt(REQUESTS) + ","), commandstats);
            if (options.equals("-r 100000")) {
                // Random keys: key:000000xxxxxx instead of one key:__rand_int__.
                Object keys = c.call("KEYS", "key:0*");
                assertTrue(keys instanceof List<?> l && l.size() > 100, "random keys: " + keys);
                assertEquals(0L, c.integer("EXISTS", "key:__rand_int__"));
            } else if (options.equals("-d 1024")) {
                assertEquals(1024L, c.integer("STRLEN", "key:__rand_int__"));
            } else {
                assertEquals(3L, c.integer("STRLEN", "key:__rand_int__"), "the default payload is 3 bytes");
            }
        }
    }

    @Test
    void quietModePrintsOneLinePerTest() throws IOException {
        Tools.Result r = benchmark("-n", REQUESTS, "-q");
        // -q rewrites a progress line with \r, then prints "NAME: N requests per second, p50=X msec".
        List<String> tests = new ArrayList<>();
        Pattern done = Pattern.compile("(.+): ([0-9.]+) requests per second, p50=([0-9.]+) msec");
        for (String segment : r.out().split("[\r\n]")) {
            Matcher m = done.matcher(segment.strip());
            if (m.matches()) tests.add(m.group(1));
        }
        assertEquals(DEFAULT_SUITE, tests, r.describe());
        assertNoErrorReplies("redis-benchmark -q");
    }

    @Test
    void fullReportShowsTheServerConfigurationItRead() throws IOException {
        Tools.Result r = benchmark("-n", REQUESTS, "-t", "set,get");
        String out = r.out().replace("\r", "\n");
        assertTrue(out.contains("====== SET ======\n"), out);
        assertTrue(out.contains("====== GET ======\n"), out);
        assertTrue(out.contains("  " + REQUESTS + " requests completed in "), out);
        assertTrue(out.contains("  50 parallel clients\n  3 bytes payload\n  keep alive: 1\n"), out);
        // redis-benchmark asks CONFIG GET save / appendonly; a failure would print a WARNING instead.
        assertTrue(out.contains("  host configuration \"save\": \n  host configuration \"appendonly\": no\n"), out);
        assertTrue(!out.contains("WARNING"), out);
        assertTrue(out.contains("Latency by percentile distribution:"), out);
        assertNoErrorReplies("redis-benchmark -t set,get");
    }
}
