package io.aeredis.commands;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;

import static io.aeredis.commands.RedisCommand.command;

/**
 * MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP (object.c memoryCommand).
 *
 * <p>Redis measures its allocations; aeredis lives in a JVM heap, so every figure is in JVM
 * terms. MEMORY USAGE is an <b>estimate of the Java heap bytes</b> a key costs: the key array,
 * its keyspace dict entry and the value with everything it references, by the object-size model
 * of {@link HeapSize} (64-bit HotSpot with compressed oops and class pointers, 8-byte
 * alignment; low with compressed oops off). Like objectComputeSize it measures packed encodings
 * exactly and samples the first {@code SAMPLES} elements (default 5, 0 = all) of a hashtable,
 * skiplist or quicklist, extrapolating their average. Redis counts the key's sds, a dictEntry
 * and the value; the numbers differ from Redis's since the objects differ.
 *
 * <p>MEMORY STATS has Redis 7.0's fields, names, order and types; "allocated" is the heap in
 * use (see {@link MemoryOverhead}). MALLOC-STATS reports the JVM's memory pools, collectors and
 * buffer pools (the JVM is the allocator here). PURGE answers OK and does nothing, as Redis does
 * with an allocator that cannot purge: asking the JVM for a full GC would stall every client.
 */
public final class MemoryCommands {
    private MemoryCommands() {}

    /** OBJ_COMPUTE_SIZE_DEF_SAMPLES. */
    static final long OBJ_COMPUTE_SIZE_DEF_SAMPLES = 5;

    private static final String ALL_SHARDS_SPECIAL = "nondeterministic_output request_policy:all_shards response_policy:special";

    public static void register(CommandTable t) {
        t.add(command("memory", -2, "", 0, 0, 0, "server")
            .since("4.0.0").summary("A container for memory diagnostics commands").complexity("Depends on subcommand.")
            .subcommand(command("doctor", 2, "", 0, 0, 0, "server")
                .since("4.0.0").summary("Outputs memory problems report").complexity("O(1)")
                .tips(ALL_SHARDS_SPECIAL).proc(MemoryCommands::memoryDoctorCommand))
            .subcommand(command("help", 2, "loading stale", 0, 0, 0, "server")
                .since("4.0.0").summary("Show helpful text about the different subcommands").complexity("O(1)")
                .proc(MemoryCommands::memoryHelpCommand))
            .subcommand(command("malloc-stats", 2, "", 0, 0, 0, "server")
                .since("4.0.0").summary("Show allocator internal stats").complexity("Depends on how much memory is allocated, could be slow")
                .tips(ALL_SHARDS_SPECIAL).proc(MemoryCommands::memoryMallocStatsCommand))
            .subcommand(command("purge", 2, "", 0, 0, 0, "server")
                .since("4.0.0").summary("Ask the allocator to release memory").complexity("Depends on how much memory is allocated, could be slow")
                .tips("request_policy:all_shards response_policy:all_succeeded").proc(MemoryCommands::memoryPurgeCommand))
            .subcommand(command("stats", 2, "", 0, 0, 0, "server")
                .since("4.0.0").summary("Show memory usage details").complexity("O(1)")
                .tips(ALL_SHARDS_SPECIAL).proc(MemoryCommands::memoryStatsCommand))
            .subcommand(command("usage", -3, "readonly", 2, 2, 1, "server")
                .since("4.0.0").summary("Estimate the memory usage of a key").complexity("O(N) where N is the number of samples.")
                .syntax("key [SAMPLES count]").keySpecFlags("RO")
                .proc(MemoryCommands::memoryUsageCommand)));
    }

    // ------------------------------------------------------------------ USAGE

    /**
     * MEMORY USAGE key [SAMPLES count]: the options are parsed before the key is looked up
     * (a bad count is an error even for a missing key), a negative count is a syntax error
     * and 0 means every element.
     */
    static void memoryUsageCommand(Client c) {
        long samples = OBJ_COMPUTE_SIZE_DEF_SAMPLES;
        for (int j = 3; j < c.argc; j++) {
            if (Util.strcasecmp(c.argv[j], "samples") && j + 1 < c.argc) {
                if (!Util.getLongLongOrReply(c, c.argv[j + 1], null)) return;
                samples = Util.string2ll(c.argv[j + 1]);
                if (samples < 0) {
                    c.addReplyError(Shared.ERR_SYNTAX);
                    return;
                }
                if (samples == 0) samples = Long.MAX_VALUE;
                j++;
            } else {
                c.addReplyError(Shared.ERR_SYNTAX);
                return;
            }
        }
        // objectCommandLookup: no LRU update, no keymiss event.
        Object o = c.db.lookupKeyReadWithFlags(c.argv[2], Db.LOOKUP_NOTOUCH | Db.LOOKUP_NONOTIFY);
        if (o == null) {
            c.addReplyNull();
            return;
        }
        c.addReplyLongLong(keyUsage(c.argv[2], o, samples));
    }

