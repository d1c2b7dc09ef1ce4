package io.aeredis.server;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM's stop-the-world garbage collection pauses, as the event loop needs them: a pause
 * freezes the loop thread like a slow command does, so it is a stall and may be a stall's
 * cause. GC is process-wide, so this is one log shared by every server in the JVM.
 *
 * <p>Two sources, each for what it does best. The collectors' MXBean counters
 * (getCollectionCount / getCollectionTime) give exact totals. The per-collection notifications
 * (GarbageCollectionNotificationInfo) give each pause's start and end, which is what lets a
 * pause be placed inside a loop iteration; they are delivered on a JVM service thread shortly
 * after the pause, and published here into a small ring the loop thread reads with one
 * volatile read per iteration.
 *
 * <p>Collectors that report concurrent work rather than pauses ("ZGC Cycles", "Shenandoah
 * Cycles" and the like) are left out of both.
 */
final class GcPauses {
    /** One stop-the-world collection, its times on the {@link System#nanoTime()} clock (ms precision). */
    record Pause(String collector, String action, long startNanos, long endNanos, long durationMs) {}

    private static final int RING = 256;
    private static final Pause[] ring = new Pause[RING];
    /** How many pauses have been published; the ring holds the last {@link #RING}. */
    private static volatile long published;
    private static List<GarbageCollectorMXBean> pauseCollectors;
    /**
     * nanoTime of "0 ms" on GcInfo's clock. GcInfo's times count from the JVM's management
     * start, which no public API reads (getUptime() counts from an earlier point), so the
     * offset is learnt: a notification arrives after its pause ended, so
     * {@code arrival - endTime} bounds the offset from above, and the smallest value seen is
     * the best estimate. Once the notification path is warm a notification arrives a few ms
     * after its pause, which is how late pauses are placed; the very first one can be tens of
     * ms late (class loading on the JVM side), and so can the first pause's placement.
     */
    private static long offsetNanos = Long.MAX_VALUE;

    private GcPauses() {}

    /** Start listening (once per JVM); later calls do nothing. */
    static synchronized void install() {
        if (pauseCollectors != null) return;
        java.util.Set<String> heap = new java.util.HashSet<>();
        for (java.lang.management.MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == java.lang.management.MemoryType.HEAP) heap.add(p.getName());
        }
        heapPools = heap;
        List<GarbageCollectorMXBean> collectors = new ArrayList<>();
        NotificationListener listener = (n, handback) -> onNotification(n);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (isConcurrentCycleCollector(gc.getName())) continue;
            collectors.add(gc);
            if (gc instanceof NotificationEmitter emitter) emitter.addNotificationListener(listener, null, null);
        }
        pauseCollectors = collectors;
    }

    /** MXBeans that time whole concurrent cycles, not pauses. */
    static boolean isConcurrentCycleCollector(String name) {
        return name.endsWith("Cycles");
    }

    private static synchronized void onNotification(Notification n) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        long arrival = System.nanoTime();
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        GcInfo gi = info.getGcInfo();
        offsetNanos = Math.min(offsetNanos, arrival - gi.getEndTime() * 1_000_000L);
        // GcInfo's times are whole ms: the pause may end up to 1 ms after its end time.
        long startNanos = offsetNanos + gi.getStartTime() * 1_000_000L;
        long endNanos = offsetNanos + (gi.getEndTime() + 1) * 1_000_000L;
        publish(new Pause(info.getGcName(), info.getGcAction(), startNanos, endNanos, gi.getDuration()));
        long heapAfter = 0;
        for (java.util.Map.Entry<String, java.lang.management.MemoryUsage> e : gi.getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) heapAfter += e.getValue().getUsed();
        }
        heapAfterLastGc = heapAfter;
    }

    /** The heap pools' names: GcInfo reports every pool after a collection, non-heap ones too. */
    private static java.util.Set<String> heapPools = java.util.Set.of();
    /** Heap in use right after the last collection (0 before the first): roughly the live data. */
    private static volatile long heapAfterLastGc;

    /** Heap in use right after the last stop-the-world collection, or 0 if none was seen yet. */
    static long heapAfterLastGc() {
        return heapAfterLastGc;
    }

    /** Add one pause to the ring (the notification thread; also tests). */
    static synchronized void publish(Pause p) {
        long seq = published;
        ring[(int) (seq % RING)] = p;
        published = seq + 1; // the volatile write publishes the slot written above
    }

    /** The sequence number the next pause will get: pauses [cursor, published()) are new to a reader at cursor. */
    static long published() {
        return published;
    }

    /** Pause number {@code seq}, or null once the ring has overwritten it. */
    static Pause get(long seq) {
        if (seq < published - RING || seq >= published) return null;
        return ring[(int) (seq % RING)];
    }

    /** {collections, total ms} over the pause collectors since the JVM started. */
    static long[] totals() {
        long count = 0, timeMs = 0;
        List<GarbageCollectorMXBean> collectors = pauseCollectors;
        if (collectors == null) return new long[2];
        for (GarbageCollectorMXBean gc : collectors) {
            count += Math.max(0, gc.getCollectionCount());
            timeMs += Math.max(0, gc.getCollectionTime());
        }
        return new long[]{count, timeMs};
    }
}
