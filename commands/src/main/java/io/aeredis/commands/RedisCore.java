package io.aeredis.commands;

/**
 * The slice of Redis's global {@code struct redisServer} that commands use: the databases,
 * the cached clock, the command table, stats counters and the config values commands read.
 * The server module owns one and updates the config fields on CONFIG SET.
 *
 * <p>It also holds the keyspace hooks commands call where Redis does
 * ({@link #signalModifiedKey}, {@link #notifyKeyspaceEvent}, {@link #propagateDeletion}):
 * no-ops here, for WATCH, keyspace notifications and replication to fill in (override them).
 * And the cron parts that belong to the keyspace: {@link #activeExpireCycle()} and
 * {@link #databasesCron()}, for serverCron to call.
 */
public class RedisCore {
    public static final int DEFAULT_DBNUM = 16;

    // NOTIFY_* classes of keyspace events (server.h)
    public static final int NOTIFY_KEYSPACE = 1;
    public static final int NOTIFY_KEYEVENT = 1 << 1;
    public static final int NOTIFY_GENERIC = 1 << 2;
    public static final int NOTIFY_STRING = 1 << 3;
    public static final int NOTIFY_LIST = 1 << 4;
    public static final int NOTIFY_SET = 1 << 5;
    public static final int NOTIFY_HASH = 1 << 6;
    public static final int NOTIFY_ZSET = 1 << 7;
    public static final int NOTIFY_EXPIRED = 1 << 8;
    public static final int NOTIFY_EVICTED = 1 << 9;
    public static final int NOTIFY_STREAM = 1 << 10;
    public static final int NOTIFY_KEY_MISS = 1 << 11;
    public static final int NOTIFY_LOADED = 1 << 12;
    public static final int NOTIFY_MODULE = 1 << 13;
    public static final int NOTIFY_NEW = 1 << 14;
    /** NOTIFY_ALL: "A" in notify-keyspace-events. */
    public static final int NOTIFY_ALL = NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH
            | NOTIFY_ZSET | NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE;

    /** LRU_CLOCK_MAX: the 24-bit LRU clock wraps here. */
    public static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    /** LRU_CLOCK_RESOLUTION in ms. */
    public static final int LRU_CLOCK_RESOLUTION = 1000;
    /**
     * server.lruclock: seconds, 24 bits, refreshed with the cached time. Static because new
     * dict entries read it without a server at hand; it is only ever the wall clock.
     */
    public static volatile int lruClock = lruClockNow(System.currentTimeMillis());

    /** CRON_DBS_PER_CALL. */
    static final int CRON_DBS_PER_CALL = 16;
    /** ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC: max % of CPU the slow expire cycle may use. */
    static final int ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC = 25;

    public final CommandTable commands;
    private final Db[] dbs;
    /** Blocked clients and ready keys (blocked.c). */
    public final Blocking blocking = new Blocking(this);

    /** server.mstime / server.unixtime: refreshed by the server before each command (updateCachedTime). */
    public long mstime;

    // --- config read by commands (server.c names)
    public long protoMaxBulkLen = 512L * 1024 * 1024;
    /** hz: serverCron calls per second, which sizes the expire cycle's time budget. */
    public int hz = 10;
    /** active-expire-effort (1..10). */
    public int activeExpireEffort = 1;
    /** activerehashing: databasesCron spends 1 ms per call rehashing. */
    public boolean activeRehashing = true;
    /** server.loading: while true keys never count as expired. */
    public boolean loading;

    // --- encoding thresholds (CONFIG SET mirrors them here), Redis 7.0 defaults
    /** list-max-listpack-size: positive = max entries per quicklist node, -1..-5 = 4..64 KB per node. */
    public int listMaxListpackSize = -2;
    /** list-compress-depth (accepted, nodes are never compressed here). */
    public int listCompressDepth = 0;
    public long hashMaxListpackEntries = 128;
    public long hashMaxListpackValue = 64;
    public long setMaxIntsetEntries = 512;
    public long zsetMaxListpackEntries = 128;
    public long zsetMaxListpackValue = 64;
    /** notify-keyspace-events as NOTIFY_* flags; 0 = off. */
    public int notifyKeyspaceEvents = 0;

