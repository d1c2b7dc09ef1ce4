package io.aeredis.commands;

import static io.aeredis.commands.CommandTestKit.call;
import static io.aeredis.commands.CommandTestKit.callRaw;
import static io.aeredis.commands.CommandTestKit.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeredis.commands.CommandTestKit.RSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SET family behaviour the differential test cannot see: keyspace events, dirty counts,
 * encodings, and the properties of the random replies. Replies themselves are checked against
 * redis-server by server/src/test/resources/differential/sets.txt.
 */
class SetCommandsTest {
    /** A core that records keyspace events ("event key") and modified-key signals. */
    static final class RecordingCore extends RedisCore {
        final List<String> events = new ArrayList<>();
        final List<String> signals = new ArrayList<>();

        RecordingCore() {
            super(2);
            Commands.registerAll(commands);
        }

        @Override
        public void notifyKeyspaceEvent(int type, String event, byte[] key, int dbid) {
            if (type == NOTIFY_KEY_MISS) return;
            events.add(event + " " + new String(key, StandardCharsets.ISO_8859_1));
            int expected = switch (event) {
                case "del" -> NOTIFY_GENERIC;
                default -> NOTIFY_SET;
            };
            assertEquals(expected, type, "event class of " + event);
        }

        @Override
        public void signalModifiedKey(Client c, Db db, byte[] key) {
            signals.add(new String(key, StandardCharsets.ISO_8859_1));
        }
    }

    private RecordingCore core;
    private Client c;

    @BeforeEach
    void setUp() {
        core = new RecordingCore();
        c = CommandTestKit.client(core, 3);
    }

    private Object run(String... args) {
        return call(c, args);
    }

    private void reset() {
        core.events.clear();
        core.signals.clear();
        core.dirty = 0;
    }

    private SetValue value(String key) {
        Object o = c.db.lookupKeyReadWithFlags(key.getBytes(StandardCharsets.ISO_8859_1), Db.LOOKUP_NOTOUCH | Db.LOOKUP_NOSTATS);
        return o == null ? null : assertInstanceOf(SetValue.class, o);
    }

    private static Set<Object> asSet(Object reply) {
        return new HashSet<>(list(reply));
    }

    private void sadd(String key, int from, int to) {
        List<String> args = new ArrayList<>(List.of("SADD", key));
        for (int i = from; i <= to; i++) args.add(Integer.toString(i));
        run(args.toArray(new String[0]));
    }

    @Test
    void saddEventsAndDirtyOnlyWhenSomethingWasAdded() {
        assertEquals(2L, run("SADD", "s", "1", "2"));
        assertEquals(List.of("sadd s"), core.events);
        assertEquals(List.of("s"), core.signals);
        assertEquals(2, core.dirty);
        reset();
        assertEquals(0L, run("SADD", "s", "1"));
        assertEquals(List.of(), core.events);
        assertEquals(List.of(), core.signals);
        assertEquals(0, core.dirty);
    }

    @Test
    void sremEmptyingTheSetDeletesTheKey() {
        run("SADD", "s", "1", "2");
        reset();
        assertEquals(2L, run("SREM", "s", "1", "2", "3"));
        assertEquals(List.of("srem s", "del s"), core.events);
        assertEquals(2, core.dirty);
        assertNull(value("s"));
        reset();
        assertEquals(0L, run("SREM", "s", "1"));
        assertEquals(List.of(), core.events);
    }

    @Test
    void smoveEventsAreSremThenSadd() {
        run("SADD", "a", "1");
        run("SADD", "b", "2");
        reset();
        assertEquals(1L, run("SMOVE", "a", "b", "1"));
        assertEquals(List.of("srem a", "del a", "sadd b"), core.events);
        assertEquals(List.of("a", "b"), core.signals);
        assertEquals(2, core.dirty);

        run("SADD", "a", "2", "3");
        reset();
        // Already in the destination: only the source changes.
        assertEquals(1L, run("SMOVE", "a", "b", "2"));
        assertEquals(List.of("srem a"), core.events);
        assertEquals(1, core.dirty);
        reset();
        assertEquals(1L, run("SMOVE", "a", "a", "3"));
        assertEquals(List.of(), core.events);
        assertEquals(0, core.dirty);
    }

    @Test
    void smoveOfAStringIntoAnIntsetConverts() {
        run("SADD", "a", "x", "1");
        run("SADD", "b", "2");
        assertEquals("intset", value("b").encoding());
        run("SMOVE", "a", "b", "x");
        assertEquals("hashtable", value("b").encoding());
        run("SMOVE", "a", "new", "1");
        assertEquals("intset", value("new").encoding(), "created for an integer member");
    }

