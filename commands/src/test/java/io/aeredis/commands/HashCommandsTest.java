package io.aeredis.commands;

import static io.aeredis.commands.KeyspaceHarness.NULL;
import static io.aeredis.commands.KeyspaceHarness.OK;
import static io.aeredis.commands.KeyspaceHarness.b;
import static io.aeredis.commands.KeyspaceHarness.bulk;
import static io.aeredis.commands.KeyspaceHarness.err;
import static io.aeredis.commands.KeyspaceHarness.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hash commands through the command rows: encodings after each command (OBJECT ENCODING
 * is not available to the differential cases), keyspace events, dirty counts, and the
 * random/scan replies whose content the differential cases can only check by shape.
 */
class HashCommandsTest {
    /** Records notifyKeyspaceEvent and signalModifiedKey calls. */
    static final class RecordingCore extends RedisCore {
        final List<String> events = new ArrayList<>();
        int modified;

        RecordingCore() {
            super(RedisCore.DEFAULT_DBNUM);
        }

        @Override
        public void notifyKeyspaceEvent(int type, String event, byte[] key, int dbid) {
            events.add(type + ":" + event + ":" + new String(key, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void signalModifiedKey(Client c, Db db, byte[] key) {
            modified++;
        }
    }

    private final RecordingCore core = new RecordingCore();
    private final KeyspaceHarness h = new KeyspaceHarness(core);

    HashCommandsTest() {
        for (RedisCommand cmd : HashCommands.commands()) h.table.put(cmd.name, cmd);
    }

    private HashValue hash(String key) {
        return (HashValue) core.db(0).lookupKeyRead(b(key));
    }

    private String encoding(String key) {
        return hash(key).encoding();
    }

    private static final int HASH = RedisCore.NOTIFY_HASH;
    private static final int GENERIC = RedisCore.NOTIFY_GENERIC;

    /** Decodes a reply into strings / longs / lists (RESP2 or RESP3 aggregates alike). */
    private static Object decode(String reply) {
        CommandTestKit.Decoder d = new CommandTestKit.Decoder(reply.getBytes(StandardCharsets.ISO_8859_1));
        Object v = d.read();
        assertEquals(reply.length(), d.pos, "trailing bytes in " + reply);
        return v;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(String reply) {
        return (List<Object>) decode(reply);
    }

    private static String[] args(String cmd, String key, int from, int n, boolean values) {
        List<String> a = new ArrayList<>(List.of(cmd, key));
        for (int i = from; i < from + n; i++) {
            a.add("f" + i);
            if (values) a.add("v" + i);
        }
        return a.toArray(new String[0]);
    }

    // ------------------------------------------------------------------ events and dirty

    @Test
    void writesFireRedisEventNamesAndCountDirty() {
        assertEquals(integer(2), h.call("HSET", "k", "a", "1", "b", "2"));
        assertEquals(OK, h.call("HMSET", "k", "a", "1"));
        assertEquals(integer(1), h.call("HSETNX", "k", "c", "3"));
        assertEquals(integer(0), h.call("HSETNX", "k", "c", "3"));
        assertEquals(integer(11), h.call("HINCRBY", "k", "a", "10"));
        assertEquals(bulk("2.5"), h.call("HINCRBYFLOAT", "k", "b", "0.5"));
        assertEquals(integer(2), h.call("HDEL", "k", "a", "b", "zz"));
        assertEquals(integer(1), h.call("HDEL", "k", "c"));
        assertEquals(List.of(HASH + ":hset:k", HASH + ":hset:k", HASH + ":hset:k", HASH + ":hincrby:k",
            HASH + ":hincrbyfloat:k", HASH + ":hdel:k", HASH + ":hdel:k", GENERIC + ":del:k"), core.events);
        // HSET 2 + HMSET 1 + HSETNX 1 + HINCRBY 1 + HINCRBYFLOAT 1 + HDEL 2 + HDEL 1.
        assertEquals(9, core.dirty);
        assertEquals(7, core.modified);
        assertFalse(core.db(0).exists(b("k")));
    }

    @Test
    void failedOrEmptyWritesFireNothing() {
        h.call("SET", "s", "v");
        core.events.clear();
        long dirty = core.dirty;
        h.call("HSET", "s", "a", "1");
        h.call("HDEL", "nokey", "a");
        h.call("HSET", "k", "a", "x");
        core.events.clear();
        dirty = core.dirty;
        assertEquals(integer(0), h.call("HDEL", "k", "zz"));
        assertEquals(err("hash value is not an integer"), h.call("HINCRBY", "k", "a", "1"));
        assertEquals(err("hash value is not a float"), h.call("HINCRBYFLOAT", "k", "a", "1"));
        assertEquals(err("value is NaN or Infinity"), h.call("HINCRBYFLOAT", "k", "a", "inf"));
        assertEquals(List.of(), core.events);
        assertEquals(dirty, core.dirty);
    }

    @Test
    void incrementErrorsOnAMissingKeyLeaveNoEmptyHash() {
        assertEquals(err("value is not an integer or out of range"), h.call("HINCRBY", "k", "f", "x"));
        assertEquals(err("value is not a valid float"), h.call("HINCRBYFLOAT", "k", "f", "x"));
        assertEquals(err("value is NaN or Infinity"), h.call("HINCRBYFLOAT", "k", "f", "-inf"));
        assertEquals(0, core.db(0).size());
    }

    // ------------------------------------------------------------------ encodings

    @Test
    void hsetConvertsPastTheEntryLimit() {
        assertEquals(integer(128), h.call(args("HSET", "k", 0, 128, true)));
        assertEquals("listpack", encoding("k"));
        assertEquals(integer(0), h.call("HSET", "k", "f0", "x"));
        assertEquals("listpack", encoding("k"));
        assertEquals(integer(1), h.call("HSET", "k", "new", "x"));
        assertEquals("hashtable", encoding("k"));
        assertEquals(integer(129), h.call("HLEN", "k"));
        // Deleting back under the limit keeps the hashtable, like Redis.
        h.call(args("HDEL", "k", 0, 100, false));
        assertEquals(integer(29), h.call("HLEN", "k"));
        assertEquals("hashtable", encoding("k"));
    }

    @Test
    void duplicateFieldsInOneHsetDoNotConvert() {
        List<String> a = new ArrayList<>(List.of("HSET", "k"));
        for (int i = 0; i < 130; i++) {
            a.add("f");
            a.add("v" + i);
        }
        assertEquals(integer(1), h.call(a.toArray(new String[0])));
        assertEquals("listpack", encoding("k"), "7.0 does not presize from the argument count");
        assertEquals(bulk("v129"), h.call("HGET", "k", "f"));
    }

    @Test
    void longArgumentsConvert() {
        String l64 = "x".repeat(64);
        String l65 = "y".repeat(65);
        h.call("HSET", "a", l64, l64);
        assertEquals("listpack", encoding("a"));
        h.call("HSET", "a", "v", l65);
        assertEquals("hashtable", encoding("a"));

        h.call("HMSET", "b", l65, "1");
        assertEquals("hashtable", encoding("b"));

        assertEquals(integer(5), h.call("HINCRBY", "c", l65, "5"));
        assertEquals("hashtable", encoding("c"));
        assertEquals(bulk("1.5"), h.call("HINCRBYFLOAT", "d", l65, "1.5"));
        assertEquals("hashtable", encoding("d"));

        assertEquals(integer(1), h.call("HSETNX", "e", l65, "x"));
        assertEquals("hashtable", encoding("e"));
        h.call("HSET", "f", "a", "1");
        assertEquals(integer(0), h.call("HSETNX", "f", "a", l65));
        assertEquals("listpack", encoding("f"), "HSETNX converts only when it sets");
    }

    @Test
    void copyDuplicatesTheHash() {
        h.call(args("HSET", "big", 0, 200, true));
        h.call("HSET", "small", "a", "1");
        assertEquals(integer(1), h.call("COPY", "big", "big2"));
        assertEquals(integer(1), h.call("COPY", "small", "small2"));
        assertEquals("hashtable", encoding("big2"));
        assertEquals("listpack", encoding("small2"));
        h.call("HSET", "big2", "f0", "changed");
        h.call("HSET", "small2", "a", "changed");
        assertEquals(bulk("v0"), h.call("HGET", "big", "f0"));
        assertEquals(bulk("1"), h.call("HGET", "small", "a"));
    }

    // ------------------------------------------------------------------ replies

    @Test
    void hgetallIsAMapInResp3AndFlatInResp2() {
        h.call("HSET", "k", "a", "1", "b", "2");
        assertEquals("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", h.call("HGETALL", "k"));
        assertEquals("*0\r\n", h.call("HGETALL", "nokey"));
        h.client.reply.setResp(3);
        assertEquals("%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", h.call("HGETALL", "k"));
        assertEquals("%0\r\n", h.call("HGETALL", "nokey"));
        assertEquals("*0\r\n", h.call("HKEYS", "nokey"));
        assertEquals("_\r\n", h.call("HGET", "nokey", "a"));
        assertEquals("*2\r\n_\r\n$1\r\n1\r\n", h.call("HMGET", "k", "zz", "a"));
    }

    @Test
    void hgetallOfAHashtableHasEveryPair() {
        h.call(args("HSET", "k", 0, 300, true));
        List<Object> flat = list(h.call("HGETALL", "k"));
        assertEquals(600, flat.size());
        Map<Object, Object> m = new HashMap<>();
        for (int i = 0; i < flat.size(); i += 2) m.put(flat.get(i), flat.get(i + 1));
        for (int i = 0; i < 300; i++) assertEquals("v" + i, m.get("f" + i));
        assertEquals(300, list(h.call("HKEYS", "k")).size());
        assertEquals(300, new HashSet<>(list(h.call("HVALS", "k"))).size());
    }

    // ------------------------------------------------------------------ HRANDFIELD

    /** Checks a HRANDFIELD count reply: size, distinctness, pairs matching the hash. */
    private void checkRandfield(String key, long count, boolean withvalues, int resp) {
        h.client.reply.setResp(resp);
        String[] cmd = withvalues
            ? new String[] {"HRANDFIELD", key, Long.toString(count), "WITHVALUES"}
            : new String[] {"HRANDFIELD", key, Long.toString(count)};
        List<Object> reply = list(h.call(cmd));
        h.client.reply.setResp(2);
        HashValue hv = hash(key);
        long size = hv.length();
        long expected = count < 0 ? -count : Math.min(count, size);
        List<String> fields = new ArrayList<>();
        if (withvalues && resp == 3) {
            assertEquals(expected, reply.size());
            for (Object o : reply) {
                @SuppressWarnings("unchecked")
                List<Object> pair = (List<Object>) o;
                assertEquals(2, pair.size());
                String f = (String) pair.get(0);
                assertEquals(new String(hv.get(b(f)), StandardCharsets.ISO_8859_1), pair.get(1));
                fields.add(f);
            }
        } else if (withvalues) {
            assertEquals(expected * 2, reply.size());
            for (int i = 0; i < reply.size(); i += 2) {
                String f = (String) reply.get(i);
                assertEquals(new String(hv.get(b(f)), StandardCharsets.ISO_8859_1), reply.get(i + 1));
                fields.add(f);
            }
        } else {
            assertEquals(expected, reply.size());
            for (Object o : reply) fields.add((String) o);
        }
        for (String f : fields) assertTrue(hv.exists(b(f)), "not a field: " + f);
        if (count > 0) assertEquals(fields.size(), new HashSet<>(fields).size(), "repeated field in " + fields);
    }

    @Test
    void hrandfieldEveryStrategyInBothEncodings() {
        h.call(args("HSET", "small", 0, 20, true));
        h.call(args("HSET", "big", 0, 500, true));
        assertEquals("listpack", encoding("small"));
        assertEquals("hashtable", encoding("big"));
        for (String key : List.of("small", "big")) {
            long size = hash(key).length();
            // CASE 1 (negative, and count 1), CASE 2 (>= size), CASE 3 (> size/3), CASE 4 (small).
            for (long count : new long[] {-1, -7, -3 * size, 1, size, size + 1, size - 1, size / 2, 2, size / 4}) {
                for (boolean withvalues : new boolean[] {false, true}) {
                    for (int resp : new int[] {2, 3}) {
                        for (int rep = 0; rep < 5; rep++) checkRandfield(key, count, withvalues, resp);
                    }
                }
            }
        }
    }

    @Test
    void hrandfieldPicksEveryFieldEventually() {
        h.call(args("HSET", "small", 0, 10, true));
        h.call(args("HSET", "big", 0, 200, true));
        for (String key : List.of("small", "big")) {
            long size = hash(key).length();
            Set<Object> seen = new HashSet<>();
            for (int i = 0; i < 20_000 && seen.size() < size; i++) seen.addAll(list(h.call("HRANDFIELD", key, "-50")));
            assertEquals(size, seen.size());
            Set<Object> seenUnique = new HashSet<>();
            for (int i = 0; i < 50_000 && seenUnique.size() < size; i++) seenUnique.addAll(list(h.call("HRANDFIELD", key, "3")));
            assertEquals(size, seenUnique.size(), "the distinct-fields strategies reach every field");
            Set<Object> single = new HashSet<>();
            for (int i = 0; i < 50_000 && single.size() < size; i++) single.add(decode(h.call("HRANDFIELD", key)));
            assertEquals(size, single.size());
        }
    }

    @Test
    void hrandfieldInListpackOrderForSmallCounts() {
        h.call(args("HSET", "k", 0, 100, true));
        for (int rep = 0; rep < 20; rep++) {
            List<Object> r = list(h.call("HRANDFIELD", "k", "10"));
            List<Integer> idx = new ArrayList<>();
            for (Object o : r) idx.add(Integer.parseInt(((String) o).substring(1)));
            List<Integer> sorted = new ArrayList<>(idx);
            sorted.sort(null);
            assertEquals(sorted, idx, "lpRandomPairsUnique keeps listpack order");
        }
    }

    // ------------------------------------------------------------------ HSCAN

    @Test
    void hscanOfAHashtableVisitsEveryFieldWithSmallCounts() {
        h.call(args("HSET", "k", 0, 1000, true));
        for (String count : List.of("1", "7", "50")) {
            Map<Object, Object> seen = new HashMap<>();
            String cursor = "0";
            int calls = 0;
            do {
                List<Object> r = list(h.call("HSCAN", "k", cursor, "COUNT", count));
                cursor = (String) r.get(0);
                @SuppressWarnings("unchecked")
                List<Object> items = (List<Object>) r.get(1);
                assertEquals(0, items.size() % 2);
                for (int i = 0; i < items.size(); i += 2) seen.put(items.get(i), items.get(i + 1));
                calls++;
            } while (!cursor.equals("0"));
            assertEquals(1000, seen.size());
            for (int i = 0; i < 1000; i++) assertEquals("v" + i, seen.get("f" + i));
            assertTrue(calls > 1, "COUNT " + count + " took " + calls + " calls");
        }
    }

    @Test
    void hscanMatchFiltersFieldsAndTheirValues() {
        h.call(args("HSET", "k", 0, 300, true));
        Set<Object> fields = new HashSet<>();
        String cursor = "0";
        do {
            List<Object> r = list(h.call("HSCAN", "k", cursor, "MATCH", "f1?", "COUNT", "20"));
            cursor = (String) r.get(0);
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) r.get(1);
            for (int i = 0; i < items.size(); i += 2) {
                fields.add(items.get(i));
                assertEquals(((String) items.get(i)).replace('f', 'v'), items.get(i + 1));
            }
        } while (!cursor.equals("0"));
        assertEquals(10, fields.size());
    }

    @Test
    void hscanOfAListpackIgnoresTheCursorAndRepliesInResp3AsAFlatArray() {
        h.call("HSET", "k", "a", "1", "b", "2");
        h.client.reply.setResp(3);
        String all = "*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n";
        assertEquals(all, h.call("HSCAN", "k", "0"));
        assertEquals(all, h.call("HSCAN", "k", "12345", "COUNT", "1"));
        assertEquals("*2\r\n$1\r\n0\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n", h.call("HSCAN", "k", "0", "MATCH", "b"));
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", h.call("HSCAN", "nokey", "0"));
    }

    @Test
    void hgetOfAMissingKeyIsANull() {
        assertEquals(NULL, h.call("HGET", "k", "f"));
    }

    // ------------------------------------------------------------------ command docs

    @Test
    void docsCarryTheArgumentTypesOfHashJson() {
        RedisCore full = new RedisCore(1);
        Commands.registerAll(full.commands);
        Client c = CommandTestKit.client(full, 3);
        @SuppressWarnings("unchecked")
        Map<Object, Object> docs = (Map<Object, Object>) CommandTestKit.call(c, "COMMAND", "DOCS", "hincrbyfloat", "hrandfield", "hset");
        String inc = full.commands.lookupCommand(new byte[][] {b("hincrbyfloat")}, 1).args.toString();
        assertEquals("[key:key#0, field:string, increment:double]", inc);
        String rand = full.commands.lookupCommand(new byte[][] {b("hrandfield")}, 1).args.toString();
        assertEquals("[key:key#0, options:block(optional){count:integer withvalues:pure-token[WITHVALUES](optional)}]", rand);
        String hset = full.commands.lookupCommand(new byte[][] {b("hset")}, 1).args.toString();
        assertEquals("[key:key#0, field_value:block(multiple){field:string value:string}]", hset);
        assertEquals(3, docs.size());
    }
}
