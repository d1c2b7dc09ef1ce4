package io.aeredis.commands;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static io.aeredis.commands.CommandTestKit.Err;
import static io.aeredis.commands.CommandTestKit.call;
import static io.aeredis.commands.CommandTestKit.st;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * MEMORY (object.c memoryCommand): the replies and errors, and MEMORY USAGE's estimate held
 * against the heap the JVM really uses for the same keys.
 */
class MemoryCommandsTest {
    private static RedisCore core() {
        RedisCore core = new RedisCore(16);
        Commands.registerAll(core.commands);
        return core;
    }

    private static long usage(Client c, String key, String... opts) {
        String[] args = new String[3 + opts.length];
        args[0] = "MEMORY";
        args[1] = "USAGE";
        args[2] = key;
        System.arraycopy(opts, 0, args, 3, opts.length);
        return (Long) call(c, args);
    }

    // ------------------------------------------------------------------ replies

    @Test
    void usageArgumentsAreParsedAsRedisDoes() {
        Client c = CommandTestKit.client(core(), 2);
        call(c, "SET", "k", "v");
        assertEquals(new Err("ERR syntax error"), call(c, "MEMORY", "USAGE", "k", "SAMPLES"));
        assertEquals(new Err("ERR syntax error"), call(c, "MEMORY", "USAGE", "k", "SAMPLES", "-1"));
        assertEquals(new Err("ERR syntax error"), call(c, "MEMORY", "USAGE", "k", "FOO", "1"));
        assertEquals(new Err("ERR syntax error"), call(c, "MEMORY", "USAGE", "k", "SAMPLES", "1", "extra"));
        assertEquals(new Err("ERR value is not an integer or out of range"), call(c, "MEMORY", "USAGE", "k", "SAMPLES", "abc"));
        assertEquals(new Err("ERR value is not an integer or out of range"), call(c, "MEMORY", "USAGE", "k", "samples", "99999999999999999999"));
        // The options are checked before the key is looked up.
        assertEquals(new Err("ERR value is not an integer or out of range"), call(c, "MEMORY", "USAGE", "nokey", "SAMPLES", "x"));
        assertNull(call(c, "MEMORY", "USAGE", "nokey"));
        assertNull(call(c, "MEMORY", "USAGE", "nokey", "SAMPLES", "5"));
        long u = usage(c, "k");
        assertEquals(u, usage(c, "k", "SAMPLES", "0"));
        assertEquals(u, usage(c, "k", "samples", "1", "SAMPLES", "2"));
    }

    @Test
    void aStringCostsItsKeyItsEntryAndItsArray() {
        Client c = CommandTestKit.client(core(), 2);
        call(c, "SET", "x", "1");
        // key array 24 + dict entry 32 + value array 24
        assertEquals(80, usage(c, "x"));
        call(c, "SET", "x", "12345678");
        assertEquals(80, usage(c, "x"));
        call(c, "SET", "x", "123456789");
        assertEquals(88, usage(c, "x"));
        call(c, "SET", "a-longer-key-name", "123456789");
        assertEquals(104, usage(c, "a-longer-key-name"));
    }

    @Test
    void helpPurgeAndUnknownShapes() {
        Client c = CommandTestKit.client(core(), 2);
        List<Object> help = CommandTestKit.list(call(c, "MEMORY", "HELP"));
        assertEquals(14, help.size());
        assertEquals(st("MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"), help.get(0));
        assertEquals(st("USAGE <key> [SAMPLES <count>]"), help.get(9));
        assertEquals(st("    sampled up to <count> times (default: 5, 0 means sample all)."), help.get(11));
        assertEquals(st("OK"), call(c, "MEMORY", "PURGE"));
        Object malloc = call(c, "MEMORY", "MALLOC-STATS");
        assertTrue(((String) malloc).startsWith("___ Begin JVM memory statistics ___\n"), (String) malloc);
    }

