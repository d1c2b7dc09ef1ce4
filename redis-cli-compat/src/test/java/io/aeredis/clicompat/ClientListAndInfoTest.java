package io.aeredis.clicompat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What redis-cli and clients read from the server besides replies: the CLIENT LIST / CLIENT INFO
 * line (field names and order as Redis 7.0 prints them, and the values that follow from what the
 * client did), and the INFO fields redis-cli --stat reads.
 */
@Timeout(120)
class ClientListAndInfoTest extends BothServersTest {



    /** Redis 7.0's catClientInfoString fields, in order. */
    static final List<String> FIELDS = List.of("id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db",
            "sub", "psub", "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll",
            "omem", "tot-mem", "events", "cmd", "user", "redir", "resp");

    /** Sizes that depend on allocators and buffer strategies, not on what the client did. */
    static final Set<String> ALLOCATION_DEPENDENT = Set.of("id", "addr", "laddr", "fd", "age", "idle", "qbuf", "qbuf-free",
            "multi-mem", "rbs", "rbp", "tot-mem");

    static Map<String, String> parse(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String kv : line.strip().split(" ")) {
            int eq = kv.indexOf('=');
            fields.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return fields;
    }

    /** CLIENT LIST lines by the client's addr. */
    static Map<String, Map<String, String>> clientList(Resp c) throws IOException {
        Map<String, Map<String, String>> byAddr = new LinkedHashMap<>();
        for (String line : c.string("CLIENT", "LIST").split("\n")) {
            if (line.isBlank()) continue;
            Map<String, String> f = parse(line);
            byAddr.put(f.get("addr"), f);
        }
        return byAddr;
    }

    /** Clients in different states; returns what CLIENT LIST says about each, by role. */
    static Map<String, Map<String, String>> clientsInEveryState(Target t) throws Exception {
        Map<String, Resp> roles = new LinkedHashMap<>();
        try (Resp named = Resp.connect(t); Resp subscriber = Resp.connect(t); Resp inMulti = Resp.connect(t);
             Resp blocked = Resp.connect(t); Resp resp3 = Resp.connect(t); Resp monitor = Resp.connect(t);
             Resp observer = Resp.connect(t)) {
            named.string("CLIENT", "SETNAME", "named-one");
            named.string("SELECT", "3");
            subscriber.send("SUBSCRIBE", "ch1", "ch2");
            subscriber.read();
            subscriber.read();
            subscriber.send("PSUBSCRIBE", "p*");
            subscriber.read();
            inMulti.string("MULTI");
            inMulti.string("SET", "a", "1");
            inMulti.string("INCR", "b");
            blocked.send("BLPOP", "nolist", "0");
            resp3.call("HELLO", "3");
            assertEquals("OK", monitor.string("MONITOR"));
            roles.put("named", named);
            roles.put("subscriber", subscriber);
            roles.put("multi", inMulti);
            roles.put("blocked", blocked);
            roles.put("resp3", resp3);
            roles.put("monitor", monitor);
            Map<String, Map<String, String>> byRole = new LinkedHashMap<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (true) {
                Map<String, Map<String, String>> list = clientList(observer);
                Map<String, String> b = list.get("127.0.0.1:" + blocked.localPort());
                Map<String, String> r = list.get("127.0.0.1:" + resp3.localPort());
                if (b != null && b.get("flags").equals("b") && r != null && r.get("resp").equals("3")) {
                    for (Map.Entry<String, Resp> e : roles.entrySet()) {
                        byRole.put(e.getKey(), list.get("127.0.0.1:" + e.getValue().localPort()));
                    }
                    byRole.put("observer", list.get("127.0.0.1:" + observer.localPort()));
                    break;
                }
                assertTrue(System.nanoTime() < deadline, "clients never reached their states on " + t.name());
                Thread.sleep(10);
            }
            // CLIENT INFO is the caller's own line, same fields.
            Map<String, String> info = parse(observer.string("CLIENT", "INFO"));
            assertEquals(FIELDS, new ArrayList<>(info.keySet()), "CLIENT INFO fields on " + t.name());
            assertEquals("client|info", info.get("cmd"));
            assertEquals("127.0.0.1:" + observer.localPort(), info.get("addr"));
            assertEquals("127.0.0.1:" + t.port(), info.get("laddr"));
            return byRole;
        }
    }

    @Test
    void clientListFieldsAndValuesAreRedisOnes() throws Exception {
        Map<String, Map<String, String>> expected = clientsInEveryState(both.redis);
        Map<String, Map<String, String>> actual = clientsInEveryState(both.aeredis);
        for (String role : expected.keySet()) {
            Map<String, String> e = expected.get(role);
            Map<String, String> a = actual.get(role);
            assertNotNull(a, role + " missing from aeredis's CLIENT LIST");
            assertEquals(FIELDS, new ArrayList<>(e.keySet()), "redis-server's own field list (" + role + ")");
            assertEquals(FIELDS, new ArrayList<>(a.keySet()), "aeredis field names and order (" + role + ")");
            for (String f : FIELDS) {
                if (ALLOCATION_DEPENDENT.contains(f)) continue;
                assertEquals(e.get(f), a.get(f), "CLIENT LIST " + f + " of the " + role + " client: redis " + e + "\naeredis " + a);
            }
            assertTrue(Integer.parseInt(a.get("fd")) > 0 && Long.parseLong(a.get("age")) >= 0 && Long.parseLong(a.get("idle")) >= 0, a.toString());
            assertTrue(a.get("laddr").equals("127.0.0.1:" + both.aeredis.port()), a.toString());
        }
        // Spot checks of what the states mean, in Redis's words.
        Map<String, Map<String, String>> a = actual;
        assertEquals("named-one", a.get("named").get("name"));
        assertEquals("3", a.get("named").get("db"));
        assertEquals("P", a.get("subscriber").get("flags"));
        assertEquals("2", a.get("subscriber").get("sub"));
        assertEquals("1", a.get("subscriber").get("psub"));
        assertEquals("x", a.get("multi").get("flags"));
        assertEquals("2", a.get("multi").get("multi"));
        assertEquals("b", a.get("blocked").get("flags"));
        assertEquals("blpop", a.get("blocked").get("cmd"));
        assertEquals("12", a.get("blocked").get("argv-mem"), "a blocked client keeps its argv: blpop, nolist, 0");
        assertEquals("3", a.get("resp3").get("resp"));
        assertEquals("O", a.get("monitor").get("flags"));
        assertEquals("monitor", a.get("monitor").get("cmd"));
        assertEquals("client|list", a.get("observer").get("cmd"));
        assertEquals("10", a.get("observer").get("argv-mem"), "the running CLIENT LIST's own arguments");
    }

