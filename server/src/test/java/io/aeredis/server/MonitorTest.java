package io.aeredis.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * MONITOR against a real redis-server 7.0 and aeredis: the same session of commands runs on
 * both while a monitor connection records every line; the streams, with timestamps checked for
 * form and then removed and each ip:port named by order of appearance, must be identical.
 * Then what only aeredis can run (JavaScript functions, worker scripts) and the output buffer
 * limit class of monitors.
 */
@Timeout(120)
class MonitorTest {
    private static BothServers both;

    @BeforeAll
    static void start() throws Exception {
        both = BothServers.startOrSkip("MonitorTest");
    }

    @AfterAll
    static void stop() throws Exception {
        if (both != null) both.close();
    }

    /** +seconds.microseconds [db peer] args: the form of every monitor line. */
    private static final Pattern LINE = Pattern.compile("^\\+(\\d{10})\\.(\\d{6}) \\[(\\d+) (lua|[0-9.]+:\\d+)\\] (.*)\r\n$", Pattern.DOTALL);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ------------------------------------------------------------------ the differential session

    @Test
    void theMonitorStreamIsRedisOwn() throws Exception {
        List<String> redis = session(both.redis.port);
        List<String> aeredis = session(both.aeredis.port());
        assertEquals(String.join("\n", redis), String.join("\n", aeredis));
        // Not two empty streams: the lines that matter are there, in Redis's form.
        String all = String.join("\n", aeredis);
        for (String expected : new String[] {
                "[0 client1] \"SET\" \"k\" \"v\"",
                "[1 client1] \"SELECT\" \"1\"",
                "[0 client1] \"SET\" \"a\\nb\\r\\t\\a\\b\\x00\\xff\\\"\\\\\" \"x\"",
                "[0 client1] \"LPUSH\" \"k\" \"x\"",
                "[0 client1] \"AUTH\" \"(redacted)\"",
                "[0 client1] \"AUTH\" \"(redacted)\" \"(redacted)\"",
                "[0 client1] \"AUTH\" \"a\" \"b\" \"c\"",
                "[0 client1] \"HELLO\" \"3\" \"AUTH\" \"(redacted)\" \"(redacted)\"",
                "[0 client1] \"EVAL\" \"redis.call('select','3'); return redis.call('set','y','2')\" \"0\"\n[3 lua] \"select\" \"3\"\n[3 lua] \"set\" \"y\" \"2\"",
                "[0 client1] \"SET\" \"m\" \"1\"\n[0 client1] \"GET\" \"m\"\n[0 client1] \"EXEC\"",
                "[0 client1] \"BLPOP\" \"q\" \"0\"\n[0 client2] \"RPUSH\" \"q\" \"x\"\n[0 client1] \"BLPOP\" \"q\" \"0.01\"",
                "-ERR Replica can't interact with the keyspace",
                "[0 client1] \"QUIT\"",
        }) {
            assertTrue(all.contains(expected), "missing " + expected + " in\n" + all);
        }
        for (String hidden : new String[] {"\"CONFIG\"", "\"SLOWLOG\"", "\"CLIENT\" \"LIST\"", "\"FOO\"", "\"GET\"\n", "\"MONITOR\""}) {
            assertFalse(all.contains(hidden), hidden + " must not be shown:\n" + all);
        }
    }