    // --- stats (INFO stats)
    public long statKeyspaceHits;
    public long statKeyspaceMisses;
    public long statExpiredKeys;
    /** stat_expired_stale_perc: running estimate of logically expired keys still in memory. */
    public double statExpiredStalePerc;
    /** stat_expired_time_cap_reached_count. */
    public long statExpiredTimeCapReachedCount;
    /** stat_expire_cycle_time_used, in microseconds. */
    public long statExpireCycleTimeUsed;
    /** server.dirty: changes since the last save. */
    public long dirty;

    // activeExpireCycle's statics
    private int expireCurrentDb;
    private boolean expireTimelimitExit;
    // databasesCron's statics
    private int resizeDb;
    private int rehashDb;

    public RedisCore(int dbnum) {
        this.commands = new CommandTable();
        this.dbs = new Db[dbnum];
        for (int i = 0; i < dbnum; i++) dbs[i] = new Db(i, this);
        this.mstime = System.currentTimeMillis();
    }

    public int dbnum() { return dbs.length; }
    public Db db(int id) { return dbs[id]; }

    /** updateCachedTime(), which also refreshes the LRU clock. */
    public void updateCachedTime() {
        mstime = System.currentTimeMillis();
        int lru = lruClockNow(mstime);
        if (lru != lruClock) lruClock = lru;
    }

    /** getLRUClock() for a given time. */
    public static int lruClockNow(long ms) {
        return (int) ((ms / LRU_CLOCK_RESOLUTION) & LRU_CLOCK_MAX);
    }

    /** estimateObjectIdleTime: ms since the access recorded in {@code lru}. */
    public static long estimateObjectIdleTime(int lru) {
        int now = lruClock;
        if (now >= lru) return (long) (now - lru) * LRU_CLOCK_RESOLUTION;
        return (long) (now + (LRU_CLOCK_MAX - lru)) * LRU_CLOCK_RESOLUTION;
    }

    // ------------------------------------------------------------------ hooks

    /** signalModifiedKey: WATCH invalidation and client tracking. {@code c} may be null. */
    public void signalModifiedKey(Client c, Db db, byte[] key) {}

    /** notifyKeyspaceEvent. */
    public void notifyKeyspaceEvent(int type, String event, byte[] key, int dbid) {}

    /** propagateDeletion: replicate/AOF the DEL of a key that expired. */
    public void propagateDeletion(Db db, byte[] key) {}

    /**
     * touchAllWatchedKeysInDb for FLUSHDB/FLUSHALL/SWAPDB ({@code dbid} -1 = every db;
     * {@code other} is the db swapped with, or null): WATCH invalidation.
     */
    public void touchAllWatchedKeysInDb(Db db, Db other) {}

    /**
     * The server's half of getMemoryOverheadData (MEMORY STATS, MEMORY DOCTOR): heap figures,
     * clients, script caches, startup and peak use, RSS. Without a server, only the JVM's.
     */
    public void memoryOverheadServer(MemoryOverhead mh) {
        mh.jvmFigures();
    }

    // ------------------------------------------------------------------ whole-keyspace operations

    /** emptyData(dbnum, ...): empties one db, or all with -1; returns keys removed. */
    public long emptyData(int dbnum) {
        long removed = 0;
        // signalFlushedDb: WATCHed keys that exist are touched before they go.
        if (dbnum == -1) {
            for (Db db : dbs) touchAllWatchedKeysInDb(db, null);
        } else {
            touchAllWatchedKeysInDb(dbs[dbnum], null);
        }
        if (dbnum == -1) {
            for (Db db : dbs) removed += db.empty();
        } else {
            removed = dbs[dbnum].empty();
        }
        return removed;
    }

    /**
     * flushAllDataAndResetRDB: empties every db (dirty += keys removed), lets persistence
     * react ({@link #afterFlushAll()}, where Redis saves an empty RDB when save points are
     * configured, resetting dirty), then counts the flush itself (dirty++).
     */
    public void flushAllDataAndResetRDB() {
        dirty += emptyData(-1);
        afterFlushAll();
        dirty++;
    }

