package io.aeredis.clicompat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The redis-cli modes that loop until stopped: --stat, --latency, --latency-history,
 * --latency-dist, and --intrinsic-latency (which stops itself). Each is run until it has printed
 * enough to judge, then killed; the numbers must be sane and, where the server decides them
 * (keys, clients, blocked), exact.
 */
@Timeout(120)
class CliLoopingModesTest extends BothServersTest {
    static final Duration GENEROUS = Duration.ofSeconds(30);

    @BeforeAll
    static void load() throws IOException {
        both.setup(c -> {
            c.string("FLUSHALL");
            for (int i = 0; i < 42; i++) c.call("SET", "k" + i, "v");
            c.call("SELECT", "3");
            for (int i = 0; i < 8; i++) c.call("SET", "k" + i, "v");
        });
    }


    static final Pattern STAT_LINE = Pattern.compile(
            "(\\d+) +(\\d+(?:\\.\\d\\d)?[BKMG]) +(\\d+) +(\\d+) +(\\d+) \\(\\+(\\d+)\\) +(\\d+) *");

    /** --stat lines as {keys, mem, clients, blocked, requests, +requests, connections}. */
    static List<String[]> statLines(String out) {
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = STAT_LINE.matcher(line);
            if (m.matches()) {
                String[] row = new String[7];
                for (int i = 0; i < 7; i++) row[i] = m.group(i + 1);
                rows.add(row);
            }
        }
        return rows;
    }

    /** Runs --stat against {@code t} with a client blocked in BLPOP, until 3 data lines are printed. */
    static Tools.Result stat(Target t) throws Exception {
        try (Resp blocked = Resp.connect(t); Resp idle = Resp.connect(t)) {
            blocked.send("BLPOP", "nothing-comes", "0");
            idle.call("PING");
            awaitBlockedClients(t, 1);
            try (Tools.Running r = Tools.start(Tools.lineBuffered(Tools.cli(t, "--stat", "-i", "0.2")), null)) {
                assertTrue(r.awaitOutput(out -> statLines(out).size() >= 3, GENEROUS), "--stat printed: " + r.out() + r.err());
                return r.stop();
            }
        }
    }

    static void awaitBlockedClients(Target t, long n) throws Exception {
        try (Resp c = Resp.connect(t)) {
            long deadline = System.nanoTime() + GENEROUS.toNanos();
            while (!c.string("INFO", "clients").contains("blocked_clients:" + n + "\r\n")) {
                assertTrue(System.nanoTime() < deadline, "no blocked client on " + t.name());
                Thread.sleep(10);
            }
        }
    }

    @Test
    void statShowsKeysMemoryClientsBlockedRequestsConnections() throws Exception {
        Tools.Result expected = stat(both.redis);
        Tools.Result actual = stat(both.aeredis);
        String header = "------- data ------ --------------------- load -------------------- - child -\n"
                + "keys       mem      clients blocked requests            connections          \n";
        assertTrue(expected.out().startsWith(header), expected.describe());
        assertTrue(actual.out().startsWith(header), actual.describe());
        List<String[]> rows = statLines(actual.out());
        List<String[]> redisRows = statLines(expected.out());
        long previousRequests = -1;
        for (String[] row : rows) {
            assertEquals("50", row[0], "keys: 42 in db0 + 8 in db3\n" + actual.out());
            // clients: the blocked one, the idle one, redis-cli itself; blocked: the BLPOP.
            assertEquals(redisRows.get(0)[2], row[2], "clients, as redis-server counts them\n" + actual.out());
            assertEquals("3", row[2], actual.out());
            assertEquals("1", row[3], "blocked\n" + actual.out());
            long requests = Long.parseLong(row[4]);
            assertTrue(requests > previousRequests, "requests grow (each INFO is one)\n" + actual.out());
            previousRequests = requests;
            assertTrue(Long.parseLong(row[6]) >= 3, "connections received\n" + actual.out());
            assertTrue(row[1].matches("\\d+\\.\\d\\d[KMG]"), "memory like 1.10M\n" + actual.out());
        }
        // Every line has the same column layout as against redis-server (column starts).
        String redisLine = expected.out().split("\n")[2];
        String aeredisLine = actual.out().split("\n")[2];
        assertEquals(columnStarts(redisLine).subList(0, 4), columnStarts(aeredisLine).subList(0, 4),
                "\n" + redisLine + "\n" + aeredisLine);
    }

    private static List<Integer> columnStarts(String line) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) != ' ' && (i == 0 || line.charAt(i - 1) == ' ')) starts.add(i);
        }
        return starts;
    }

    /** The line --latency-history prints when a period ends, e.g. " -- 1.00 seconds range". */
    private static final Pattern RANGE_LINE = Pattern.compile(" -- (\\d+\\.\\d\\d) seconds range\n");
    static final Pattern LATENCY_LINE = Pattern.compile("(\\d+) (\\d+) (\\d+\\.\\d\\d) (\\d+)");

    @Test
    void latencyWithoutATerminalSamplesForTheIntervalAndPrintsOneLine() {
        Tools.Result r = Tools.run(Tools.cli(both.aeredis, "--latency", "-i", "0.5"), null, GENEROUS);
        assertEquals(0, r.exit(), r.describe());
        Matcher m = LATENCY_LINE.matcher(r.out().strip());
        assertTrue(m.matches(), "min max avg samples: " + r.describe());
        long min = Long.parseLong(m.group(1));
        long max = Long.parseLong(m.group(2));
        double avg = Double.parseDouble(m.group(3));
        long samples = Long.parseLong(m.group(4));
        assertTrue(min <= avg && avg <= max, r.out());
        assertTrue(samples >= 5, "redis-cli pings every 10 ms: " + r.out());
        assertTrue(max < 1000, "a PING should not take a second: " + r.out());
    }

    @Test
    void latencyHistoryPrintsARangeLinePerInterval() throws Exception {
        try (Tools.Running r = Tools.start(Tools.lineBuffered(Tools.cli(both.aeredis, "--latency-history", "-i", "1")), null)) {
            // The period closes after about 1 s: "1.00", or "1.01" and more on a loaded machine.
            assertTrue(r.awaitOutput(out -> RANGE_LINE.matcher(out).find(), GENEROUS), r.out() + r.err());
            Tools.Result res = r.stop();
            Matcher range = RANGE_LINE.matcher(res.out());
            assertTrue(range.find(), res.out());
            double seconds = Double.parseDouble(range.group(1));
            assertTrue(seconds >= 1.0 && seconds < 10, res.out());
            String firstPeriod = res.out().substring(0, range.start());
            String[] lines = firstPeriod.split("\n");
            assertTrue(lines.length >= 5, res.out());
            long previousSamples = 0;
            for (String line : lines) {
                Matcher m = LATENCY_LINE.matcher(line);
                assertTrue(m.matches(), "'" + line + "' in\n" + res.out());
                long samples = Long.parseLong(m.group(4));
                assertEquals(previousSamples + 1, samples, "one PING per line\n" + res.out());
                previousSamples = samples;
                assertTrue(Long.parseLong(m.group(1)) <= Long.parseLong(m.group(2)), line);
            }
        }
    }

    @Test
    void latencyDistDrawsASpectrumOfAnsweredPings() throws Exception {
        try (Tools.Running r = Tools.start(Tools.lineBuffered(Tools.cli(both.aeredis, "--latency-dist", "-i", "1")), null)) {
            // The legend between two dashed lines, then one spectrum line per interval.
            assertTrue(r.awaitOutput(out -> spectrum(out) != null, GENEROUS), r.out() + r.err());
            Tools.Result res = r.stop();
            String out = res.out();
            assertTrue(out.contains("From 0 to 100%:"), out);
            assertTrue(out.contains(". - * #          .01 .125 .25 .5 milliseconds\n"), out);
            String spectrum = spectrum(out);
            // 256-colour cells: ESC[48;5;Nm then the bucket's symbol; at least one bucket is not black (colour 0).
            String cells = spectrum.replaceAll("\u001b\\[38;5;0m", "");
            assertTrue(cells.matches("(\u001b\\[48;5;\\d+m.)+\u001b\\[0m"), spectrum);
            assertTrue(cells.matches(".*\u001b\\[48;5;(?!0m)\\d+m.*"), "some PINGs were answered: " + spectrum);
        }
    }

    /** The first complete spectrum line after the legend, or null. */
    private static String spectrum(String out) {
        String dashes = "---------------------------------------------\n";
        int first = out.indexOf(dashes);
        int second = first < 0 ? -1 : out.indexOf(dashes, first + dashes.length());
        if (second < 0) return null;
        String rest = out.substring(second + dashes.length());
        int nl = rest.indexOf('\n');
        return nl < 0 ? null : rest.substring(0, nl);
    }

    @Test
    void intrinsicLatencyRunsForTheGivenSeconds() {
        Tools.Result r = Tools.run(Tools.cli(both.aeredis, "--intrinsic-latency", "1"), null, GENEROUS);
        assertEquals(0, r.exit(), r.describe());
        String out = r.out();
        assertTrue(out.matches("(?s)(Max latency so far: \\d+ microseconds\\.\n)+\n"
                + "\\d+ total runs \\(avg latency: \\d+\\.\\d+ microseconds / \\d+\\.\\d+ nanoseconds per run\\)\\.\n"
                + "Worst run took \\d+x longer than the average latency\\.\n"), out);
    }
}
