package io.aeredis.commands;

import java.util.ArrayList;
import java.util.List;

/**
 * One database: Redis's {@code redisDb} (db.c) with its main dict and its expires dict, keyed
 * by binary-safe byte[] keys. The expires dict stores the very key array of the main dict's
 * entry (like Redis shares the sds), with the unix time in ms as a primitive long.
 *
 * <p>Values: {@code byte[]} is a string; later types add their own classes. A value stored in
 * the db belongs to the db alone (never shared with another key or with a reply), so commands
 * may change it in place (SETRANGE does); COPY duplicates it ({@link #dupValue}).
 *
 * <p>Expiry follows 7.0: a key whose time is strictly before {@code server.mstime} is expired;
 * reading or writing it deletes it first (lazy expiry, {@link #expireIfNeeded}), and
 * {@link #activeExpireCycle} reclaims the rest from serverCron.
 */
public final class Db {
    // lookupKey flags (LOOKUP_*)
    public static final int LOOKUP_NONE = 0;
    /** Don't update the LRU/LFU clock. */
    public static final int LOOKUP_NOTOUCH = 1;
    /** Don't fire the keymiss event. */
    public static final int LOOKUP_NONOTIFY = 1 << 1;
    /** Don't count keyspace hits/misses. */
    public static final int LOOKUP_NOSTATS = 1 << 2;
    /** The lookup is for a write: no stats, no keymiss event. */
    public static final int LOOKUP_WRITE = 1 << 3;

    /** ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP. */
    static final int ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP = 20;
    /** ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE: % of stale keys after which a db is sampled again. */
    static final int ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE = 10;

    public final int id;
    final RedisCore server;
    /** The keyspace: key -&gt; value. Swapped wholesale by SWAPDB. */
    Dict dict = new Dict(false);
    /** Keys with a TTL: key (same array as in dict) -&gt; unix time in ms. */
    Dict expires = new Dict(true);
    /** blocking_keys: key -&gt; ArrayDeque of clients blocked on it, in arrival order. */
    final Dict blockingKeys = new Dict(false);
    /** ready_keys: keys already queued in the server's ready list this round. */
    final Dict readyKeys = new Dict(false);
    /** watched_keys: key -&gt; list of clients WATCHing it (owned by the server's multi.c port). */
    public final Dict watchedKeys = new Dict(false);
    /** avg_ttl: running average of the TTLs seen by the expire cycle. */
    long avgTtl;
    /** expires_cursor: where activeExpireCycle continues in the expires table. */
    long expiresCursor;

    // Results of the last activeExpireCycle call, read by RedisCore's outer loop.
    long lastCycleSampled;
    long lastCycleExpired;
    boolean lastCycleHitTimeLimit;
    /** The loop counter where the last call stopped: the every-16-loops time check spans dbs. */
    int lastIteration;

    Db(int id, RedisCore server) {
        this.id = id;
        this.server = server;
    }

    // ------------------------------------------------------------------ lookups

    /**
     * lookupKey: the value, or null when missing or expired (an expired key is deleted here).
     * Counts keyspace hits/misses unless {@code flags} has LOOKUP_NOSTATS or LOOKUP_WRITE.
     */
    public Object lookupKey(byte[] key, int flags) {
        Dict.Entry de = dict.find(key);
        Object val = null;
        if (de != null) {
            Dict.ValEntry ve = (Dict.ValEntry) de;
            val = ve.val;
            if (expires.size() > 0 && expireIfNeeded(key)) {
                val = null;
            } else if ((flags & LOOKUP_NOTOUCH) == 0) {
                ve.lru = RedisCore.lruClock;
            }
        }
        if (val != null) {
            if ((flags & (LOOKUP_NOSTATS | LOOKUP_WRITE)) == 0) server.statKeyspaceHits++;
        } else {
            if ((flags & (LOOKUP_NONOTIFY | LOOKUP_WRITE)) == 0) {
                server.notifyKeyspaceEvent(RedisCore.NOTIFY_KEY_MISS, "keymiss", key, id);
            }
            if ((flags & (LOOKUP_NOSTATS | LOOKUP_WRITE)) == 0) server.statKeyspaceMisses++;
        }
        return val;
    }