    /** Hook: Redis kills a saving child and, with save points configured, rdbSave()s here. */
    protected void afterFlushAll() {}

    /** dbSwapDatabases: false if an id is out of range. */
    public boolean swapDatabases(int id1, int id2) {
        if (id1 < 0 || id1 >= dbs.length || id2 < 0 || id2 >= dbs.length) return false;
        if (id1 == id2) return true;
        // Clients watching keys in either db must see the swap as a touch of those keys.
        touchAllWatchedKeysInDb(dbs[id1], dbs[id2]);
        touchAllWatchedKeysInDb(dbs[id2], dbs[id1]);
        dbs[id1].swap(dbs[id2]);
        // Clients blocked on a key of either db may now find it.
        blocking.scanDatabaseForReadyKeys(dbs[id1]);
        blocking.scanDatabaseForReadyKeys(dbs[id2]);
        return true;
    }

    // ------------------------------------------------------------------ cron

    /**
     * checkClientPauseTimeoutAndReturnIfPaused (networking.c): whether CLIENT PAUSE is on, ending
     * it if its time is over. While paused no key expires. The server overrides it.
     */
    public boolean checkClientPauseTimeoutAndReturnIfPaused() {
        return false;
    }

    /**
     * activeExpireCycle(ACTIVE_EXPIRE_CYCLE_SLOW) (expire.c): visit up to 16 dbs round robin,
     * expiring keys within 25% of a cron period (1000000/hz microseconds), with every db if the
     * previous call ran out of time. Returns the keys expired.
     */
    public long activeExpireCycle() {
        // Keys do not expire while clients are paused (CLIENT PAUSE).
        if (checkClientPauseTimeoutAndReturnIfPaused()) return 0;
        long effort = Math.max(0, Math.min(9, activeExpireEffort - 1));
        long slowTimePerc = ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC + 2 * effort;
        int dbsPerCall = CRON_DBS_PER_CALL;
        long start = System.nanoTime();
        if (dbsPerCall > dbs.length || expireTimelimitExit) dbsPerCall = dbs.length;
        long timelimit = slowTimePerc * 1_000_000 / Math.max(1, hz) / 100;
        if (timelimit <= 0) timelimit = 1;
        expireTimelimitExit = false;

        long totalSampled = 0;
        long totalExpired = 0;
        int iteration = 0;
        for (int j = 0; j < dbsPerCall && !expireTimelimitExit; j++) {
            Db db = dbs[Integer.remainderUnsigned(expireCurrentDb, dbs.length)];
            // Move on now, so that running out of time in this db restarts at the next one.
            expireCurrentDb++;
            db.activeExpireCycle(start, timelimit, iteration);
            iteration = db.lastIteration;
            totalExpired += db.lastCycleExpired;
            totalSampled += db.lastCycleSampled;
            if (db.lastCycleHitTimeLimit) expireTimelimitExit = true;
        }
        statExpireCycleTimeUsed += (System.nanoTime() - start) / 1000;
        double currentPerc = totalSampled > 0 ? (double) totalExpired / totalSampled : 0;
        statExpiredStalePerc = currentPerc * 0.05 + statExpiredStalePerc * 0.95;
        return totalExpired;
    }

    /**
     * databasesCron (server.c), keyspace part: the slow expire cycle, then resize under-filled
     * hash tables of up to 16 dbs and, with activerehashing, rehash for 1 ms in the first db
     * that is rehashing. serverCron calls it hz times per second (there are no fork children
     * here, so resizing is always allowed).
     */
    public void databasesCron() {
        activeExpireCycle();
        int dbsPerCall = Math.min(CRON_DBS_PER_CALL, dbs.length);
        for (int j = 0; j < dbsPerCall; j++) {
            dbs[resizeDb % dbs.length].tryResizeHashTables();
            resizeDb++;
        }
        if (activeRehashing) {
            for (int j = 0; j < dbsPerCall; j++) {
                boolean work = dbs[rehashDb].incrementallyRehash();
                if (work) break; // already used our millisecond for this loop
                rehashDb = (rehashDb + 1) % dbs.length;
            }
        }
    }
}