    @Test
    void statsHasRedisFieldsInRedisOrderWithOneEntryPerDbWithKeys() {
        RedisCore core = core();
        Client c = CommandTestKit.client(core, 2);
        call(c, "SET", "a", "1");
        call(c, "SET", "b", "2", "EX", "100");
        call(c, "SELECT", "3");
        call(c, "SET", "c", "3");
        Map<Object, Object> m = CommandTestKit.pairs(call(c, "MEMORY", "STATS"));
        assertEquals(List.of("peak.allocated", "total.allocated", "startup.allocated", "replication.backlog",
                "clients.slaves", "clients.normal", "cluster.links", "aof.buffer", "lua.caches", "functions.caches",
                "db.0", "db.3", "overhead.total", "keys.count", "keys.bytes-per-key", "dataset.bytes",
                "dataset.percentage", "peak.percentage", "allocator.allocated", "allocator.active", "allocator.resident",
                "allocator-fragmentation.ratio", "allocator-fragmentation.bytes", "allocator-rss.ratio",
                "allocator-rss.bytes", "rss-overhead.ratio", "rss-overhead.bytes", "fragmentation", "fragmentation.bytes"),
                new ArrayList<>(m.keySet()));
        assertEquals(3L, m.get("keys.count"));
        Map<Object, Object> db0 = CommandTestKit.pairs(m.get("db.0"));
        assertEquals(List.of("overhead.hashtable.main", "overhead.hashtable.expires", "overhead.hashtable.slot-to-keys"),
                new ArrayList<>(db0.keySet()));
        // Two entries of 32 bytes, the dict (48) and its 4-bucket table (32); one expire likewise.
        assertEquals(2 * 32L + 48 + 32, db0.get("overhead.hashtable.main"));
        assertEquals(32L + 48 + 32, db0.get("overhead.hashtable.expires"));
        // RESP2 doubles are bulk strings; total.allocated is a positive heap figure.
        assertInstanceOf(String.class, m.get("dataset.percentage"));
        assertTrue((Long) m.get("total.allocated") > 0);

        Client c3 = CommandTestKit.client(core, 3);
        Object r3 = call(c3, "MEMORY", "STATS");
        Map<Object, Object> m3 = CommandTestKit.map(r3);
        assertEquals(29, m3.size());
        assertInstanceOf(Double.class, m3.get("fragmentation"));
        assertInstanceOf(Map.class, m3.get("db.3"));
    }

    @Test
    void doctorIsVerbatimText() {
        RedisCore core = core();
        Client c3 = CommandTestKit.client(core, 3);
        Object r = call(c3, "MEMORY", "DOCTOR");
        assertTrue(((String) r).startsWith("txt:Hi Sam, this instance is empty"), (String) r);
        Client c2 = CommandTestKit.client(core, 2);
        assertTrue(((String) call(c2, "MEMORY", "DOCTOR")).startsWith("Hi Sam, this instance is empty"));
    }

    @Test
    void doctorReportsTheProblemsItFinds() {
        MemoryOverhead mh = new MemoryOverhead();
        mh.totalKeys = 10;
        mh.startupAllocated = 10 << 20;
        mh.totalAllocated = 100 << 20;
        mh.heapMax = 110 << 20;
        mh.heapAfterLastGc = 50 << 20;
        mh.clients = 2;
        mh.clientsNormal = 100 << 10;
        assertEquals("Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n",
                MemoryCommands.getMemoryDoctorReport(mh));
        mh.heapAfterLastGc = 100 << 20;
        mh.clientsNormal = 1 << 20;
        mh.cachedScripts = 1001;
        String r = MemoryCommands.getMemoryDoctorReport(mh);
        assertTrue(r.startsWith("Sam, I detected a few issues in this Redis instance memory implants:\n\n * Heap pressure:"), r);
        assertTrue(r.contains("\n * Big client buffers:") && r.contains("\n * Many scripts:"), r);
        assertTrue(r.endsWith("I'm here to keep you safe, Sam. I want to help you.\n"), r);
    }

    // ------------------------------------------------------------------ the estimate

    @Test
    void biggerValuesCostMoreAndConversionsShowUp() {
        Client c = CommandTestKit.client(core(), 2);
        long prev = 0;
        for (int fields = 1; fields <= 300; fields += 37) {
            call(c, "DEL", "h");
            for (int i = 0; i < fields; i++) call(c, "HSET", "h", "field:" + i, "value:" + i);
            long u = usage(c, "h", "SAMPLES", "0");
            assertTrue(u > prev, fields + " fields: " + u + " after " + prev);
            prev = u;
        }
        // The same 100 members cost more as a hashtable than packed in an intset.
        for (int i = 0; i < 100; i++) call(c, "SADD", "ints", Integer.toString(i));
        for (int i = 0; i < 100; i++) call(c, "SADD", "strs", "m" + i);
        assertTrue(usage(c, "strs") > 4 * usage(c, "ints"), usage(c, "strs") + " vs " + usage(c, "ints"));
        // A sorted set of 200 members (skiplist) costs more than 2x one of 100 (listpack).
        for (int i = 0; i < 100; i++) call(c, "ZADD", "zsmall", Integer.toString(i), "member:" + i);
        for (int i = 0; i < 200; i++) call(c, "ZADD", "zbig", Integer.toString(i), "member:" + i);
        assertEquals("skiplist", call(c, "OBJECT", "ENCODING", "zbig"));
        assertTrue(usage(c, "zbig") > 2 * usage(c, "zsmall"), usage(c, "zbig") + " vs " + usage(c, "zsmall"));
    }