    /** lookupKeyRead: null if missing or expired (expiring it), counts hits/misses. */
    public Object lookupKeyRead(byte[] key) {
        return lookupKey(key, LOOKUP_NONE);
    }

    /** lookupKeyReadWithFlags. */
    public Object lookupKeyReadWithFlags(byte[] key, int flags) {
        return lookupKey(key, flags);
    }

    /** lookupKeyWrite: null if missing or expired (expiring it). */
    public Object lookupKeyWrite(byte[] key) {
        return lookupKey(key, LOOKUP_WRITE);
    }

    /**
     * objectGetLRU for OBJECT IDLETIME: the LRU clock of the key's last access, or -1 if the
     * key is missing. Does not touch the key.
     */
    public int objectLru(byte[] key) {
        Dict.Entry de = dict.find(key);
        return de == null ? -1 : ((Dict.ValEntry) de).lru;
    }

    /** dbExists: whether the key is in the dict, expired or not. */
    public boolean exists(byte[] key) {
        return dict.find(key) != null;
    }

    // ------------------------------------------------------------------ writes

    /**
     * dbAdd: adds a key that must not exist (the key array is kept by reference). Like Redis,
     * a new list or sorted set signals the key as ready for clients blocked on it.
     */
    public void add(byte[] key, Object val) {
        dict.put(key, val);
        if (val instanceof RedisValue v && (v.type() == RedisValue.OBJ_LIST || v.type() == RedisValue.OBJ_ZSET)) {
            server.blocking.signalKeyAsReady(this, key, v.type());
        }
    }

    /** dbOverwrite: replaces the value of an existing key, keeping its TTL and key array. */
    public void overwrite(byte[] key, Object val) {
        dict.put(key, val);
    }

    /** setKey: add or overwrite, removing any TTL unless keepTtl. */
    public void setKey(byte[] key, Object val, boolean keepTtl) {
        // setKey looks the key up for writing first, so an expired key is deleted (counted as
        // expired) and KEEPTTL cannot resurrect its old TTL.
        if (expires.size() > 0) {
            Dict.Entry te = expires.find(key);
            if (te != null) {
                if (keyIsExpired(((Dict.LongEntry) te).val)) {
                    deleteExpiredKeyAndPropagate(key);
                } else if (!keepTtl) {
                    expires.delete(key);
                }
            }
        }
        dict.put(key, val);
    }

    /** dbSyncDelete / dbGenericDelete: true if the key existed. */
    public boolean delete(byte[] key) {
        Dict.Entry de = dict.unlink(key);
        if (de == null) return false;
        // Deleting an entry from the expires dict will not free the sds of the key, because it
        // is shared with the main dictionary.
        if (expires.size() > 0) expires.delete(key);
        return true;
    }

    public long size() {
        return dict.size();
    }

    public long expiresSize() {
        return expires.size();
    }

    /** avg_ttl, for INFO keyspace. */
    public long avgTtl() {
        return avgTtl;
    }

    // ------------------------------------------------------------------ expires

    /** setExpire with an absolute unix time in ms. The key must exist. */
    public void setExpire(byte[] key, long whenMs) {
        Dict.Entry kde = dict.find(key);
        if (kde == null) throw new IllegalStateException("setExpire on a missing key");
        // Reuse the main dict's key array so both tables share it.
        expires.putLong(kde.key, whenMs);
    }

    /** getExpire: absolute ms or -1. */
    public long getExpire(byte[] key) {
        if (expires.size() == 0) return -1;
        return expires.getLong(key, -1);
    }

    /** removeExpire: true if the key had a TTL. */
    public boolean removeExpire(byte[] key) {
        if (expires.size() == 0) return false;
        return expires.delete(key);
    }

    /** keyIsExpired: the key has a TTL that has passed (never while loading). */
    public boolean keyIsExpired(byte[] key) {
        long when = getExpire(key);
        if (when < 0) return false;
        return keyIsExpired(when);
    }

