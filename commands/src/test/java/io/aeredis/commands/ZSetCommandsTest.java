package io.aeredis.commands;

import static io.aeredis.commands.CommandTestKit.call;
import static io.aeredis.commands.CommandTestKit.callRaw;
import static io.aeredis.commands.CommandTestKit.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sorted set behaviour the differential test cannot see: keyspace events and their classes,
 * dirty counts, encodings (conversion thresholds, the encoding of stored results), blocking
 * (parking, being served by re-execution, MULTI), random replies, and the strtod port.
 * Replies themselves are checked against redis-server by differential/zsets.txt.
 */
class ZSetCommandsTest {
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
            int expected = event.equals("del") ? NOTIFY_GENERIC : NOTIFY_ZSET;
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
        c = CommandTestKit.client(core, 2);
    }

    private Object run(String... args) {
        return call(c, args);
    }

    private void reset() {
        core.events.clear();
        core.signals.clear();
        core.dirty = 0;
    }

    private ZSetValue value(String key) {
        Object o = c.db.lookupKeyReadWithFlags(key.getBytes(StandardCharsets.ISO_8859_1), Db.LOOKUP_NOTOUCH | Db.LOOKUP_NOSTATS);
        return o == null ? null : assertInstanceOf(ZSetValue.class, o);
    }

    private void zadd(String key, int n) {
        List<String> args = new ArrayList<>(List.of("ZADD", key));
        for (int i = 0; i < n; i++) {
            args.add(Integer.toString(i));
            args.add("m" + i);
        }
        run(args.toArray(new String[0]));
    }

    // ------------------------------------------------------------------ events and dirty

    @Test
    void zaddEventsAndDirty() {
        assertEquals(2L, run("ZADD", "z", "1", "a", "2", "b"));
        assertEquals(List.of("zadd z"), core.events);
        assertEquals(List.of("z"), core.signals);
        assertEquals(2, core.dirty);
        reset();
        assertEquals(0L, run("ZADD", "z", "1", "a"));
        assertEquals(List.of(), core.events);
        assertEquals(0, core.dirty);
        reset();
        assertEquals(1L, run("ZADD", "z", "CH", "5", "a", "2", "b"));
        assertEquals(List.of("zadd z"), core.events);
        assertEquals(1, core.dirty);
        reset();
        assertEquals("6", run("ZINCRBY", "z", "1", "a"));
        assertEquals(List.of("zincr z"), core.events);
        reset();
        // An increment of zero changes nothing: no event, no dirty, but the score is replied.
        assertEquals("6", run("ZINCRBY", "z", "0", "a"));
        assertEquals(List.of(), core.events);
        assertEquals(0, core.dirty);
    }

    @Test
    void removalEventsEndWithDel() {
        run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        reset();
        assertEquals(1L, run("ZREM", "z", "a", "x"));
        assertEquals(List.of("zrem z"), core.events);
        assertEquals(1, core.dirty);
        reset();
        assertEquals(1L, run("ZREMRANGEBYSCORE", "z", "2", "2"));
        assertEquals(List.of("zremrangebyscore z"), core.events);
        reset();
        assertEquals(1L, run("ZREMRANGEBYLEX", "z", "-", "+"));
        assertEquals(List.of("zremrangebylex z", "del z"), core.events);
        assertNull(value("z"));
        run("ZADD", "z", "1", "a");
        reset();
        assertEquals(1L, run("ZREMRANGEBYRANK", "z", "0", "-1"));
        assertEquals(List.of("zremrangebyrank z", "del z"), core.events);
        reset();
        assertEquals(0L, run("ZREMRANGEBYRANK", "z", "0", "-1"));
        assertEquals(List.of(), core.events);
    }

    @Test
    void popEventsOncePerCallAndDirtyPerElement() {
        run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        reset();
        run("ZPOPMIN", "z", "2");
        assertEquals(List.of("zpopmin z"), core.events);
        assertEquals(2, core.dirty);
        reset();
        run("ZPOPMAX", "z", "5");
        assertEquals(List.of("zpopmax z", "del z"), core.events);
        run("ZADD", "y", "1", "a");
        reset();
        run("ZMPOP", "2", "z", "y", "MAX");
        assertEquals(List.of("zpopmax y", "del y"), core.events);
    }

    @Test
    void storeEvents() {
        run("ZADD", "a", "1", "x");
        run("ZADD", "b", "1", "y");
        reset();
        assertEquals(2L, run("ZUNIONSTORE", "d", "2", "a", "b"));
        assertEquals(List.of("zunionstore d"), core.events);
        assertEquals(1, core.dirty);
        reset();
        assertEquals(0L, run("ZINTERSTORE", "d", "2", "a", "b"));
        assertEquals(List.of("del d"), core.events);
        assertEquals(List.of("d"), core.signals);
        reset();
        assertEquals(0L, run("ZINTERSTORE", "d", "2", "a", "b"));
        assertEquals(List.of(), core.events, "nothing to delete the second time");
        reset();
        assertEquals(1L, run("ZDIFFSTORE", "d", "2", "a", "b"));
        assertEquals(List.of("zdiffstore d"), core.events);
        reset();
        assertEquals(1L, run("ZRANGESTORE", "e", "a", "0", "-1"));
        assertEquals(List.of("zrangestore e"), core.events);
        reset();
        assertEquals(0L, run("ZRANGESTORE", "e", "a", "5", "6"));
        assertEquals(List.of("del e"), core.events);
    }

    // ------------------------------------------------------------------ encodings

    @Test
    void zaddConvertsPastTheLimits() {
        zadd("z", 128);
        assertEquals("listpack", value("z").encoding());
        run("ZADD", "z", "1000", "one-more");
        assertEquals("skiplist", value("z").encoding());
        // Removing back under the limit keeps the skiplist, as in Redis.
        run("ZREMRANGEBYRANK", "z", "0", "100");
        assertEquals("skiplist", value("z").encoding());

        run("ZADD", "long", "1", "x".repeat(64));
        assertEquals("listpack", value("long").encoding());
        run("ZADD", "long", "1", "y".repeat(65));
        assertEquals("skiplist", value("long").encoding());
        // A first member over the value limit starts a skiplist right away.
        run("ZADD", "long2", "1", "y".repeat(65));
        assertEquals("skiplist", value("long2").encoding());
        // 129 pairs of one member stay a listpack: no size hint in 7.0's ZADD.
        List<String> args = new ArrayList<>(List.of("ZADD", "same"));
        for (int i = 0; i < 129; i++) {
            args.add(Integer.toString(i));
            args.add("m");
        }
        run(args.toArray(new String[0]));
        assertEquals("listpack", value("same").encoding());
        core.zsetMaxListpackEntries = 0;
        run("ZADD", "zero", "1", "a");
        assertEquals("skiplist", value("zero").encoding());
    }

    @Test
    void storedResultsUseTheEncodingOfTheirSize() {
        core.zsetMaxListpackEntries = 4;
        zadd("big", 10);
        assertEquals("skiplist", value("big").encoding());
        run("ZUNIONSTORE", "d", "1", "big");
        assertEquals("skiplist", value("d").encoding());
        run("ZRANGESTORE", "d", "big", "0", "3");
        assertEquals("listpack", value("d").encoding());
        run("ZRANGESTORE", "d", "big", "0", "4");
        assertEquals("skiplist", value("d").encoding());
        run("ZRANGESTORE", "d", "big", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "4");
        assertEquals("listpack", value("d").encoding());
        run("ZINTERSTORE", "d", "1", "big", "WEIGHTS", "2");
        assertEquals("skiplist", value("d").encoding());
        run("ZADD", "small", "1", "m1", "2", "m2");
        run("ZINTERSTORE", "d", "2", "big", "small");
        assertEquals("listpack", value("d").encoding());
        run("ZDIFFSTORE", "d", "2", "big", "small");
        assertEquals("skiplist", value("d").encoding());
        core.zsetMaxListpackValue = 1;
        run("ZUNIONSTORE", "d", "1", "small");
        assertEquals("skiplist", value("d").encoding(), "members longer than zset-max-listpack-value");
    }

    @Test
    void skiplistRepliesMatchListpackReplies() {
        // The same commands on a listpack and on a skiplist give the same bytes.
        String[][] script = {
            {"ZRANGE", "%s", "0", "-1", "WITHSCORES"},
            {"ZRANGE", "%s", "2", "5", "REV"},
            {"ZRANGEBYSCORE", "%s", "(3", "15", "LIMIT", "1", "4", "WITHSCORES"},
            {"ZREVRANGEBYSCORE", "%s", "15", "(3", "LIMIT", "1", "4"},
            {"ZRANGEBYLEX", "%s", "[m1", "(m5"},
            {"ZCOUNT", "%s", "2", "(9"},
            {"ZLEXCOUNT", "%s", "(m1", "+"},
            {"ZRANK", "%s", "m7"},
            {"ZREVRANK", "%s", "m7"},
            {"ZMSCORE", "%s", "m3", "nope"},
            {"ZSCAN", "%s", "0", "MATCH", "nothing", "COUNT", "1000"},
            {"ZREMRANGEBYSCORE", "%s", "3", "4"},
            {"ZPOPMIN", "%s", "2"},
            {"ZPOPMAX", "%s"},
            {"ZRANGE", "%s", "0", "-1", "WITHSCORES"},
        };
        zadd("lp", 20);
        core.zsetMaxListpackEntries = 5;
        zadd("sl", 20);
        assertEquals("listpack", value("lp").encoding());
        assertEquals("skiplist", value("sl").encoding());
        for (int resp : new int[] {2, 3}) {
            c.reply.setResp(resp);
            for (String[] line : script) {
                String[] a = line.clone();
                String[] b = line.clone();
                a[1] = "lp";
                b[1] = "sl";
                assertEquals(CommandTestKit.ascii(callRaw(c, a)), CommandTestKit.ascii(callRaw(c, b)), String.join(" ", line));
            }
        }
    }

    // ------------------------------------------------------------------ random replies

    @Test
    void zrandmemberDistinctAndRepeated() {
        for (int entries : new int[] {128, 3}) {
            core.zsetMaxListpackEntries = entries;
            run("DEL", "z");
            zadd("z", 20);
            for (int count : new int[] {1, 5, 19, 20, 25}) {
                List<Object> got = list(run("ZRANDMEMBER", "z", Integer.toString(count)));
                assertEquals(Math.min(count, 20), got.size());
                assertEquals(got.size(), new HashSet<>(got).size(), "distinct members");
            }
            List<Object> rep = list(run("ZRANDMEMBER", "z", "-200"));
            assertEquals(200, rep.size());
            Set<Object> seen = new HashSet<>(rep);
            assertTrue(seen.size() > 1 && seen.size() <= 20);
            // WITHSCORES pairs each member with its own score.
            List<Object> ws = list(run("ZRANDMEMBER", "z", "7", "WITHSCORES"));
            for (int i = 0; i < ws.size(); i += 2) {
                assertEquals("m" + ws.get(i + 1), ws.get(i));
            }
            Object one = run("ZRANDMEMBER", "z");
            assertTrue(((String) one).startsWith("m"));
        }
    }

    @Test
    void zscanOfASkiplistVisitsEveryMemberOnce() {
        core.zsetMaxListpackEntries = 4;
        zadd("z", 300);
        Set<Object> seen = new HashSet<>();
        String cursor = "0";
        do {
            List<Object> r = list(run("ZSCAN", "z", cursor, "COUNT", "7"));
            cursor = (String) r.get(0);
            List<Object> items = list(r.get(1));
            for (int i = 0; i < items.size(); i += 2) {
                String m = (String) items.get(i);
                assertEquals("m" + items.get(i + 1), m);
                seen.add(m);
            }
        } while (!cursor.equals("0"));
        assertEquals(300, seen.size());
    }

    // ------------------------------------------------------------------ blocking

    @Test
    void bzpopminBlocksAndIsServedWhenTheKeyAppears() {
        Client waiter = CommandTestKit.client(core, 2);
        assertEquals(0, callRaw(waiter, "BZPOPMIN", "a", "b", "0").length, "no reply while blocked");
        assertTrue(waiter.isBlocked());
        assertEquals(Blocking.BLOCKED_ZSET, waiter.btype);
        assertEquals(1, core.blocking.blockedClients(Blocking.BLOCKED_ZSET));

        run("ZADD", "b", "1", "x", "2", "y");
        assertTrue(core.blocking.hasReadyKeys());
        core.blocking.handleClientsBlockedOnKeys();
        assertFalse(waiter.isBlocked());
        assertEquals(List.of("b", "x", "1"), list(new CommandTestKit.Decoder(CommandTestKit.drain(waiter)).read()));
        assertEquals(List.of("y"), list(run("ZRANGE", "b", "0", "-1")));
        assertEquals(0, core.blocking.blockedClients());
    }

    @Test
    void bzmpopServedWithCount() {
        Client waiter = CommandTestKit.client(core, 3);
        callRaw(waiter, "BZMPOP", "0", "2", "a", "b", "MAX", "COUNT", "5");
        assertTrue(waiter.isBlocked());
        run("ZADD", "a", "1", "x", "2", "y");
        core.blocking.handleClientsBlockedOnKeys();
        assertEquals("*2\r\n$1\r\na\r\n*2\r\n*2\r\n$1\r\ny\r\n,2\r\n*2\r\n$1\r\nx\r\n,1\r\n",
                CommandTestKit.ascii(CommandTestKit.drain(waiter)));
        assertNull(value("a"));
    }

    @Test
    void blockingPopsDoNotBlockWhenDenied() {
        c.flags |= Client.DENY_BLOCKING;
        assertEquals("*-1\r\n", CommandTestKit.ascii(callRaw(c, "BZPOPMIN", "a", "0")));
        assertEquals("*-1\r\n", CommandTestKit.ascii(callRaw(c, "BZMPOP", "0", "1", "a", "MIN")));
        assertFalse(c.isBlocked());
        c.reply.setResp(3);
        assertEquals("_\r\n", CommandTestKit.ascii(callRaw(c, "BZPOPMAX", "a", "0")));
    }

    @Test
    void timedOutBlockedClientGetsANullArray() {
        Client waiter = CommandTestKit.client(core, 2);
        callRaw(waiter, "BZPOPMAX", "a", "0.5");
        assertTrue(waiter.bpopTimeout > 0);
        core.blocking.timeoutClient(waiter);
        assertEquals("*-1\r\n", CommandTestKit.ascii(CommandTestKit.drain(waiter)));
        assertFalse(waiter.isBlocked());
    }

    // ------------------------------------------------------------------ number parsing

    private static double[] parse(String s) {
        double[] out = new double[1];
        return ZSetCommands.string2d(s.getBytes(StandardCharsets.ISO_8859_1), out) ? out : null;
    }

    @Test
    void string2dAcceptsWhatStrtodTakesWhole() {
        assertEquals(1.5, parse("1.5")[0]);
        assertEquals(0.5, parse(".5")[0]);
        assertEquals(1.0, parse("1.")[0]);
        assertEquals(1000.0, parse("1E3")[0]);
        assertEquals(5.0, parse("+5")[0]);
        assertEquals(16.0, parse("0x10")[0]);
        assertEquals(0.25, parse("0x1p-2")[0]);
        assertEquals(0.5, parse("0x.8")[0]);
        assertEquals(Double.POSITIVE_INFINITY, parse("inf")[0]);
        assertEquals(Double.NEGATIVE_INFINITY, parse("-Infinity")[0]);
        assertEquals(Double.MIN_VALUE, parse("5e-324")[0]);
        assertEquals(0.0, parse("0e-999")[0]);
        // The integer fast path rounds like strtod.
        for (String big : new String[] {"9007199254740993", "9007199254740995", "-9223372036854775808",
                "9223372036854775807", "123456789012345678"}) {
            assertEquals(Double.parseDouble(big), parse(big)[0], big);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(parse("-0")[0]));
        for (String bad : new String[] {"", " 1", "1 ", "nan", "-nan", "NaN(12)", "1e400", "-1e400", "1e-400",
                "0x", "1e", "1e+", ".", "-", "abc", "1\u00002", "infinit", "0x1p", "2e-324"}) {
            assertNull(parse(bad), bad);
        }
    }

    @Test
    void rangeItemsFollowStrtodUpToTheCStringEnd() {
        ZSetValue.ScoreRange r = ZSetCommands.parseRange(b("("), b(""));
        assertEquals(0.0, r.min);
        assertTrue(r.minex);
        assertEquals(0.0, r.max);
        assertFalse(r.maxex);
        r = ZSetCommands.parseRange(b(" 1"), b("1e400"));
        assertEquals(1.0, r.min);
        assertEquals(Double.POSITIVE_INFINITY, r.max);
        r = ZSetCommands.parseRange(b("2\u0000junk"), b("(3"));
        assertEquals(2.0, r.min);
        assertEquals(3.0, r.max);
        assertTrue(r.maxex);
        assertNull(ZSetCommands.parseRange(b("1 "), b("2")));
        assertNull(ZSetCommands.parseRange(b("1"), b("nan")));
        assertNull(ZSetCommands.parseRange(b("[1"), b("2")));
        assertNull(ZSetCommands.parseLexRange(b("a"), b("+")));
        assertNull(ZSetCommands.parseLexRange(b(""), b("+")));
        assertNull(ZSetCommands.parseLexRange(b("-a"), b("+")));
        assertEquals(ZSetValue.LexRange.MAXSTRING, ZSetCommands.parseLexRange(b("-"), b("+\u0000x")).max);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