    /**
     * One session: a monitor M, clients A and B; returns M's stream (monitor lines and M's own
     * replies), normalized. A's and B's replies are read as they come, so every line a command
     * feeds is in M's socket before the next command runs.
     */
    private static List<String> session(int port) throws Exception {
        List<String> stream = new ArrayList<>();
        Map<String, String> peers = new LinkedHashMap<>();
        try (RawClient m = new RawClient(port); RawClient a = new RawClient(port); RawClient bc = new RawClient(port)) {
            assertEquals("+OK\r\n", m.call("MONITOR"));
            a.call("SET", "k", "v");
            a.call("SELECT", "1");
            a.call("GET", "k");
            a.call("SELECT", "0");
            a.sendCommand(b("SET"), b("a\nb\r\t\u0007\b\u0000\u00ff\"\\"), b("x"));
            a.readReply();
            a.call("FOO", "bar");
            a.call("GET");
            a.call("LPUSH", "k", "x");
            a.call("AUTH", "pw");
            a.call("AUTH", "u", "pw");
            a.call("AUTH", "a", "b", "c");
            a.call("HELLO", "3", "AUTH", "u", "pw");
            a.call("HELLO", "4", "AUTH", "u", "pw");
            a.call("HELLO", "3", "AUTH", "u");
            a.call("HELLO", "2");
            a.call("MULTI");
            a.call("SET", "m", "1");
            a.call("GET", "m");
            a.call("EXEC");
            a.call("MULTI");
            a.call("SET", "m");
            a.call("EXEC");
            a.call("MULTI");
            a.call("MONITOR");
            a.call("EXEC");
            // Scripts that are Lua and JavaScript alike.
            a.call("EVAL", "redis.call('set','x','1'); return redis.pcall('incr','k')", "0");
            a.call("EVAL", "redis.call('select','3'); return redis.call('set','y','2')", "0");
            a.call("EVAL", "return 1", "x");
            a.call("EVALSHA", "0123456789012345678901234567890123456789", "0");
            a.call("EVAL_RO", "return redis.call('get', KEYS[1])", "1", "x");
            a.call("MULTI");
            a.call("EVAL", "return redis.call('get','x')", "0");
            a.call("EXEC");
            // Admin commands are never shown; others are.
            a.call("CONFIG", "GET", "port");
            a.call("CLIENT", "LIST");
            a.call("SLOWLOG", "GET");
            a.call("CLIENT", "ID");
            a.call("MEMORY", "USAGE", "k");
            a.call("PING");
            a.call("ECHO", "hi");
            a.call("PUBLISH", "ch", "m");
            // A blocked command is shown when it runs, not again when served.
            a.sendCommand(RawClient.args("BLPOP", "q", "0"));
            waitForBlocked(bc);
            bc.call("RPUSH", "q", "x");
            assertTrue(a.readReply().startsWith("*2"));
            a.call("BLPOP", "q", "0.01");
            readLines(m, "\"q\" \"0.01\"", stream);
            // The monitor itself: keyspace commands refused, others run and shown to itself.
            stream.add(m.call("GET", "k"));
            stream.add(m.call("PUBLISH", "ch", "m"));
            stream.add(m.call("EVAL", "return 1", "0"));
            stream.add(m.call("PING"));
            stream.add(m.readReply());
            m.sendCommand(RawClient.args("MONITOR")); // no reply at all when already monitoring
            stream.add(m.call("ECHO", "after"));
            stream.add(m.readReply());
            a.call("QUIT");
            bc.call("ECHO", "__end__");
            readLines(m, "\"__end__\"", stream);
            // RESET ends monitor mode.
            stream.add(m.call("RESET"));
            bc.call("SET", "after", "reset");
            stream.add(m.call("PING"));
        }
        List<String> normalized = new ArrayList<>();
        for (String line : stream) normalized.add(normalize(line, peers));
        return normalized;
    }

    /** Reads monitor lines into {@code stream} until one containing {@code last}. */
    private static void readLines(RawClient m, String last, List<String> stream) throws IOException {
        while (true) {
            String line = m.readReply();
            stream.add(line);
            if (line.contains(last)) return;
        }
    }

    /** Waits for a client to block, asking with CLIENT LIST: an admin command, so not in the stream. */
    private static void waitForBlocked(RawClient c) throws Exception {
        for (int i = 0; i < 500; i++) {
            if (c.call("CLIENT", "LIST").contains("flags=b ")) return;
            Thread.sleep(5);
        }
        fail("client did not block");
    }

    /** Checks a monitor line's form; the timestamp goes, ip:port become client1, client2... */
    private static String normalize(String line, Map<String, String> peers) {
        Matcher mt = LINE.matcher(line);
        if (!line.startsWith("+") || line.equals("+PONG\r\n") || line.startsWith("+OK") || line.startsWith("+RESET")) {
            return line.strip();
        }
        assertTrue(mt.matches(), "not a monitor line: " + line);
        long secs = Long.parseLong(mt.group(1));
        assertTrue(Math.abs(secs - System.currentTimeMillis() / 1000) < 600, "timestamp " + secs);
        String peer = mt.group(4);
        if (!peer.equals("lua")) peer = peers.computeIfAbsent(peer, p -> "client" + (peers.size() + 1));
        return "[" + mt.group(3) + " " + peer + "] " + mt.group(5);
    }

    // ------------------------------------------------------------------ output buffer limits

    /** Monitors are normal clients for client-output-buffer-limit (getClientType), on both servers. */
    @Test
    void aMonitorThatDoesNotReadIsCutOffByTheNormalClassLimit() throws Exception {
        assertEquals(List.of(true, false), obufOutcomes(both.redis.port));
        assertEquals(List.of(true, false), obufOutcomes(both.aeredis.port()));
    }