    private boolean keyIsExpired(long when) {
        if (server.loading) return false;
        return server.mstime > when;
    }

    /**
     * expireIfNeeded: if the key is logically expired, delete it (counting
     * stat_expiredkeys) and return true.
     */
    public boolean expireIfNeeded(byte[] key) {
        if (!keyIsExpired(key)) return false;
        // Paused (CLIENT PAUSE): the key reads as expired but stays until the pause ends.
        if (server.checkClientPauseTimeoutAndReturnIfPaused()) return true;
        deleteExpiredKeyAndPropagate(key);
        return true;
    }

    /** deleteExpiredKeyAndPropagate. */
    void deleteExpiredKeyAndPropagate(byte[] key) {
        delete(key);
        server.notifyKeyspaceEvent(RedisCore.NOTIFY_EXPIRED, "expired", key, id);
        server.signalModifiedKey(null, this, key);
        server.propagateDeletion(this, key);
        server.statExpiredKeys++;
    }

    /**
     * One activeExpireCycle pass over this db (the body of the per-db loop of
     * ACTIVE_EXPIRE_CYCLE_SLOW): repeatedly walk up to 20 keys of the expires table from
     * {@code expires_cursor} (scanning at most 20 buckets per wanted key), delete the expired
     * ones, and go again while more than 10% of the sampled keys were expired and
     * {@code timeLimitMicros} has not run out (checked every 16 loops, as Redis does). Uses
     * {@code server.mstime} as "now". Returns the keys expired.
     */
    public long activeExpireCycle(long timeLimitMicros) {
        return activeExpireCycle(System.nanoTime(), timeLimitMicros, 0);
    }

    /**
     * The per-db loop with the caller's start time and iteration count, so that RedisCore can
     * share one time budget between databases.
     */
    long activeExpireCycle(long startNanos, long timeLimitMicros, int iteration) {
        long effort = Math.max(0, Math.min(9, server.activeExpireEffort - 1));
        long keysPerLoop = ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP + ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP / 4 * effort;
        long acceptableStale = ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE - effort;
        long totalExpired = 0;
        long totalSampled = 0;
        lastCycleHitTimeLimit = false;
        long expired;
        long sampled;
        do {
            iteration++;
            long num = expires.size();
            if (num == 0) {
                avgTtl = 0;
                break;
            }
            long slots = expires.slots();
            long now = server.mstime;
            // A table under 1% full is expensive to sample: wait for it to be resized.
            if (slots > Dict.HT_INITIAL_SIZE && num * 100 / slots < 1) break;

            expired = 0;
            sampled = 0;
            long ttlSum = 0;
            int ttlSamples = 0;
            if (num > keysPerLoop) num = keysPerLoop;
            // Empty buckets are cheap to skip, so allow many more buckets than keys.
            long maxBuckets = num * 20;
            long checkedBuckets = 0;
            while (sampled < num && checkedBuckets < maxBuckets) {
                for (int table = 0; table < 2; table++) {
                    if (table == 1 && !expires.isRehashing()) break;
                    Dict.Entry de = expires.bucketAt(table, expiresCursor);
                    checkedBuckets++;
                    while (de != null) {
                        Dict.Entry e = de;
                        de = de.next;
                        long when = ((Dict.LongEntry) e).val;
                        long ttl = when - now;
                        if (now > when) {
                            deleteExpiredKeyAndPropagate(e.key);
                            expired++;
                        }
                        if (ttl > 0) {
                            ttlSum += ttl;
                            ttlSamples++;
                        }
                        sampled++;
                    }
                }
                expiresCursor++;
            }
            totalExpired += expired;
            totalSampled += sampled;

            if (ttlSamples > 0) {
                long avg = ttlSum / ttlSamples;
                // Running average: 2% weight to this sample.
                if (avgTtl == 0) avgTtl = avg;
                avgTtl = (avgTtl / 50) * 49 + (avg / 50);
            }

            if ((iteration & 0xf) == 0) {
                long elapsedMicros = (System.nanoTime() - startNanos) / 1000;
                if (elapsedMicros > timeLimitMicros) {
                    lastCycleHitTimeLimit = true;
                    server.statExpiredTimeCapReachedCount++;
                    break;
                }
            }
            // Repeat while the share of stale keys sampled is above the acceptable level.
        } while (sampled == 0 || (expired * 100 / sampled) > acceptableStale);
        lastCycleExpired = totalExpired;
        lastCycleSampled = totalSampled;
        lastIteration = iteration;
        return totalExpired;
    }

