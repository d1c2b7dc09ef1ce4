package io.aeredis.commands;

import static io.aeredis.commands.KeyspaceHarness.NOT_INTEGER;
import static io.aeredis.commands.KeyspaceHarness.NULL;
import static io.aeredis.commands.KeyspaceHarness.OK;
import static io.aeredis.commands.KeyspaceHarness.SYNTAX;
import static io.aeredis.commands.KeyspaceHarness.b;
import static io.aeredis.commands.KeyspaceHarness.bulk;
import static io.aeredis.commands.KeyspaceHarness.err;
import static io.aeredis.commands.KeyspaceHarness.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Expected bytes are what redis-server 7.0.15 replies to the same commands. */
class KeyspaceCommandsTest {
    private final KeyspaceHarness h = new KeyspaceHarness();

    /** Parses a flat array reply of bulk strings into a sorted set. */
    private static Set<String> bulkSet(String reply) {
        Set<String> out = new TreeSet<>();
        String[] lines = reply.split("\r\n", -1);
        assertTrue(lines[0].startsWith("*"), reply);
        int n = Integer.parseInt(lines[0].substring(1));
        for (int i = 0; i < n; i++) out.add(lines[2 + 2 * i]);
        return out;
    }

    @Test
    void delUnlinkExistsTouchType() {
        h.call("MSET", "a", "1", "b", "2", "c", "3");
        assertEquals(integer(3), h.call("EXISTS", "a", "a", "nokey", "b"));
        assertEquals(integer(2), h.call("TOUCH", "a", "b", "nokey"));
        assertEquals("+string\r\n", h.call("TYPE", "a"));
        assertEquals("+none\r\n", h.call("TYPE", "nokey"));
        assertEquals(integer(2), h.call("DEL", "a", "b", "a", "nokey"));
        assertEquals(integer(1), h.call("UNLINK", "c"));
        assertEquals(integer(0), h.call("DBSIZE"));
        assertEquals(3 + 3, h.core.dirty);
    }

    @Test
    void existsCountsHitsAndMisses() {
        h.call("SET", "a", "1");
        long hits = h.core.statKeyspaceHits;
        long misses = h.core.statKeyspaceMisses;
        h.call("EXISTS", "a", "b");
        assertEquals(hits + 1, h.core.statKeyspaceHits);
        assertEquals(misses + 1, h.core.statKeyspaceMisses);
    }

    @Test
    void renameAndRenamenx() {
        h.core.mstime = 1000;
        h.call("SET", "a", "1", "PX", "500");
        assertEquals(OK, h.call("RENAME", "a", "b"));
        assertEquals(integer(0), h.call("EXISTS", "a"));
        assertEquals(bulk("1"), h.call("GET", "b"));
        assertEquals(1500, h.core.db(0).getExpire(b("b")), "the TTL moves with the key");
        h.call("SET", "c", "3");
        assertEquals(integer(0), h.call("RENAMENX", "b", "c"));
        assertEquals(OK, h.call("RENAME", "b", "c"));
        assertEquals(bulk("1"), h.call("GET", "c"));
        assertEquals(1500, h.core.db(0).getExpire(b("c")));
        assertEquals(integer(1), h.call("RENAMENX", "c", "d"));
        assertEquals(OK, h.call("RENAME", "d", "d"));
        assertEquals(integer(0), h.call("RENAMENX", "d", "d"));
        assertEquals(err("no such key"), h.call("RENAME", "zz", "zz"));
        assertEquals(err("no such key"), h.call("RENAMENX", "zz", "q"));
    }

    @Test
    void renameOntoAKeyWithTtlDropsThatTtl() {
        h.core.mstime = 1000;
        h.call("SET", "a", "1");
        h.call("SET", "b", "2", "PX", "100");
        assertEquals(OK, h.call("RENAME", "a", "b"));
        assertEquals(-1, h.core.db(0).getExpire(b("b")));
        assertEquals(0, h.core.db(0).expiresSize());
    }

