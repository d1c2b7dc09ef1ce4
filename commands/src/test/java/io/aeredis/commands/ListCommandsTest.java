package io.aeredis.commands;

import static io.aeredis.commands.KeyspaceHarness.NULL;
import static io.aeredis.commands.KeyspaceHarness.OK;
import static io.aeredis.commands.KeyspaceHarness.WRONGTYPE;
import static io.aeredis.commands.KeyspaceHarness.b;
import static io.aeredis.commands.KeyspaceHarness.bulk;
import static io.aeredis.commands.KeyspaceHarness.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The list family without a network: keyspace events, dirty counts, WATCH signals, and the
 * blocking commands through {@link Blocking} with its default hooks (re-execution calls the
 * proc directly). Reply bytes are what redis-server 7.0.15 sends; the differential test covers
 * the rest of the replies.
 */
class ListCommandsTest {
    /** Records the hooks the commands call. */
    static final class RecordingCore extends RedisCore {
        final List<String> events = new ArrayList<>();
        final List<String> modified = new ArrayList<>();

        RecordingCore() {
            super(RedisCore.DEFAULT_DBNUM);
        }

        @Override
        public void notifyKeyspaceEvent(int type, String event, byte[] key, int dbid) {
            if (type == NOTIFY_KEY_MISS) return;
            String cls = type == NOTIFY_LIST ? "l" : type == NOTIFY_GENERIC ? "g" : String.valueOf(type);
            events.add(cls + ":" + event + ":" + new String(key));
        }

        @Override
        public void signalModifiedKey(Client c, Db db, byte[] key) {
            modified.add(new String(key));
        }
    }

    private final RecordingCore core = new RecordingCore();
    private final KeyspaceHarness h = new KeyspaceHarness(core);

    ListCommandsTest() {
        for (RedisCommand cmd : ListCommands.commands()) h.table.put(cmd.name, cmd);
    }

    private static String arr(String... bulks) {
        StringBuilder sb = new StringBuilder("*" + bulks.length + "\r\n");
        for (String s : bulks) sb.append(bulk(s));
        return sb.toString();
    }

    @Test
    void pushesAndPopsNotifyLikeRedis() {
        assertEquals(integer(2), h.call("RPUSH", "k", "a", "b"));
        assertEquals(integer(3), h.call("LPUSH", "k", "z"));
        assertEquals(3, core.dirty);
        assertEquals(bulk("z"), h.call("LPOP", "k"));
        assertEquals(arr("b", "a"), h.call("RPOP", "k", "5"));
        assertEquals(List.of("l:rpush:k", "l:lpush:k", "l:lpop:k", "l:rpop:k", "g:del:k"), core.events);
        assertEquals(List.of("k", "k", "k", "k"), core.modified);
        assertEquals(6, core.dirty);
        assertFalse(core.db(0).exists(b("k")));
    }

    @Test
    void pushxOnMissingKeyChangesNothing() {
        assertEquals(integer(0), h.call("LPUSHX", "k", "a"));
        assertEquals(integer(0), h.call("RPUSHX", "k", "a"));
        assertEquals(List.of(), core.events);
        assertEquals(0, core.dirty);
    }

    @Test
    void lmoveEmitsPopAndPushAndDeletesTheEmptiedSource() {
        h.call("RPUSH", "src", "a");
        core.events.clear();
        assertEquals(bulk("a"), h.call("LMOVE", "src", "dst", "LEFT", "RIGHT"));
        assertEquals(List.of("l:rpush:dst", "l:lpop:src", "g:del:src"), core.events);
        assertFalse(core.db(0).exists(b("src")));
        assertInstanceOf(Quicklist.class, core.db(0).lookupKeyRead(b("dst")));
    }

    @Test
    void editingCommandsNotify() {
        h.call("RPUSH", "k", "a", "b", "c", "b");
        core.events.clear();
        assertEquals(integer(5), h.call("LINSERT", "k", "BEFORE", "c", "x"));
        assertEquals(OK, h.call("LSET", "k", "0", "y"));
        assertEquals(integer(2), h.call("LREM", "k", "0", "b"));
        assertEquals(integer(0), h.call("LREM", "k", "0", "nothing"));
        assertEquals(OK, h.call("LTRIM", "k", "1", "1"));
        assertEquals(OK, h.call("LTRIM", "k", "1", "0"));
        assertEquals(List.of("l:linsert:k", "l:lset:k", "l:lrem:k", "l:ltrim:k", "l:ltrim:k", "g:del:k"), core.events);
    }