    /** Whether a monitor that never reads survives a flood: [with only a replica limit, with a normal limit]. */
    private static List<Boolean> obufOutcomes(int port) throws Exception {
        List<Boolean> out = new ArrayList<>();
        try (RawClient c = new RawClient(port)) {
            for (String limits : new String[] {"normal 0 0 0 replica 1mb 0 0", "normal 1mb 0 0 replica 0 0 0"}) {
                c.call("CONFIG", "SET", "client-output-buffer-limit", limits);
                try (RawClient m = new RawClient(port)) {
                    m.socket.setReceiveBufferSize(4096);
                    m.call("CLIENT", "SETNAME", "silentmonitor");
                    m.call("MONITOR");
                    String big = "x".repeat(100_000);
                    for (int i = 0; i < 60; i++) c.call("SET", "big", big);
                    Thread.sleep(200);
                    out.add(c.call("CLIENT", "LIST").contains("name=silentmonitor"));
                }
            }
            c.call("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0 replica 256mb 64mb 60 pubsub 32mb 8mb 60");
            c.call("DEL", "big");
        }
        return out;
    }

    // ------------------------------------------------------------------ aeredis only

    @Test
    void functionsAndWorkerScriptsShowTheirCallsAsLua() throws Exception {
        int port = both.aeredis.port();
        try (RawClient m = new RawClient(port); RawClient a = new RawClient(port)) {
            a.call("FUNCTION", "LOAD", "REPLACE", "#!js name=monlib\nredis.registerFunction('monget', (keys, args) => redis.call('get', keys[1]))");
            assertEquals("+OK\r\n", m.call("MONITOR"));
            a.call("SET", "fk", "fv");
            assertEquals("$2\r\nfv\r\n", a.call("FCALL", "monget", "1", "fk"));
            assertEquals(":7\r\n", a.call("EVAL_SLOW_SCRIPT", "return redis.call('incrby', KEYS[1], 7)", "1", "counter"));
            a.call("ECHO", "__end__");
            List<String> lines = new ArrayList<>();
            readLines(m, "__end__", lines);
            Map<String, String> peers = new LinkedHashMap<>();
            List<String> got = new ArrayList<>();
            for (String l : lines) got.add(normalize(l, peers));
            assertEquals(List.of(
                    "[0 client1] \"SET\" \"fk\" \"fv\"",
                    "[0 client1] \"FCALL\" \"monget\" \"1\" \"fk\"",
                    "[0 lua] \"get\" \"fk\"",
                    "[0 client1] \"EVAL_SLOW_SCRIPT\" \"return redis.call('incrby', KEYS[1], 7)\" \"1\" \"counter\"",
                    "[0 lua] \"incrby\" \"counter\" \"7\"",
                    "[0 client1] \"ECHO\" \"__end__\""), got);
            a.call("FUNCTION", "DELETE", "monlib");
            a.call("DEL", "fk", "counter");
        }
    }

    @Test
    void clientListFlagsAMonitorAndResetOrDisconnectEndsIt() throws Exception {
        int port = both.aeredis.port();
        try (RawClient m = new RawClient(port); RawClient a = new RawClient(port)) {
            m.call("CLIENT", "SETNAME", "mon");
            m.call("MONITOR");
            String list = a.call("CLIENT", "LIST");
            assertTrue(list.contains("name=mon age=") && list.matches("(?s).*name=mon age=\\d+ idle=\\d+ flags=O .*"), list);
            assertTrue(a.call("CLIENT", "LIST", "TYPE", "normal").contains("name=mon"));
            assertEquals("+RESET\r\n", m.call("RESET"));
            assertFalse(a.call("CLIENT", "LIST").contains("flags=O"));
            a.call("SET", "quiet", "1");
            // Nothing was fed after RESET: the next thing on the socket is PING's reply.
            assertEquals("+PONG\r\n", m.call("PING"));
            m.call("MONITOR");
        }
        // The monitor above disconnected: feeding must skip it, the server keeps serving.
        try (RawClient a = new RawClient(port)) {
            for (int i = 0; i < 200 && a.call("CLIENT", "LIST").contains("flags=O"); i++) {
                assertEquals("+OK\r\n", a.call("SET", "still", "serving"));
                Thread.sleep(5);
            }
            assertFalse(a.call("CLIENT", "LIST").contains("flags=O"));
        }
    }

    @Test
    void noMonitorMeansNoFeeding() throws Exception {
        RedisServer server = both.aeredis.server;
        try (RawClient a = new RawClient(both.aeredis.port())) {
            a.call("PING");
            assertTrue(server.monitors.isEmpty());
            try (RawClient m = new RawClient(both.aeredis.port())) {
                m.call("MONITOR");
                a.call("PING");
                assertFalse(server.monitors.isEmpty());
            }
            // The loop notices the closed monitor at its next read.
            for (int i = 0; i < 200 && !server.monitors.isEmpty(); i++) {
                a.call("PING");
                Thread.sleep(5);
            }
            assertTrue(server.monitors.isEmpty());
        } catch (SocketTimeoutException e) {
            fail(e);
        }
    }
}