    @Test
    void keysMatchesGlobPatterns() {
        for (String k : new String[] {"hello", "hallo", "h[a]llo", "h\\llo", "h]llo", "h-llo", "h^llo", "hllo", "HELLO"}) {
            h.call("SET", k, "1");
        }
        assertEquals(new TreeSet<>(Set.of("hello", "hallo", "h\\llo", "h]llo", "h-llo", "h^llo")), bulkSet(h.call("KEYS", "h?llo")));
        assertEquals(Set.of("hallo", "hello"), bulkSet(h.call("KEYS", "h[ae]llo")));
        assertEquals(Set.of("hallo", "h\\llo", "h]llo", "h-llo", "h^llo"), bulkSet(h.call("KEYS", "h[^e]llo")));
        assertEquals(Set.of("hallo"), bulkSet(h.call("KEYS", "h[b-a]llo")));
        assertEquals(Set.of("h[a]llo"), bulkSet(h.call("KEYS", "h\\[a\\]llo")));
        assertEquals(Set.of("h]llo"), bulkSet(h.call("KEYS", "h[\\]]llo")));
        assertEquals(Set.of("hallo", "h-llo"), bulkSet(h.call("KEYS", "h[-a]llo")));
        assertEquals(Set.of("hello", "hallo", "h\\llo", "h]llo", "h-llo", "h^llo"), bulkSet(h.call("KEYS", "h[^]llo")));
        assertEquals(Set.of("hello", "hallo", "h\\llo", "h]llo", "h^llo"), bulkSet(h.call("KEYS", "h[^-]llo")));
        assertEquals(Set.of("hello"), bulkSet(h.call("KEYS", "h[!e]llo")));
        for (String none : new String[] {"h[\\]llo", "h[a", "h[", "hello\\", "[^", "h\\", "h[]]llo", "h[]llo", "h[a-]llo", "*[", "h[]", "?"}) {
            assertEquals("*0\r\n", h.call("KEYS", none), none);
        }
        assertEquals(8, bulkSet(h.call("KEYS", "h*")).size());
        assertEquals(8, bulkSet(h.call("KEYS", "h**llo")).size());
        assertEquals(9, bulkSet(h.call("KEYS", "*")).size());
        assertEquals(Set.of("HELLO"), bulkSet(h.call("KEYS", "H*")));
    }

    @Test
    void keysIsBinarySafeAndSignedLikeCChars() {
        h.call("SET", "\u0000\u00ff", "v");
        assertEquals("*1\r\n$2\r\n\u0000\u00ff\r\n", h.call("KEYS", "\u0000*"));
        // Range ends are signed chars: 0xff is -1, so [\x00-\xff] is the range -1..0.
        assertEquals("*1\r\n$2\r\n\u0000\u00ff\r\n", h.call("KEYS", "[\u0000-\u00ff]*"));
        assertEquals("*1\r\n$2\r\n\u0000\u00ff\r\n", h.call("KEYS", "[\u00ff-\u0000]*"));
    }

    @Test
    void keysLimitsStarNestingLikeRedis() {
        h.call("SET", "a".repeat(1100), "1");
        assertEquals(1, bulkSet(h.call("KEYS", "*a".repeat(1000))).size());
        assertEquals("*0\r\n", h.call("KEYS", "*a".repeat(1001)));
        assertEquals(1, bulkSet(h.call("KEYS", "*a".repeat(1000) + "*")).size());
        assertEquals("*0\r\n", h.call("KEYS", "*a".repeat(1001) + "*"));
    }

    @Test
    void keysSkipsButDoesNotDeleteExpiredKeys() {
        h.core.mstime = 1000;
        h.call("SET", "a", "1", "PX", "10");
        h.call("SET", "b", "2");
        h.core.mstime = 2000;
        assertEquals("*1\r\n$1\r\nb\r\n", h.call("KEYS", "*"));
        assertEquals(2, h.core.db(0).size());
    }

