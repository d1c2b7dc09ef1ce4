package io.aeredis.server;

import io.aeredis.commands.HeapSize;
import io.aeredis.commands.MemoryOverhead;
import io.aeredis.scripting.FunctionLibraries;

/**
 * The server's half of getMemoryOverheadData (object.c) and the memory figures serverCron
 * keeps: the peak of heap use (stat_peak_memory, also INFO's used_memory_peak) and the heap in
 * use at startup (initial_memory_usage).
 *
 * <p>"Allocated" means heap in use, garbage not yet collected included, as INFO's
 * used_memory. The startup figure is taken when the listeners are ready, and lowered to the
 * heap left after a later collection when that is smaller: whatever a collection freed was
 * garbage, not the server's startup memory.
 */
final class ServerMemory {
    private final RedisServer server;
    private long startupAllocated;
    private long peakAllocated;
    private long lastHeapAfterGc;

    ServerMemory(RedisServer server) {
        this.server = server;
    }

    static long heapUsed() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** At the end of initServer: the startup figure. */
    void initialMemoryUsage() {
        startupAllocated = heapUsed();
        peakAllocated = Math.max(peakAllocated, startupAllocated);
    }

    /** serverCron: track the peak, and lower the startup figure when a GC shows it held garbage. */
    void cron() {
        long used = heapUsed();
        if (used > peakAllocated) peakAllocated = used;
        long afterGc = GcPauses.heapAfterLastGc();
        if (afterGc != lastHeapAfterGc) {
            lastHeapAfterGc = afterGc;
            if (afterGc > 0 && afterGc < startupAllocated) startupAllocated = afterGc;
        }
    }

    /** stat_peak_memory, brought up to date. */
    long peak() {
        cron();
        return peakAllocated;
    }

    /** RedisCore.memoryOverheadServer: the JVM's figures, then the server's. */
    void fill(MemoryOverhead mh) {
        mh.peakAllocated = peak();
        mh.startupAllocated = startupAllocated;
        mh.processRss = InfoCommand.rssBytes();
        mh.jvmFigures();
        mh.heapAfterLastGc = GcPauses.heapAfterLastGc();
        long clients = 0;
        for (ServerClient c : server.networking.clients.values()) {
            clients += server.networking.getClientMemoryUsage(c);
        }
        mh.clientsNormal = clients;
        mh.clients = server.networking.clients.size();
        mh.cachedScripts = server.scripting.scripts().size();
        mh.luaCaches = server.scripting.scripts().heapBytes();
        mh.functionsCaches = functionsMemoryOverhead(server.scripting.functions());
    }

    /** functionsMemoryOverhead: each library's code and the functions it registered. */
    static long functionsMemoryOverhead(FunctionLibraries functions) {
        long bytes = 0;
        for (FunctionLibraries.Library lib : functions.libraries()) {
            bytes += HeapSize.byteArray(lib.code.length) + FUNCTION_BYTES * (1 + lib.functions.size());
        }
        return bytes;
    }

    /** A library's or a function's objects besides the code: names, descriptions, map entries (estimate). */
    private static final long FUNCTION_BYTES = 128;
}