    /** What a key costs: its array, its keyspace dict entry and its value. */
    public static long keyUsage(byte[] key, Object val, long samples) {
        return HeapSize.byteArray(key.length) + Dict.ENTRY_BYTES + objectComputeSize(val, samples);
    }

    /** objectComputeSize: a string is one byte array; collections measure themselves. */
    public static long objectComputeSize(Object o, long samples) {
        if (o instanceof byte[] s) return HeapSize.byteArray(s.length);
        return ((RedisValue) o).computeSize(samples);
    }

    // ------------------------------------------------------------------ STATS

    /**
     * getMemoryOverheadData: the server's figures, then the keyspace's (every db with keys:
     * its main and expires dicts with their entries), then the derived ones, as Redis
     * computes them.
     */
    public static MemoryOverhead getMemoryOverheadData(RedisCore core) {
        MemoryOverhead mh = new MemoryOverhead();
        core.memoryOverheadServer(mh);
        long memTotal = mh.startupAllocated + mh.clientsNormal + mh.luaCaches + mh.functionsCaches;
        for (int j = 0; j < core.dbnum(); j++) {
            Db db = core.db(j);
            long keyscount = db.dict.size();
            if (keyscount == 0) continue;
            mh.totalKeys += keyscount;
            long main = keyscount * Dict.ENTRY_BYTES + db.dict.tableBytes();
            long expires = db.expires.size() * Dict.ENTRY_BYTES + db.expires.tableBytes();
            mh.dbs.add(new MemoryOverhead.DbOverhead(j, main, expires));
            memTotal += main + expires;
        }
        mh.overheadTotal = memTotal;

        long used = mh.totalAllocated;
        mh.dataset = used > memTotal ? used - memTotal : 0;
        long netUsage = used > mh.startupAllocated ? used - mh.startupAllocated : 1;
        mh.datasetPerc = (float) mh.dataset * 100 / netUsage;
        mh.bytesPerKey = mh.totalKeys != 0 ? netUsage / mh.totalKeys : 0;
        mh.peakPerc = (float) used * 100 / Math.max(1, mh.peakAllocated);

        mh.totalFrag = ratio(mh.processRss, used);
        mh.totalFragBytes = mh.processRss - used;
        mh.allocatorFrag = ratio(mh.allocatorActive, mh.allocatorAllocated);
        mh.allocatorFragBytes = mh.allocatorActive - mh.allocatorAllocated;
        mh.allocatorRss = ratio(mh.allocatorResident, mh.allocatorActive);
        mh.allocatorRssBytes = mh.allocatorResident - mh.allocatorActive;
        mh.rssExtra = ratio(mh.processRss, mh.allocatorResident);
        mh.rssExtraBytes = mh.processRss - mh.allocatorResident;
        return mh;
    }

    private static float ratio(long a, long b) {
        return (float) a / b;
    }