    /** Runs a full SCAN and returns every key it replied. */
    private List<String> scanAll(Runnable between, String... options) {
        List<String> seen = new ArrayList<>();
        String cursor = "0";
        int calls = 0;
        do {
            between.run();
            String[] args = new String[2 + options.length];
            args[0] = "SCAN";
            args[1] = cursor;
            System.arraycopy(options, 0, args, 2, options.length);
            String[] lines = h.call(args).split("\r\n", -1);
            assertEquals("*2", lines[0]);
            cursor = lines[2];
            int n = Integer.parseInt(lines[3].substring(1));
            for (int i = 0; i < n; i++) seen.add(lines[5 + 2 * i]);
            assertTrue(++calls < 100_000);
        } while (!cursor.equals("0"));
        return seen;
    }

    @Test
    void scanReturnsEverythingWithMatchCountAndType() {
        for (int i = 0; i < 500; i++) h.call("SET", "key:" + i, "v");
        h.core.db(0).add(b("list"), new ArrayList<>());
        List<String> all = scanAll(() -> { });
        assertEquals(501, new HashSet<>(all).size());
        List<String> matched = scanAll(() -> { }, "MATCH", "key:1*", "COUNT", "7");
        assertEquals(111, new HashSet<>(matched).size());
        List<String> strings = scanAll(() -> { }, "TYPE", "STRING", "COUNT", "1000");
        assertEquals(500, strings.size());
        assertTrue(!strings.contains("list"));
    }

    @Test
    void scanSurvivesResizesBetweenCalls() {
        for (int i = 0; i < 200; i++) h.call("SET", "stay:" + i, "v");
        int[] n = {0};
        // Grow the keyspace a lot while scanning: every key present throughout is returned.
        Set<String> seen = new HashSet<>(scanAll(() -> {
            for (int j = 0; j < 50 && n[0] < 5000; j++) h.call("SET", "more:" + n[0]++, "v");
        }, "COUNT", "5"));
        for (int i = 0; i < 200; i++) assertTrue(seen.contains("stay:" + i), "missed stay:" + i);
        // And shrink it.
        int[] d = {0};
        seen = new HashSet<>(scanAll(() -> {
            for (int j = 0; j < 100 && d[0] < n[0]; j++) h.call("DEL", "more:" + d[0]++);
            h.core.db(0).tryResizeHashTables();
        }, "COUNT", "5"));
        for (int i = 0; i < 200; i++) assertTrue(seen.contains("stay:" + i), "missed stay:" + i);
    }

    @Test
    void scanDeletesExpiredKeysAndRejectsBadArguments() {
        h.core.mstime = 1000;
        h.call("SET", "gone", "1", "PX", "10");
        h.core.mstime = 2000;
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", h.call("SCAN", "0"));
        assertEquals(0, h.core.db(0).size());
        assertEquals(1, h.core.statExpiredKeys);
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", h.call("SCAN", ""));
        h.call("SET", "a", "1");
        // -1 is ULONG_MAX, the last bucket: the scan ends there (whether "a" is in it depends on the hash).
        String last = h.call("SCAN", "-1");
        assertTrue(last.startsWith("*2\r\n$1\r\n0\r\n"), last);
        assertEquals(last, h.call("SCAN", "18446744073709551615"));
        assertEquals(last, h.call("SCAN", "+3", "count", "1", "count", "2"));
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", h.call("SCAN", "0", "TYPE", "none"));
        assertEquals(err("invalid cursor"), h.call("SCAN", " 1"));
        assertEquals(err("invalid cursor"), h.call("SCAN", "18446744073709551616"));
        assertEquals(err("invalid cursor"), h.call("SCAN", "3x"));
        assertEquals(SYNTAX, h.call("SCAN", "0", "COUNT", "0"));
        assertEquals(NOT_INTEGER, h.call("SCAN", "0", "COUNT", "x"));
        assertEquals(SYNTAX, h.call("SCAN", "0", "foo"));
        assertEquals(SYNTAX, h.call("SCAN", "0", "MATCH"));
    }

    @Test
    void randomkeySkipsExpiredKeys() {
        assertEquals(NULL, h.call("RANDOMKEY"));
        h.core.mstime = 1000;
        for (int i = 0; i < 10; i++) h.call("SET", "old:" + i, "v", "PX", "10");
        h.call("SET", "live", "v");
        h.core.mstime = 2000;
        assertEquals(bulk("live"), h.call("RANDOMKEY"));
        h.call("DEL", "live");
        assertEquals(NULL, h.call("RANDOMKEY"));
    }