    // ------------------------------------------------------------------ whole-db operations

    /** emptyDb for this db: returns the number of keys removed. */
    public long empty() {
        long removed = dict.size();
        dict.clear();
        expires.clear();
        avgTtl = 0;
        expiresCursor = 0;
        return removed;
    }

    /**
     * dbSwapDatabases for one pair: exchanges the keyspaces (dict, expires, avg_ttl,
     * expires_cursor) while ids, and the clients pointing at each Db, stay where they are.
     */
    public void swap(Db other) {
        Dict d = dict;
        dict = other.dict;
        other.dict = d;
        Dict e = expires;
        expires = other.expires;
        other.expires = e;
        long a = avgTtl;
        avgTtl = other.avgTtl;
        other.avgTtl = a;
        long cur = expiresCursor;
        expiresCursor = other.expiresCursor;
        other.expiresCursor = cur;
    }

    /**
     * dbRandomKey: a random key that is not expired (expired ones met on the way are deleted),
     * or null when the db is empty.
     */
    public byte[] randomKey() {
        while (true) {
            Dict.Entry de = dict.getFairRandomKey();
            if (de == null) return null;
            byte[] key = de.key;
            if (expires.size() > 0 && expires.find(key) != null) {
                if (expireIfNeeded(key)) continue; // this one expired: try another
            }
            return key;
        }
    }

    /** dictScan over the keyspace; see {@link Dict#scan}. */
    public long scan(long cursor, Dict.ScanFunction fn) {
        return dict.scan(cursor, fn);
    }

    /** A safe iterator over the keyspace (close it). */
    public Dict.Iterator iterator() {
        return dict.iterator();
    }

    /** All keys, expired or not, in dict order (tests and tools). */
    public List<byte[]> keys() {
        List<byte[]> out = new ArrayList<>((int) Math.min(dict.size(), Integer.MAX_VALUE - 8));
        try (Dict.Iterator it = dict.iterator()) {
            for (Dict.Entry e = it.next(); e != null; e = it.next()) out.add(e.key);
        }
        return out;
    }

    /** tryResizeHashTables (server.c) for this db: shrink tables that are under 10% full. */
    public void tryResizeHashTables() {
        if (dict.needsResize()) dict.resize();
        if (expires.needsResize()) expires.resize();
    }

    /**
     * incrementallyRehash (server.c): spend about 1 ms rehashing the main dict, or else the
     * expires dict. True if some rehashing was done.
     */
    public boolean incrementallyRehash() {
        if (dict.isRehashing()) {
            dict.rehashMilliseconds(1);
            return true;
        }
        if (expires.isRehashing()) {
            expires.rehashMilliseconds(1);
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ value helpers

    /** getObjectTypeName: the TYPE reply for a value; "none" for null. */
    public static String typeName(Object val) {
        if (val == null) return "none";
        if (val instanceof byte[]) return "string";
        if (val instanceof RedisValue v) {
            return switch (v.type()) {
                case RedisValue.OBJ_LIST -> "list";
                case RedisValue.OBJ_SET -> "set";
                case RedisValue.OBJ_ZSET -> "zset";
                case RedisValue.OBJ_HASH -> "hash";
                default -> "unknown";
            };
        }
        return "unknown";
    }

    /**
     * The duplicate COPY stores (dupStringObject and friends): the db owns its values, so a
     * copy must not share a mutable array. Null for a type that cannot be copied.
     */
    public static Object dupValue(Object val) {
        if (val instanceof byte[] b) return b.clone();
        if (val instanceof RedisValue v) return v.dup();
        return null;
    }
}