    @Test
    void tenElementListIsOneNode() {
        h.call("RPUSH", "k", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        Quicklist q = (Quicklist) core.db(0).lookupKeyRead(b("k"));
        assertEquals(1, q.nodeCount());
        assertEquals(10, q.size());
        assertEquals("quicklist", q.encoding());
        assertEquals("list", Db.typeName(q));
    }

    @Test
    void listsFollowListMaxListpackSize() {
        core.listMaxListpackSize = 3;
        h.call("RPUSH", "k", "0", "1", "2", "3", "4", "5", "6");
        Quicklist q = (Quicklist) core.db(0).lookupKeyRead(b("k"));
        assertEquals(3, q.nodeCount());
        assertEquals(bulk("5"), h.call("LINDEX", "k", "-2"));
        assertEquals(arr("2", "3", "4"), h.call("LRANGE", "k", "2", "4"));
    }

    @Test
    void wrongTypeEverywhere() {
        core.db(0).add(b("s"), b("v"));
        for (String[] cmd : new String[][] {
            {"LPUSH", "s", "a"}, {"RPUSHX", "s", "a"}, {"LPOP", "s"}, {"RPOP", "s", "1"}, {"LLEN", "s"},
            {"LRANGE", "s", "0", "1"}, {"LINDEX", "s", "0"}, {"LSET", "s", "0", "a"},
            {"LINSERT", "s", "BEFORE", "a", "b"}, {"LREM", "s", "0", "a"}, {"LTRIM", "s", "0", "1"},
            {"LPOS", "s", "a"}, {"LMOVE", "s", "d", "LEFT", "LEFT"}, {"RPOPLPUSH", "s", "d"},
            {"LMPOP", "1", "s", "LEFT"}, {"BLPOP", "s", "0"}, {"BRPOP", "s", "0"},
            {"BLMOVE", "s", "d", "LEFT", "LEFT", "0"}, {"BRPOPLPUSH", "s", "d", "0"},
            {"BLMPOP", "0", "1", "s", "LEFT"},
        }) {
            assertEquals(WRONGTYPE, h.call(cmd), String.join(" ", cmd));
        }
        assertEquals(0, core.blocking.blockedClients());
    }

    // ------------------------------------------------------------------ blocking

    @Test
    void blpopBlocksAndIsServedByAPush() {
        Client a = h.newClient();
        assertEquals("", h.call(a, "BLPOP", "k1", "k2", "0"));
        assertTrue(a.isBlocked());
        assertEquals(1, core.blocking.blockedClients());
        assertEquals(integer(2), h.call("RPUSH", "k2", "x", "y"));
        core.blocking.handleClientsBlockedOnKeys();
        assertFalse(a.isBlocked());
        assertEquals(arr("k2", "x"), KeyspaceHarness.drain(a));
        assertEquals(arr("y"), h.call("LRANGE", "k2", "0", "-1"));
        assertEquals(0, core.blocking.blockingKeysCount(core.db(0)));
    }

    @Test
    void blockedClientsAreServedInArrivalOrder() {
        Client a = h.newClient();
        Client b = h.newClient();
        h.call(a, "BRPOP", "k", "0");
        h.call(b, "BLPOP", "k", "0");
        h.call("RPUSH", "k", "1", "2", "3");
        core.blocking.handleClientsBlockedOnKeys();
        assertEquals(arr("k", "3"), KeyspaceHarness.drain(a));
        assertEquals(arr("k", "1"), KeyspaceHarness.drain(b));
        assertEquals(arr("2"), h.call("LRANGE", "k", "0", "-1"));
    }

    @Test
    void servedBlmoveWakesTheClientWaitingOnItsDestination() {
        Client mover = h.newClient();
        Client waiter = h.newClient();
        assertEquals("", h.call(mover, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0"));
        assertEquals("", h.call(waiter, "BLPOP", "dst", "0"));
        h.call("RPUSH", "src", "a", "b");
        core.blocking.handleClientsBlockedOnKeys();
        assertEquals(bulk("b"), KeyspaceHarness.drain(mover));
        assertEquals(arr("dst", "b"), KeyspaceHarness.drain(waiter));
        assertFalse(core.db(0).exists(b("dst")));
        assertEquals(arr("a"), h.call("LRANGE", "src", "0", "-1"));
    }

    @Test
    void blmpopServesWithCount() {
        Client a = h.newClient();
        h.call(a, "BLMPOP", "0", "2", "k1", "k2", "RIGHT", "COUNT", "2");
        h.call("RPUSH", "k2", "a", "b", "c");
        core.blocking.handleClientsBlockedOnKeys();
        assertEquals("*2\r\n" + bulk("k2") + arr("c", "b"), KeyspaceHarness.drain(a));
    }

    @Test
    void deniedBlockingRepliesAsOnTimeout() {
        Client a = h.newClient();
        a.flags |= Client.DENY_BLOCKING;
        assertEquals("*-1\r\n", h.call(a, "BLPOP", "k", "0"));
        assertEquals("*-1\r\n", h.call(a, "BLMPOP", "0", "1", "k", "LEFT"));
        // BLMOVE and BRPOPLPUSH answer a null bulk, as Redis 7.0 does inside MULTI.
        assertEquals(NULL, h.call(a, "BLMOVE", "k", "d", "LEFT", "LEFT", "0"));
        assertEquals(NULL, h.call(a, "BRPOPLPUSH", "k", "d", "0"));
        assertFalse(a.isBlocked());
        h.call("RPUSH", "k", "v");
        assertEquals(arr("k", "v"), h.call(a, "BLPOP", "k", "0"));
    }

    @Test
    void timeoutsRoundLikeRedisLongDoubleCeil() {
        Client a = h.newClient();
        // A sub-millisecond timeout waits 1 ms, not forever.
        long before = System.currentTimeMillis();
        h.call(a, "BLPOP", "k", "1e-300");
        assertTrue(a.bpopTimeout >= before + 1 && a.bpopTimeout <= System.currentTimeMillis() + 1, "timeout " + a.bpopTimeout);
        core.blocking.unblockClient(a);
        // -0.001 s is -0.99999... ms in long double: ceil gives 0, block forever.
        h.call(a, "BLPOP", "k", "-0.001");
        assertTrue(a.isBlocked());
        assertEquals(0, a.bpopTimeout);
        core.blocking.unblockClient(a);
        assertEquals("-ERR timeout is negative\r\n", h.call(a, "BLPOP", "k", "-0.0010000000000000000001"));
        assertEquals("-ERR timeout is negative\r\n", h.call(a, "BLPOP", "k", "9223372036854775.808"));
        // 2^63-1 ms fits, and a timeout past the end of time never fires.
        h.call(a, "BLPOP", "k", "9223372036854775.807");
        assertEquals(Long.MAX_VALUE, a.bpopTimeout);
        core.blocking.unblockClient(a);
        h.call(a, "BLPOP", "k", "0x1p3");
        assertTrue(a.bpopTimeout >= before + 8000);
        core.blocking.unblockClient(a);
        assertEquals("-ERR timeout is not a float or out of range\r\n", h.call(a, "BLPOP", "k", "1 "));
        assertFalse(a.isBlocked());
    }

    @Test
    void timeoutsAreAbsoluteAndUnblockWithANullArray() {
        Client a = h.newClient();
        long before = System.currentTimeMillis();
        h.call(a, "BLPOP", "k", "0.5");
        assertTrue(a.bpopTimeout >= before + 500 && a.bpopTimeout <= System.currentTimeMillis() + 500, "timeout " + a.bpopTimeout);
        core.blocking.timeoutClient(a);
        assertEquals("*-1\r\n", KeyspaceHarness.drain(a));
        assertFalse(a.isBlocked());
        assertNull(core.db(0).lookupKeyRead(b("k")));
    }
}