    @Test
    void copyDuplicatesValueAndTtl() {
        h.core.mstime = 1000;
        h.call("SET", "src", "v", "PX", "100");
        assertEquals(integer(1), h.call("COPY", "src", "dst"));
        assertEquals(bulk("v"), h.call("GET", "dst"));
        assertEquals(1100, h.core.db(0).getExpire(b("dst")));
        assertNotSame(h.core.db(0).lookupKeyRead(b("src")), h.core.db(0).lookupKeyRead(b("dst")));
        assertEquals(integer(0), h.call("COPY", "src", "dst"));
        assertEquals(integer(1), h.call("COPY", "src", "dst", "REPLACE"));
        assertEquals(integer(1), h.call("COPY", "src", "dst", "DB", "1"));
        assertEquals(integer(0), h.call("COPY", "src", "dst", "db", "1"));
        assertEquals(integer(1), h.call("COPY", "src", "dst", "db", "1", "replace"));
        assertEquals(1100, h.core.db(1).getExpire(b("dst")));
        assertEquals(integer(0), h.call("COPY", "nokey", "dst2"));
        assertEquals(integer(1), h.call("COPY", "src", "src", "DB", "2"));
        assertEquals(err("source and destination objects are the same"), h.call("COPY", "src", "src"));
        assertEquals(err("source and destination objects are the same"), h.call("COPY", "src", "src", "DB", "0"));
        assertEquals(NOT_INTEGER, h.call("COPY", "src", "x", "DB", "x"));
        assertEquals(err("DB index is out of range"), h.call("COPY", "src", "x", "DB", "99"));
        assertEquals(SYNTAX, h.call("COPY", "src", "x", "DB"));
        assertEquals(SYNTAX, h.call("COPY", "src", "x", "foo"));
    }

    @Test
    void moveToAnotherDb() {
        h.core.mstime = 1000;
        h.call("SET", "k", "v", "PX", "100");
        byte[] value = (byte[]) h.core.db(0).lookupKeyRead(b("k"));
        assertEquals(integer(1), h.call("MOVE", "k", "1"));
        assertEquals(integer(0), h.call("EXISTS", "k"));
        assertSame(value, h.core.db(1).lookupKeyRead(b("k")));
        assertEquals(1100, h.core.db(1).getExpire(b("k")));
        assertEquals(0, h.core.db(0).expiresSize());
        assertEquals(integer(0), h.call("MOVE", "k", "1"), "missing in the source");
        h.call("SET", "k", "w");
        assertEquals(integer(0), h.call("MOVE", "k", "1"), "present in the target");
        assertEquals(err("source and destination objects are the same"), h.call("MOVE", "k", "0"));
        assertEquals(err("DB index is out of range"), h.call("MOVE", "k", "16"));
        assertEquals(NOT_INTEGER, h.call("MOVE", "k", "x"));
        assertEquals(err("value is out of range, value must between -2147483648 and 2147483647"), h.call("MOVE", "k", "99999999999"));
    }

    @Test
    void selectAndSwapdb() {
        Client other = h.newClient();
        h.call("SET", "k", "in0");
        assertEquals(OK, h.call("SELECT", "1"));
        h.call("SET", "k", "in1");
        assertEquals(OK, h.call("SWAPDB", "0", "1"));
        // Clients stay on their db number and see the swapped data.
        assertEquals(bulk("in0"), h.call("GET", "k"));
        assertEquals(bulk("in1"), h.call(other, "GET", "k"));
        assertEquals(OK, h.call("SWAPDB", "1", "1"));
        assertEquals(err("DB index is out of range"), h.call("SELECT", "16"));
        assertEquals(NOT_INTEGER, h.call("SELECT", "abc"));
        assertEquals(err("value is out of range, value must between -2147483648 and 2147483647"), h.call("SELECT", "99999999999"));
        assertEquals(err("DB index is out of range"), h.call("SWAPDB", "0", "16"));
        assertEquals(err("invalid first DB index"), h.call("SWAPDB", "a", "1"));
        assertEquals(err("invalid second DB index"), h.call("SWAPDB", "0", "b"));
        assertEquals(err("invalid first DB index"), h.call("SWAPDB", "99999999999", "1"));
    }