    @Test
    void spopEventsAndDeletion() {
        run("SADD", "s", "5");
        reset();
        assertEquals("5", run("SPOP", "s"));
        assertEquals(List.of("spop s", "del s"), core.events);
        assertEquals(1, core.dirty);

        run("SADD", "s", "1", "2", "3");
        reset();
        assertEquals(new RSet(List.of("1", "2", "3")), run("SPOP", "s", "5"));
        assertEquals(List.of("spop s", "del s"), core.events);
        assertEquals(3, core.dirty);
        assertNull(value("s"));

        reset();
        run("SADD", "s", "1");
        reset();
        assertEquals(new RSet(List.of()), run("SPOP", "s", "0"));
        assertEquals(List.of(), core.events);
    }

    @Test
    void spopWithCountPopsDistinctMembersWithBothStrategies() {
        for (String enc : List.of("int", "str")) {
            for (int count : new int[] {3, 8, 18, 19}) {
                run("DEL", "s");
                Set<String> all = new HashSet<>();
                List<String> args = new ArrayList<>(List.of("SADD", "s"));
                for (int i = 0; i < 20; i++) {
                    String m = enc.equals("int") ? Integer.toString(i) : "m" + i;
                    args.add(m);
                    all.add(m);
                }
                run(args.toArray(new String[0]));
                reset();
                List<Object> popped = list(run("SPOP", "s", Integer.toString(count)));
                assertEquals(count, popped.size());
                assertEquals(count, new HashSet<>(popped).size(), "distinct");
                assertEquals(count, core.dirty);
                Set<Object> left = asSet(run("SMEMBERS", "s"));
                assertEquals(20 - count, left.size());
                Set<Object> union = new HashSet<>(left);
                union.addAll(popped);
                assertEquals(all, union);
                assertEquals(List.of("spop s"), core.events);
            }
        }
    }

    @Test
    void spopRebuildingAHashtableOfIntegersMakesAnIntsetLikeRedis() {
        core.setMaxIntsetEntries = 4;
        sadd("s", 1, 10);
        assertEquals("hashtable", value("s").encoding());
        core.setMaxIntsetEntries = 512;
        // remaining 1 * 5 <= 9: the member that stays moves to a new set, created as an intset.
        run("SPOP", "s", "9");
        assertEquals(1L, run("SCARD", "s"));
        assertEquals("intset", value("s").encoding());
    }

    @Test
    void srandmemberPositiveCountIsDistinctNegativeMayRepeat() {
        for (String enc : List.of("int", "str")) {
            run("DEL", "s");
            List<String> args = new ArrayList<>(List.of("SADD", "s"));
            for (int i = 0; i < 30; i++) args.add(enc.equals("int") ? Integer.toString(i) : "m" + i);
            run(args.toArray(new String[0]));
            Set<Object> all = asSet(run("SMEMBERS", "s"));
            // 3 and 9: random picks (count*3 <= size); 11 and 29: copy and drop.
            for (int count : new int[] {1, 3, 9, 11, 29, 30, 31}) {
                Object reply = run("SRANDMEMBER", "s", Integer.toString(count));
                assertInstanceOf(List.class, reply, "an array, also in RESP3");
                List<Object> got = list(reply);
                assertEquals(Math.min(count, 30), got.size());
                assertEquals(got.size(), new HashSet<>(got).size(), "distinct for count " + count);
                assertTrue(all.containsAll(got));
            }
            List<Object> rep = list(run("SRANDMEMBER", "s", "-100"));
            assertEquals(100, rep.size());
            assertTrue(all.containsAll(rep));
            assertTrue(new HashSet<>(rep).size() < 100, "repeats");
            assertEquals(30L, run("SCARD", "s"));
        }
    }

    @Test
    void storeCommandsEventsAndDeletion() {
        run("SADD", "a", "1", "2");
        run("SADD", "b", "2", "3");
        reset();
        assertEquals(1L, run("SINTERSTORE", "d", "a", "b"));
        assertEquals(List.of("sinterstore d"), core.events);
        assertEquals(List.of("d"), core.signals);
        assertEquals(1, core.dirty);
        reset();
        assertEquals(3L, run("SUNIONSTORE", "d", "a", "b"));
        assertEquals(List.of("sunionstore d"), core.events);
        reset();
        assertEquals(1L, run("SDIFFSTORE", "d", "a", "b"));
        assertEquals(List.of("sdiffstore d"), core.events);
        assertEquals("intset", value("d").encoding());
        reset();
        assertEquals(0L, run("SINTERSTORE", "d", "a", "missing"));
        assertEquals(List.of("del d"), core.events);
        assertEquals(1, core.dirty);
        reset();
        assertEquals(0L, run("SDIFFSTORE", "d", "a", "a"));
        assertEquals(List.of(), core.events, "nothing to delete");
        assertEquals(0, core.dirty);
        run("SADD", "d", "x");
        reset();
        assertEquals(0L, run("SINTERSTORE", "d", "a", "c"));
        assertEquals(List.of("del d"), core.events);
    }