    /** MEMORY STATS: a map of Redis 7.0's 27 fields plus one db.N map per db holding keys. */
    static void memoryStatsCommand(Client c) {
        MemoryOverhead mh = getMemoryOverheadData(c.server);
        c.addReplyMapLen(27 + mh.dbs.size());
        field(c, "peak.allocated", mh.peakAllocated);
        field(c, "total.allocated", mh.totalAllocated);
        field(c, "startup.allocated", mh.startupAllocated);
        field(c, "replication.backlog", 0);
        field(c, "clients.slaves", 0);
        field(c, "clients.normal", mh.clientsNormal);
        field(c, "cluster.links", 0);
        field(c, "aof.buffer", 0);
        field(c, "lua.caches", mh.luaCaches);
        field(c, "functions.caches", mh.functionsCaches);
        for (MemoryOverhead.DbOverhead db : mh.dbs) {
            c.addReplyBulkCString("db." + db.dbid());
            c.addReplyMapLen(3);
            field(c, "overhead.hashtable.main", db.overheadHtMain());
            field(c, "overhead.hashtable.expires", db.overheadHtExpires());
            field(c, "overhead.hashtable.slot-to-keys", 0);
        }
        field(c, "overhead.total", mh.overheadTotal);
        field(c, "keys.count", mh.totalKeys);
        field(c, "keys.bytes-per-key", mh.bytesPerKey);
        field(c, "dataset.bytes", mh.dataset);
        field(c, "dataset.percentage", mh.datasetPerc);
        field(c, "peak.percentage", mh.peakPerc);
        field(c, "allocator.allocated", mh.allocatorAllocated);
        field(c, "allocator.active", mh.allocatorActive);
        field(c, "allocator.resident", mh.allocatorResident);
        field(c, "allocator-fragmentation.ratio", mh.allocatorFrag);
        field(c, "allocator-fragmentation.bytes", mh.allocatorFragBytes);
        field(c, "allocator-rss.ratio", mh.allocatorRss);
        field(c, "allocator-rss.bytes", mh.allocatorRssBytes);
        field(c, "rss-overhead.ratio", mh.rssExtra);
        field(c, "rss-overhead.bytes", mh.rssExtraBytes);
        field(c, "fragmentation", mh.totalFrag);
        field(c, "fragmentation.bytes", mh.totalFragBytes);
    }

    private static void field(Client c, String name, long value) {
        c.addReplyBulkCString(name);
        c.addReplyLongLong(value);
    }

    /** Redis keeps these ratios in floats and replies them widened to double (%.17g in RESP2). */
    private static void field(Client c, String name, float value) {
        c.addReplyBulkCString(name);
        c.addReplyDouble(value);
    }

    // ------------------------------------------------------------------ DOCTOR

    static void memoryDoctorCommand(Client c) {
        String report = getMemoryDoctorReport(getMemoryOverheadData(c.server));
        c.reply.addReplyVerbatim(report.getBytes(StandardCharsets.UTF_8), "txt");
    }

    static final long DOCTOR_EMPTY_BYTES = 5L << 20;
    static final long DOCTOR_CLIENT_BUF_BYTES = 200L << 10;
    static final long DOCTOR_MANY_SCRIPTS = 1000;
    static final double DOCTOR_HEAP_PRESSURE = 0.9;

    /**
     * getMemoryDoctorReport, with the checks that mean something in a JVM. As in Redis, an
     * instance that holds less than 5 MB (here: heap grown by less than 5 MB since startup, or
     * no keys) is "empty", and otherwise each problem found gets a paragraph: the live heap
     * after the last GC above 90% of the maximum heap (the JVM's counterpart of running out of
     * memory), client buffers above 200 KB per client on average, more than 1000 cached
     * scripts. Redis's peak, fragmentation and RSS checks are left out: a garbage-collected
     * heap always shows a sawtooth and a large RSS beyond the heap, so they would always fire.
     */
    static String getMemoryDoctorReport(MemoryOverhead mh) {
        boolean empty = false;
        boolean heapPressure = false;
        boolean bigClientBuf = false;
        boolean manyScripts = false;
        int numReports = 0;
        if (mh.totalKeys == 0 || mh.totalAllocated - mh.startupAllocated < DOCTOR_EMPTY_BYTES) {
            empty = true;
            numReports++;
        } else {
            if (mh.heapMax > 0 && mh.heapAfterLastGc > DOCTOR_HEAP_PRESSURE * mh.heapMax) {
                heapPressure = true;
                numReports++;
            }
            if (mh.clients > 0 && mh.clientsNormal / mh.clients > DOCTOR_CLIENT_BUF_BYTES) {
                bigClientBuf = true;
                numReports++;
            }
            if (mh.cachedScripts > DOCTOR_MANY_SCRIPTS) {
                manyScripts = true;
                numReports++;
            }
        }
        if (numReports == 0) {
            return "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
        }
        if (empty) {
            return "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these "
                + "conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be "
                + "back to our programming as soon as I finished rebooting.\n";
        }
        StringBuilder s = new StringBuilder("Sam, I detected a few issues in this Redis instance memory implants:\n\n");
        if (heapPressure) {
            s.append(" * Heap pressure: after the last garbage collection more than 90% of the maximum Java heap (-Xmx) "
                + "was still in use. The JVM will collect more and more often and for longer, and once the heap is full "
                + "allocations fail. Give the JVM a larger heap (-Xmx in AEREDIS_JAVA_OPTS), or store less data.\n\n");
        }
        if (bigClientBuf) {
            s.append(" * Big client buffers: the clients' query and output buffers take more than 200K per client on "
                + "average. Pub/Sub subscribers or MONITOR clients that do not read fast enough, commands with large "
                + "replies, or long pipelines can cause this. CLIENT LIST shows which clients hold the memory "
                + "(qbuf, omem, tot-mem).\n\n");
        }
        if (manyScripts) {
            s.append(" * Many scripts: more than 1000 scripts are cached. Scripts built on the fly and sent with EVAL, "
                + "instead of taking their values from KEYS and ARGV and being run with EVALSHA, pile up in the cache "
                + "until SCRIPT FLUSH empties it.\n\n");
        }
        s.append("I'm here to keep you safe, Sam. I want to help you.\n");
        return s.toString();
    }