    @Test
    void samplingExtrapolatesUniformElementsAndCountsEveryNodeWithZero() {
        Client c = CommandTestKit.client(core(), 2);
        for (int i = 0; i < 1000; i++) call(c, "HSET", "h", String.format("field:%06d", i), "value:" + String.format("%06d", i));
        long all = usage(c, "h", "SAMPLES", "0");
        long five = usage(c, "h");
        // Every field and value has the same length: sampling 5 of them is (nearly) exact.
        assertTrue(Math.abs(all - five) <= 8, all + " vs " + five);
        // Skewed elements: 1 sample cannot tell the average of 10 small and 1000 big members.
        for (int i = 0; i < 10; i++) call(c, "SADD", "s", "x" + i);
        for (int i = 0; i < 1000; i++) call(c, "SADD", "s", "y".repeat(200) + i);
        assertNotEquals(usage(c, "s", "SAMPLES", "0"), usage(c, "s", "SAMPLES", "1"));
        // A list is sampled by node: SAMPLES 0 counts every node.
        for (int i = 0; i < 5000; i++) call(c, "RPUSH", "l", i < 100 ? "a" : "b".repeat(100));
        assertTrue(usage(c, "l", "SAMPLES", "0") > usage(c, "l", "SAMPLES", "1"));
    }

    /**
     * The estimate against reality: N keys of one shape are built in a fresh keyspace, and the
     * heap in use after a full GC grows by about N times what MEMORY USAGE SAMPLES 0 says of
     * each (the keyspace's own bucket array, 4 bytes per slot, is all it leaves out).
     */
    @Test
    void theEstimateMatchesTheHeapAJvmReallyUses() {
        HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        assumeTrue(hs != null && "true".equals(hs.getVMOption("UseCompressedOops").getValue())
                && "true".equals(hs.getVMOption("UseCompressedClassPointers").getValue())
                && "8".equals(hs.getVMOption("ObjectAlignmentInBytes").getValue()), "the size model assumes compressed oops");
        String thousand = "x".repeat(1000);
        String twenty = "y".repeat(20);
        check("string of 1000 bytes", 20000, (c, k) -> call(c, "SET", k, thousand));
        check("list of 1000 elements (quicklist)", 1000, (c, k) -> {
            for (int i = 0; i < 1000; i += 100) {
                String[] args = new String[102];
                args[0] = "RPUSH";
                args[1] = k;
                for (int j = 0; j < 100; j++) args[2 + j] = twenty + (i + j);
                call(c, args);
            }
        });
        check("hash of 100 fields (listpack)", 5000, (c, k) -> call(c, hashArgs(k, 100, twenty)));
        check("hash of 300 fields (hashtable)", 1000, (c, k) -> call(c, hashArgs(k, 300, twenty)));
        check("set of 500 big integers (intset)", 5000, (c, k) -> {
            String[] args = new String[502];
            args[0] = "SADD";
            args[1] = k;
            for (int j = 0; j < 500; j++) args[2 + j] = Long.toString(10_000_000_000L + j);
            call(c, args);
        });
        check("set of 500 members (hashtable)", 1000, (c, k) -> {
            String[] args = new String[502];
            args[0] = "SADD";
            args[1] = k;
            for (int j = 0; j < 500; j++) args[2 + j] = "member:" + j;
            call(c, args);
        });
        check("sorted set of 100 members (listpack)", 5000, (c, k) -> call(c, zsetArgs(k, 100)));
        check("sorted set of 300 members (skiplist)", 1000, (c, k) -> call(c, zsetArgs(k, 300)));
    }

    private static String[] hashArgs(String key, int fields, String value) {
        String[] args = new String[2 + 2 * fields];
        args[0] = "HSET";
        args[1] = key;
        for (int j = 0; j < fields; j++) {
            args[2 + 2 * j] = "field:" + j;
            args[3 + 2 * j] = value + j;
        }
        return args;
    }

    private static String[] zsetArgs(String key, int members) {
        String[] args = new String[2 + 2 * members];
        args[0] = "ZADD";
        args[1] = key;
        for (int j = 0; j < members; j++) {
            args[2 + 2 * j] = Double.toString(j * 1.5);
            args[3 + 2 * j] = "member:" + j;
        }
        return args;
    }

    /** Builds {@code n} keys with {@code build}, compares the heap growth with the estimates. */
    private static void check(String shape, int n, BiConsumer<Client, String> build) {
        RedisCore core = core();
        Client c = CommandTestKit.client(core, 2);
        long before = usedHeapAfterGc();
        for (int i = 0; i < n; i++) build.accept(c, "key:" + i);
        long after = usedHeapAfterGc();
        long estimated = 0;
        for (int i = 0; i < n; i++) estimated += usage(c, "key:" + i, "SAMPLES", "0");
        double real = (double) (after - before) / n;
        double est = (double) estimated / n;
        double error = (est - real) / real;
        System.out.printf("MEMORY USAGE %-40s estimate %9.1f B/key, heap grew %9.1f B/key (%+.1f%%)%n", shape, est, real, 100 * error);
        assertTrue(Math.abs(error) < 0.08, shape + ": estimate " + est + " B/key, real " + real + " B/key");
    }

    /** Heap in use after a full GC: the least of a few readings, so other threads' garbage does not count. */
    private static long usedHeapAfterGc() {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            best = Math.min(best, mx.getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