    @Test
    void redisCliPrintsClientListLines() throws Exception {
        try (Resp named = Resp.connect(both.aeredis)) {
            named.string("CLIENT", "SETNAME", "via-resp");
            Tools.Result r = Tools.run(Tools.cli(both.aeredis, "client", "list"));
            String[] lines = r.out().split("\n");
            assertEquals(2, lines.length, r.describe());
            Map<String, String> mine = null;
            for (String line : lines) {
                Map<String, String> f = parse(line);
                assertEquals(FIELDS, new ArrayList<>(f.keySet()), line);
                if (f.get("addr").equals("127.0.0.1:" + named.localPort())) mine = f;
            }
            assertNotNull(mine, r.out());
            assertEquals("via-resp", mine.get("name"));
            assertEquals("client|setname", mine.get("cmd"));
        }
    }

    /** INFO as field -> {section, value}. */
    static Map<String, String[]> info(Resp c) throws IOException {
        Map<String, String[]> fields = new LinkedHashMap<>();
        String section = null;
        for (String line : c.string("INFO", "everything").split("\r\n")) {
            if (line.startsWith("# ")) {
                section = line.substring(2);
            } else if (line.contains(":")) {
                fields.put(line.substring(0, line.indexOf(':')), new String[] {section, line.substring(line.indexOf(':') + 1)});
            }
        }
        return fields;
    }

    /** The INFO fields redis-cli --stat reads (statMode), numeric, in the section where Redis has them. */
    static final List<String> STAT_FIELDS = List.of("used_memory", "connected_clients", "blocked_clients",
            "total_commands_processed", "total_connections_received", "rdb_bgsave_in_progress",
            "aof_rewrite_in_progress", "loading");

    @Test
    void infoFieldsThatRedisCliStatReads() throws Exception {
        Map<String, long[]> deltas = new LinkedHashMap<>();
        for (Target t : both.targets()) {
            try (Resp c = Resp.connect(t); Resp blocked = Resp.connect(t)) {
                c.string("FLUSHALL");
                c.call("SET", "a", "1");
                c.call("SET", "b", "2", "EX", "1000");
                c.call("SELECT", "2");
                c.call("SET", "c", "3");
                blocked.send("BLPOP", "nolist", "0");
                Map<String, String[]> before;
                long deadline = System.nanoTime() + 30_000_000_000L;
                do {
                    before = info(c);
                    assertTrue(System.nanoTime() < deadline);
                } while (!before.get("blocked_clients")[1].equals("1"));
                for (String f : STAT_FIELDS) {
                    assertNotNull(before.get(f), f + " missing from INFO of " + t.name());
                    assertTrue(before.get(f)[1].matches("\\d+"), f + ":" + before.get(f)[1]);
                }
                assertEquals("2", before.get("connected_clients")[1], t.name());
                assertEquals("0", before.get("rdb_bgsave_in_progress")[1]);
                assertEquals("0", before.get("aof_rewrite_in_progress")[1]);
                assertEquals("0", before.get("loading")[1]);
                // Keyspace lines: --stat sums the keys= of db0..db19.
                assertTrue(before.get("db0")[1].matches("keys=2,expires=1,avg_ttl=\\d+"), before.get("db0")[1]);
                assertEquals("keys=1,expires=0,avg_ttl=0", before.get("db2")[1]);
                assertEquals("Keyspace", before.get("db0")[0]);
                // Counters move by what happened in between: 3 commands, INFO itself, 1 connection.
                c.call("PING");
                c.call("GET", "c");
                try (Resp extra = Resp.connect(t)) {
                    extra.call("PING");
                }
                Map<String, String[]> after = info(c);
                deltas.put(t.name(), new long[] {
                        Long.parseLong(after.get("total_commands_processed")[1]) - Long.parseLong(before.get("total_commands_processed")[1]),
                        Long.parseLong(after.get("total_connections_received")[1]) - Long.parseLong(before.get("total_connections_received")[1])});
                Map<String, String[]> redisInfo = null;
                if (t != both.redis) {
                    try (Resp r = Resp.connect(both.redis)) {
                        redisInfo = info(r);
                    }
                    for (String f : STAT_FIELDS) {
                        assertEquals(redisInfo.get(f)[0], before.get(f)[0], "section of " + f);
                    }
                }
            }
        }
        assertEquals(List.of(4L, 1L), List.of(deltas.get("redis-server")[0], deltas.get("redis-server")[1]));
        assertEquals(List.of(4L, 1L), List.of(deltas.get("aeredis")[0], deltas.get("aeredis")[1]),
                "total_commands_processed / total_connections_received deltas, as redis-server's");
    }
}
