package io.aeredis.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MEMORY STATS and DOCTOR with the server's figures: clients, script caches, peak and startup heap. */
@Timeout(60)
class MemoryStatsTest {
    /** MEMORY STATS in RESP2, as name -> integer (ratios and db.N maps left out). */
    private static Map<String, Long> stats(RawClient c) throws Exception {
        return parse(c.call("MEMORY", "STATS"));
    }

    private static Map<String, Long> parse(String raw) {
        String[] lines = raw.split("\r\n");
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 1; i + 2 < lines.length; i++) {
            if (lines[i].startsWith("$") && lines[i + 2].startsWith(":")) {
                m.put(lines[i + 1], Long.parseLong(lines[i + 2].substring(1)));
                i += 2;
            }
        }
        return m;
    }

    @Test
    void statsCountClientsScriptsAndFunctions() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port()); RawClient other = new RawClient(s.port())) {
            other.call("PING");
            Map<String, Long> before = stats(c);
            // At least the caller's reply buffer (1 KB when new) and its running "MEMORY STATS"
            // (an idle client may already have given its buffers back).
            assertTrue(before.get("clients.normal") >= 1024 + 11, before.toString());
            assertTrue(before.get("peak.allocated") >= before.get("total.allocated"), before.toString());
            assertTrue(before.get("startup.allocated") > 0 && before.get("startup.allocated") <= before.get("peak.allocated"), before.toString());
            assertEquals(0L, before.get("keys.count"));

            String body = "return '" + "x".repeat(20_000) + "'";
            c.call("SCRIPT", "LOAD", body);
            c.call("FUNCTION", "LOAD", "#!js name=statslib\nredis.registerFunction('f', () => '" + "y".repeat(10_000) + "')");
            c.call("SET", "a", "1");
            c.call("SELECT", "5");
            c.call("SET", "b", "2");
            String raw = c.call("MEMORY", "STATS");
            Map<String, Long> after = parse(raw);
            assertTrue(after.get("lua.caches") - before.get("lua.caches") >= 20_000, after.toString());
            assertTrue(after.get("functions.caches") - before.get("functions.caches") >= 10_000, after.toString());
            assertEquals(2L, after.get("keys.count"));
            assertTrue(raw.contains("$4\r\ndb.0\r\n*6\r\n") && raw.contains("$4\r\ndb.5\r\n*6\r\n") && !raw.contains("db.1\r\n"), raw);
            assertTrue(raw.startsWith("*58\r\n"), raw.substring(0, 10));
            assertEquals(after.get("overhead.total"), after.get("startup.allocated") + after.get("clients.normal")
                    + after.get("lua.caches") + after.get("functions.caches")
                    + sumOverheads(raw));

            // INFO's peak is the same tracker.
            String info = c.call("INFO", "memory");
            long used = field(info, "used_memory");
            long peak = field(info, "used_memory_peak");
            assertTrue(peak >= used && peak >= after.get("peak.allocated"), info);
        }
    }

    @Test
    void doctorIsVerbatimInResp3() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("HELLO", "3");
            String r = c.call("MEMORY", "DOCTOR");
            assertTrue(r.startsWith("=") && r.contains("\r\ntxt:"), r);
            String malloc = c.call("MEMORY", "MALLOC-STATS");
            assertTrue(malloc.contains("txt:___ Begin JVM memory statistics ___") && malloc.contains("Garbage collectors:"), malloc);
        }
    }

    private static long sumOverheads(String raw) {
        long sum = 0;
        String[] lines = raw.split("\r\n");
        for (int i = 0; i + 2 < lines.length; i++) {
            if (lines[i + 1].equals("overhead.hashtable.main") || lines[i + 1].equals("overhead.hashtable.expires")) {
                sum += Long.parseLong(lines[i + 2].substring(1));
            }
        }
        return sum;
    }

    private static long field(String info, String name) {
        for (String l : info.split("\r\n")) {
            if (l.startsWith(name + ":")) return Long.parseLong(l.substring(name.length() + 1));
        }
        throw new AssertionError(name + " not in " + info);
    }
}