    // ------------------------------------------------------------------ MALLOC-STATS, PURGE, HELP

    /**
     * MEMORY MALLOC-STATS: Redis prints jemalloc's statistics; the allocator here is the JVM,
     * so this prints its heap and non-heap use, each memory pool, the collectors and the
     * buffer pools (direct and mapped memory).
     */
    static void memoryMallocStatsCommand(Client c) {
        c.reply.addReplyVerbatim(jvmMemoryReport().getBytes(StandardCharsets.UTF_8), "txt");
    }

    static String jvmMemoryReport() {
        StringBuilder s = new StringBuilder("___ Begin JVM memory statistics ___\n");
        Runtime rt = Runtime.getRuntime();
        s.append("Version: \"").append(System.getProperty("java.vm.name")).append(' ')
            .append(System.getProperty("java.vm.version")).append("\"\n");
        s.append("Available processors: ").append(rt.availableProcessors()).append('\n');
        java.lang.management.MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        usage(s, "Heap", mx.getHeapMemoryUsage());
        usage(s, "Non-heap", mx.getNonHeapMemoryUsage());
        s.append("Memory pools:\n");
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            usage(s, "  " + p.getName() + " (" + (p.getType() == java.lang.management.MemoryType.HEAP ? "heap" : "non-heap") + ")", p.getUsage());
            MemoryUsage peak = p.getPeakUsage();
            if (peak != null) s.append("    peak used: ").append(peak.getUsed()).append('\n');
            MemoryUsage afterGc = p.getCollectionUsage();
            if (afterGc != null) s.append("    used after last collection: ").append(afterGc.getUsed()).append('\n');
        }
        s.append("Garbage collectors:\n");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            s.append("  ").append(gc.getName()).append(": collections: ").append(gc.getCollectionCount())
                .append(", time: ").append(gc.getCollectionTime()).append(" ms, pools: ")
                .append(String.join(", ", gc.getMemoryPoolNames())).append('\n');
        }
        s.append("Buffer pools:\n");
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            s.append("  ").append(b.getName()).append(": count: ").append(b.getCount())
                .append(", used: ").append(b.getMemoryUsed()).append(", capacity: ").append(b.getTotalCapacity()).append('\n');
        }
        s.append("--- End JVM memory statistics ---\n");
        return s.toString();
    }

    private static void usage(StringBuilder s, String name, MemoryUsage u) {
        s.append(name).append(": used: ").append(u.getUsed()).append(", committed: ").append(u.getCommitted())
            .append(", max: ").append(u.getMax()).append('\n');
    }

    /** MEMORY PURGE: OK, like Redis with an allocator that has nothing to purge. */
    static void memoryPurgeCommand(Client c) {
        c.addReplyRaw(Shared.OK);
    }

    static void memoryHelpCommand(Client c) {
        CommandCommands.addReplyHelp(c, new String[] {
            "DOCTOR",
            "    Return memory problems reports.",
            "MALLOC-STATS",
            "    Return internal statistics report from the memory allocator.",
            "PURGE",
            "    Attempt to purge dirty pages for reclamation by the allocator.",
            "STATS",
            "    Return information about the memory usage of the server.",
            "USAGE <key> [SAMPLES <count>]",
            "    Return memory in bytes used by <key> and its value. Nested values are",
            "    sampled up to <count> times (default: 5, 0 means sample all).",
        });
    }
}
