package io.aeredis.commands;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's {@code struct redisMemOverhead}, the figures MEMORY STATS and MEMORY DOCTOR report,
 * in JVM terms: "allocated" is the heap in use (live objects and not yet collected garbage,
 * Redis's used_memory), the allocator is the JVM (active = committed heap, resident =
 * committed heap and non-heap), RSS is the process's.
 *
 * <p>{@link MemoryCommands#getMemoryOverheadData} fills the keyspace half; the server half
 * (clients, script caches, startup and peak figures, RSS) comes from
 * {@link RedisCore#memoryOverheadServer}, whose default knows only the JVM.
 */
public final class MemoryOverhead {
    // --- filled by RedisCore.memoryOverheadServer
    /** peak.allocated: the highest heap use seen. */
    public long peakAllocated;
    /** total.allocated: heap in use now (used_memory). */
    public long totalAllocated;
    /** startup.allocated: heap in use once the server had started. */
    public long startupAllocated;
    /** clients.normal: query and output buffers (and client objects) of every client. */
    public long clientsNormal;
    /** lua.caches: the EVAL script cache. */
    public long luaCaches;
    /** functions.caches: the function libraries. */
    public long functionsCaches;
    /** allocator.allocated / active / resident: heap used, heap committed, heap + non-heap committed. */
    public long allocatorAllocated;
    public long allocatorActive;
    public long allocatorResident;
    /** The process's resident set size (used_memory_rss). */
    public long processRss;
    /** For the doctor: connected clients, cached scripts, the heap's maximum (-Xmx) and the heap live after the last GC (0: unknown). */
    public long clients;
    public long cachedScripts;
    public long heapMax;
    public long heapAfterLastGc;

    // --- computed by getMemoryOverheadData
    public long overheadTotal;
    public long totalKeys;
    public long bytesPerKey;
    public long dataset;
    public float datasetPerc;
    public float peakPerc;
    public float allocatorFrag;
    public long allocatorFragBytes;
    public float allocatorRss;
    public long allocatorRssBytes;
    public float rssExtra;
    public long rssExtraBytes;
    public float totalFrag;
    public long totalFragBytes;
    /** The db.N entries: only databases holding keys. */
    public final List<DbOverhead> dbs = new ArrayList<>();

    /** One db.N entry: the keyspace and expires tables with their entries (Redis adds one robj per key). */
    public record DbOverhead(int dbid, long overheadHtMain, long overheadHtExpires) {}

    /**
     * What the JVM alone says: heap in use (Runtime's total - free, as INFO's used_memory),
     * committed heap and non-heap, the heap's maximum; RSS, when nobody filled it, taken as the
     * committed total.
     */
    public void jvmFigures() {
        Runtime rt = Runtime.getRuntime();
        long committed = rt.totalMemory();
        totalAllocated = committed - rt.freeMemory();
        if (peakAllocated < totalAllocated) peakAllocated = totalAllocated;
        allocatorAllocated = totalAllocated;
        allocatorActive = committed;
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        allocatorResident = committed + mx.getNonHeapMemoryUsage().getCommitted();
        if (processRss == 0) processRss = allocatorResident;
        heapMax = rt.maxMemory();
    }
}