    @Test
    void storeResultEncodingFollowsItsMembers() {
        run("SADD", "a", "1", "x", "2");
        run("SADD", "b", "1", "2", "3");
        run("SINTERSTORE", "d", "a", "b");
        assertEquals("intset", value("d").encoding(), "integers only, even from a hashtable");
        run("SUNIONSTORE", "d", "a", "b");
        assertEquals("hashtable", value("d").encoding());
        core.setMaxIntsetEntries = 2;
        run("SUNIONSTORE", "d", "b");
        assertEquals("hashtable", value("d").encoding(), "over set-max-intset-entries");
    }

    @Test
    void conversionThroughSadd() {
        core.setMaxIntsetEntries = 3;
        run("SADD", "s", "1", "2", "3");
        assertEquals("intset", value("s").encoding());
        run("SADD", "s", "4");
        assertEquals("hashtable", value("s").encoding());
        run("SREM", "s", "4", "3");
        assertEquals("hashtable", value("s").encoding());
        run("SADD", "t", "1", "a");
        assertEquals("hashtable", value("t").encoding());
        run("SADD", "u", "a", "1");
        assertEquals("hashtable", value("u").encoding());
    }

    @Test
    void sscanOfALargeHashtableVisitsEveryMember() {
        List<String> args = new ArrayList<>(List.of("SADD", "h"));
        Set<Object> all = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            args.add("k" + i);
            all.add("k" + i);
        }
        run(args.toArray(new String[0]));
        Set<Object> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<Object> r = list(run("SSCAN", "h", cursor, "COUNT", "50"));
            cursor = (String) r.get(0);
            seen.addAll(list(r.get(1)));
            calls++;
        } while (!cursor.equals("0"));
        assertEquals(all, seen);
        assertTrue(calls > 1, "a hashtable is scanned in steps");

        List<Object> matched = list(list(run("SSCAN", "h", "0", "MATCH", "k99*", "COUNT", "100000")).get(1));
        assertEquals(Set.of("k99", "k990", "k991", "k992", "k993", "k994", "k995", "k996", "k997", "k998", "k999"), new HashSet<>(matched));
    }

    @Test
    void wrongTypeAndEmptyReplies() {
        c.db.add("str".getBytes(StandardCharsets.ISO_8859_1), "v".getBytes(StandardCharsets.ISO_8859_1));
        String wrongtype = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
        for (String[] cmd : new String[][] {
            {"SADD", "str", "a"}, {"SMEMBERS", "str"}, {"SINTERSTORE", "d", "str"}, {"SUNIONSTORE", "d", "str"},
            {"SDIFFSTORE", "d", "str"}, {"SPOP", "str", "1"}, {"SINTERCARD", "1", "str"},
        }) {
            assertEquals(wrongtype, CommandTestKit.ascii(callRaw(c, cmd)), String.join(" ", cmd));
        }
        assertNull(value("d"));
        assertEquals("~0\r\n", CommandTestKit.ascii(callRaw(c, "SMEMBERS", "missing")));
        assertEquals("*0\r\n", CommandTestKit.ascii(callRaw(c, "SRANDMEMBER", "missing", "3")));
        c.reply.setResp(2);
        assertEquals("*0\r\n", CommandTestKit.ascii(callRaw(c, "SMEMBERS", "missing")));
        assertEquals("$-1\r\n", CommandTestKit.ascii(callRaw(c, "SPOP", "missing")));
    }

    @Test
    void sinterRepliesInTheOrderOfTheSmallestSet() {
        run("SADD", "big", "1", "2", "3", "4", "5", "6");
        run("SADD", "small", "6", "4", "2");
        assertEquals(new RSet(List.of("2", "4", "6")), run("SINTER", "big", "small"));
        assertEquals(3L, run("SINTERCARD", "2", "big", "small"));
        assertEquals(2L, run("SINTERCARD", "2", "big", "small", "LIMIT", "2"));
        assertFalse(core.commands.lookup("sintercard").keySpecs.isEmpty());
    }
}
