package io.aeredis.clicompat;

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
 * redis-cli --memkeys (MEMORY USAGE key SAMPLES n for every key) and redis-cli MONITOR (every
 * command streamed as {@code 1339518083.107412 [0 127.0.0.1:60866] "keys" "*"}), each against
 * redis-server 7.0 and aeredis.
 */
@Timeout(120)
class MemkeysAndMonitorTest extends BothServersTest {



    // ------------------------------------------------------------------ --memkeys

    static void populate(Resp c) throws IOException {
        c.string("FLUSHALL");
        c.call("SET", "big", "a".repeat(5000));
        for (int i = 0; i < 20; i++) c.call("SET", "small:" + i, "x");
        c.call("RPUSH", "list", "a", "b", "c");
        c.call("HSET", "hash", "f1", "v1", "f2", "v2");
        c.call("SADD", "set", "1", "2", "3");
        c.call("ZADD", "zset", "1", "a");
    }

    /** The summary with byte counts replaced by N: memory accounting differs, the rest may not. */
    static String memkeysShape(Tools.Result r) {
        assertEquals(0, r.exit(), r.describe());
        int summary = r.out().indexOf("-------- summary -------");
        assertTrue(summary > 0, r.describe());
        return r.out().substring(summary)
                .replaceAll("has \\d+ bytes", "has N bytes")
                .replaceAll("with \\d+ bytes", "with N bytes")
                .replaceAll("avg size \\d+\\.\\d\\d", "avg size N");
    }

    @Test
    void memkeysFindsTheBiggestKeyOfEachTypeByMemory() throws IOException {
        both.setup(MemkeysAndMonitorTest::populate);
        for (String[] options : List.of(new String[] {"--memkeys"}, new String[] {"--memkeys", "--memkeys-samples", "10"})) {
            String expected = memkeysShape(Tools.run(Tools.cli(both.redis, options)));
            Tools.Result r = Tools.run(Tools.cli(both.aeredis, options));
            assertEquals(expected, memkeysShape(r), r.describe());
            String out = r.out();
            assertTrue(out.contains("Sampled 25 keys in the keyspace!\n"), out);
            Matcher big = Pattern.compile("Biggest string found '\"big\"' has (\\d+) bytes\n").matcher(out);
            assertTrue(big.find(), out);
            long bigBytes = Long.parseLong(big.group(1));
            assertTrue(bigBytes >= 5000 && bigBytes < 10_000, "MEMORY USAGE of a 5000-byte string: " + bigBytes);
            for (String type : List.of("list", "hash", "set", "zset")) {
                Matcher m = Pattern.compile("Biggest +" + type + " found '\"" + type + "\"' has (\\d+) bytes\n").matcher(out);
                assertTrue(m.find(), type + " in " + out);
                assertTrue(Long.parseLong(m.group(1)) > 0, out);
            }
            assertTrue(out.contains("21 strings with "), out);
        }
    }

    // ------------------------------------------------------------------ MONITOR

    /** A monitor line: microsecond timestamp, [db addr], then the quoted arguments. */
    static final Pattern MONITOR_LINE = Pattern.compile("(\\d{10})\\.(\\d{6}) \\[(\\d+) (?:127\\.0\\.0\\.1:(\\d+)|lua)] (.*)");

    /**
     * Runs a fixed sequence of commands on {@code t} with redis-cli MONITOR watching; returns the
     * monitor lines with the timestamp dropped and client addresses replaced by role names.
     */
    static List<String> monitored(Target t) throws Exception {
        try (Tools.Running monitor = Tools.start(Tools.lineBuffered(Tools.cli(t, "monitor")), null)) {
            assertTrue(monitor.awaitOutput(out -> out.startsWith("OK\n"), Duration.ofSeconds(30)), monitor.out() + monitor.err());
            long startSeconds = System.currentTimeMillis() / 1000;
            try (Resp c1 = Resp.connect(t); Resp c2 = Resp.connect(t)) {
                c1.call("SET", "k", "a b\"c\n\u0000\u0001");
                c1.call("GET", "k");
                c2.call("SET", "from-c2", "1");
                c1.call("SELECT", "3");
                c1.call("INCR", "c");
                c1.call("AUTH", "foo");                    // arguments redacted
                c1.call("MULTI");
                c1.call("SET", "x", "1");
                c1.call("EXEC");
                c1.call("HELLO", "2");
                c1.call("CLIENT", "SETNAME", "n1");
                c1.call("CONFIG", "SET", "maxmemory", "0"); // admin: not shown
                c1.call("BLPOP", "nolist", "0.01");
                c1.call("SELECT", "0");
                // Valid Lua and valid JavaScript alike: the script's own commands show up too.
                c1.call("EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "sk", "sv");
                c1.call("ECHO", "end-of-test");
                assertTrue(monitor.awaitOutput(out -> out.contains("\"end-of-test\"\n"), Duration.ofSeconds(30)), monitor.out());
                List<String> lines = new ArrayList<>();
                String[] raw = monitor.out().split("\n");
                assertEquals("OK", raw[0]);
                long previous = 0;
                for (int i = 1; i < raw.length; i++) {
                    Matcher m = MONITOR_LINE.matcher(raw[i]);
                    assertTrue(m.matches(), "monitor line '" + raw[i] + "' on " + t.name());
                    long seconds = Long.parseLong(m.group(1));
                    long micros = seconds * 1_000_000 + Long.parseLong(m.group(2));
                    assertTrue(micros >= previous, "timestamps go forward: " + monitor.out());
                    previous = micros;
                    assertTrue(Math.abs(seconds - startSeconds) < 60, "a unix timestamp of now: " + raw[i]);
                    String who = m.group(4) == null ? "lua"
                            : Integer.parseInt(m.group(4)) == c1.localPort() ? "c1"
                            : Integer.parseInt(m.group(4)) == c2.localPort() ? "c2" : "other:" + m.group(4);
                    lines.add("[" + m.group(3) + " " + who + "] " + m.group(5));
                }
                return lines;
            }
        }
    }

    @Test
    void monitorStreamsEveryCommandAsRedisDoes() throws Exception {
        List<String> expected = monitored(both.redis);
        List<String> actual = monitored(both.aeredis);
        assertEquals(String.join("\n", expected), String.join("\n", actual));
        // Arguments as the client sent them (upper case here), quoted and escaped like sdscatrepr.
        assertTrue(actual.contains("[0 c1] \"SET\" \"k\" \"a b\\\"c\\n\\x00\\x01\""), actual.toString());
        assertTrue(actual.contains("[0 c2] \"SET\" \"from-c2\" \"1\""), actual.toString());
        assertTrue(actual.contains("[3 c1] \"INCR\" \"c\""), actual.toString());
        assertTrue(actual.contains("[3 c1] \"AUTH\" \"(redacted)\""), actual.toString());
        assertTrue(actual.contains("[0 lua] \"set\" \"sk\" \"sv\""), "a script's commands come from 'lua': " + actual);
        assertTrue(actual.stream().noneMatch(l -> l.contains("maxmemory")), actual.toString());
    }
}