    @Test
    void swapdbMovesTtlsAlong() {
        h.core.mstime = 1000;
        h.call("SET", "k", "v", "PX", "100");
        h.call("SWAPDB", "0", "3");
        assertEquals(1100, h.core.db(3).getExpire(b("k")));
        assertEquals(0, h.core.db(0).size());
    }

    @Test
    void flushdbAndFlushall() {
        h.call("MSET", "a", "1", "b", "2");
        h.call("SELECT", "1");
        h.call("SET", "c", "3");
        long dirty = h.core.dirty;
        assertEquals(OK, h.call("FLUSHDB"));
        assertEquals(dirty + 1, h.core.dirty);
        assertEquals(integer(0), h.call("DBSIZE"));
        assertEquals(2, h.core.db(0).size());
        assertEquals(OK, h.call("FLUSHALL", "ASYNC"));
        assertEquals(0, h.core.db(0).size());
        assertEquals(dirty + 1 + 2 + 1, h.core.dirty);
        assertEquals(OK, h.call("FLUSHALL", "sync"));
        assertEquals(OK, h.call("FLUSHDB", "SYNC"));
        assertEquals(SYNTAX, h.call("FLUSHALL", "x"));
        assertEquals(SYNTAX, h.call("FLUSHDB", "sync", "x"));
    }

    @Test
    void keysAreSharedBetweenDictAndExpires() {
        h.call("SET", "k", "v");
        h.call("EXPIRE", "k", "100");
        Db db = h.core.db(0);
        assertSame(db.dict.find(b("k")).key, db.expires.find(b("k")).key);
    }

    @Test
    void registrationMatchesRedis() {
        CommandTable t = new CommandTable();
        StringCommands.register(t);
        KeyspaceCommands.register(t);
        ExpireCommands.register(t);
        assertEquals(StringCommands.commands().size() + KeyspaceCommands.commands().size() + ExpireCommands.commands().size(), t.size());
        RedisCommand set = t.lookup(b("SeT"));
        assertEquals(-3, set.arity);
        assertTrue(set.has(RedisCommand.WRITE) && set.has(RedisCommand.DENYOOM) && !set.has(RedisCommand.FAST));
        assertEquals(List.of("@write", "@string", "@slow"), AclCategory.names(set.aclCategories));
        assertEquals(List.of("@keyspace", "@read", "@slow", "@dangerous"), AclCategory.names(t.lookup("keys").aclCategories));
        assertEquals(List.of("@keyspace", "@write", "@fast", "@dangerous"), AclCategory.names(t.lookup("swapdb").aclCategories));
        assertEquals(List.of("@fast", "@connection"), AclCategory.names(t.lookup("select").aclCategories));
        assertEquals(2, t.lookup("rename").keySpecs.size());
        assertEquals(-1, t.lookup("mset").lastKey);
        assertEquals(2, t.lookup("mset").keyStep);
        for (RedisCommand cmd : t.all()) {
            assertTrue(cmd.proc != null && !cmd.summary.isEmpty() && !cmd.complexity.isEmpty(), cmd.name);
        }
        Set<String> names = new TreeSet<>();
        for (RedisCommand cmd : t.all()) names.add(cmd.name);
        assertEquals(new TreeSet<>(Arrays.asList(("get getset getdel getex set setnx setex psetex mset msetnx mget incr decr incrby decrby"
                + " incrbyfloat append strlen getrange setrange substr lcs del unlink exists type rename renamenx keys scan randomkey touch"
                + " copy move swapdb select dbsize flushdb flushall expire pexpire expireat pexpireat ttl pttl expiretime pexpiretime persist")
                .split(" "))), names);
    }
}
