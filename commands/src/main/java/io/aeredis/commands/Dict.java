package io.aeredis.commands;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port of Redis 7.0's dict.c: a chained hash table with power-of-two tables, keyed by
 * binary-safe {@code byte[]} (compared with {@link Arrays#equals(byte[], byte[])}).
 *
 * <p>Like Redis it keeps two tables and rehashes <em>incrementally</em>: once a resize starts,
 * every lookup, insert and delete moves one bucket from table 0 to table 1 ({@code
 * _dictRehashStep}), and {@link #rehashMilliseconds(int)} lets the cron move more. Iterators
 * and {@link #scan} pause rehashing while they run. Growth happens on insert when the load
 * factor reaches 1 ({@code _dictExpandIfNeeded}); shrinking is the caller's job, as in Redis
 * where serverCron calls {@code htNeedsResize}/{@code dictResize}: see {@link #needsResize()}
 * and {@link #resize()}.
 *
 * <p>A dict holds either Object values ({@link ValEntry}, the keyspace) or primitive long
 * values ({@link LongEntry}, the expires table, like Redis's {@code dictGetSignedIntegerVal}),
 * chosen at construction. Both entry kinds are 32 bytes with compressed oops: key, cached hash,
 * next, value. Lookups never allocate.
 *
 * <p>Not thread-safe: like Redis, it is only touched by the thread that runs commands.
 */
public final class Dict {
    /** DICT_HT_INITIAL_SIZE. */
    public static final int HT_INITIAL_SIZE = 4;
    /** HASHTABLE_MIN_FILL (server.h): below this percentage of fill a table should shrink. */
    public static final int HASHTABLE_MIN_FILL = 10;
    /** Java arrays stop at 2^31-1 elements: tables never grow past 2^30 buckets. */
    static final int MAX_TABLE_SIZE = 1 << 30;

    /** A dict entry: the key, its hash and the bucket chain link. */
    public abstract static class Entry {
        public final byte[] key;
        final int hash;
        Entry next;

        Entry(byte[] key, int hash) {
            this.key = key;
            this.hash = hash;
        }
    }

    /** Entry of an Object-valued dict. */
    public static final class ValEntry extends Entry {
        public Object val;
        /**
         * The robj's lru field: the LRU clock (seconds, 24 bits) of the last access, for
         * OBJECT IDLETIME. It fills the padding of the 32-byte entry, so it costs nothing.
         */
        public int lru;

        ValEntry(byte[] key, int hash) {
            super(key, hash);
            this.lru = RedisCore.lruClock;
        }
    }

    /** Entry of a long-valued dict (the expires table: unix time in ms). */
    public static final class LongEntry extends Entry {
        public long val;

        LongEntry(byte[] key, int hash) {
            super(key, hash);
        }
    }

    /** dictScanFunction. */
    @FunctionalInterface
    public interface ScanFunction {
        void visit(Entry e);
    }

    private final boolean longValues;
    // ht_table[0..1], ht_used[0..1]; a null table has size 0.
    Entry[] t0;
    Entry[] t1;
    long used0;
    long used1;
    /** rehashidx: -1 when not rehashing, else the next bucket of t0 to move. */
    int rehashIdx = -1;
    /** pauserehash: &gt; 0 while safe iterators or scans run. */
    int pauseRehash;

    /** Creates an Object-valued dict, or a long-valued one when {@code longValues}. */
    public Dict(boolean longValues) {
        this.longValues = longValues;
    }

    public boolean isLongValued() { return longValues; }

    /** dictSize. */
    public long size() { return used0 + used1; }

    /** dictSlots: buckets in both tables. */
    public long slots() { return len(t0) + len(t1); }

    /** dictIsRehashing. */
    public boolean isRehashing() { return rehashIdx != -1; }

    /**
     * Heap bytes of one entry, either kind (see {@link HeapSize}): key, hash, next and the
     * value (a reference plus the lru int, or a long). Redis's counterpart is sizeof(dictEntry).
     */
    public static final long ENTRY_BYTES = HeapSize.object(4 * HeapSize.REF + 4);

    /**
     * Heap bytes of the dict itself and its bucket arrays, without the entries: Redis's
     * {@code sizeof(dict) + dictSlots(d) * sizeof(dictEntry*)}.
     */
    public long tableBytes() {
        long bytes = HeapSize.object(1 + 2 * HeapSize.REF + 2 * 8 + 2 * 4);
        if (t0 != null) bytes += HeapSize.refArray(t0.length);
        if (t1 != null) bytes += HeapSize.refArray(t1.length);
        return bytes;
    }

    private static int len(Entry[] t) { return t == null ? 0 : t.length; }

    // ------------------------------------------------------------------ hashing

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Per-process random seed, like Redis's dictSetHashFunctionSeed at startup. */
    private static final long SEED = ThreadLocalRandom.current().nextLong() ^ System.nanoTime();
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    /**
     * The hash of a key: a seeded 64-bit multiply/rotate mix over 8-byte words (murmur3-style
     * block mixing with the murmur3 finalizer), folded to 32 bits. Redis uses SipHash; this is
     * faster but not designed to resist deliberate collision attacks.
     */
    public static int hash(byte[] key) {
        int n = key.length;
        long h = SEED ^ (n * 0x9E3779B97F4A7C15L);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long k = (long) LONG_LE.get(key, i);
            k *= C1;
            k = Long.rotateLeft(k, 31);
            k *= C2;
            h ^= k;
            h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
        }
        if (i < n) {
            long k = 0;
            for (int shift = 0; i < n; i++, shift += 8) k |= (key[i] & 0xffL) << shift;
            k *= C1;
            k = Long.rotateLeft(k, 31);
            k *= C2;
            h ^= k;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }

    // ------------------------------------------------------------------ lookup

    /** dictFind: the entry for {@code key}, or null. */
    public Entry find(byte[] key) {
        if (used0 + used1 == 0) return null;
        if (rehashIdx != -1) rehashStep();
        int h = hash(key);
        Entry e = bucket(t0, h);
        while (e != null) {
            if (e.hash == h && Arrays.equals(e.key, key)) return e;
            e = e.next;
        }
        if (rehashIdx == -1) return null;
        e = bucket(t1, h);
        while (e != null) {
            if (e.hash == h && Arrays.equals(e.key, key)) return e;
            e = e.next;
        }
        return null;
    }

    private static Entry bucket(Entry[] t, int h) {
        return t == null ? null : t[h & (t.length - 1)];
    }

    /** dictFetchValue for an Object-valued dict: the value or null. */
    public Object get(byte[] key) {
        Entry e = find(key);
        return e == null ? null : ((ValEntry) e).val;
    }

    /** dictFetchValue for a long-valued dict: the value, or {@code missing}. */
    public long getLong(byte[] key, long missing) {
        Entry e = find(key);
        return e == null ? missing : ((LongEntry) e).val;
    }

    public boolean containsKey(byte[] key) { return find(key) != null; }

    // ------------------------------------------------------------------ insert

    /**
     * dictAddOrFind: the existing entry for {@code key}, or a new one holding {@code key}
     * (stored by reference, never copied) with a zero/null value.
     */
    public Entry addOrFind(byte[] key) {
        if (rehashIdx != -1) rehashStep();
        expandIfNeeded();
        int h = hash(key);
        Entry e = bucket(t0, h);
        while (e != null) {
            if (e.hash == h && Arrays.equals(e.key, key)) return e;
            e = e.next;
        }
        if (rehashIdx != -1) {
            e = bucket(t1, h);
            while (e != null) {
                if (e.hash == h && Arrays.equals(e.key, key)) return e;
                e = e.next;
            }
        }
        // New entries go to the table being filled while rehashing, like _dictKeyIndex.
        Entry n = longValues ? new LongEntry(key, h) : new ValEntry(key, h);
        if (rehashIdx != -1) {
            int idx = h & (t1.length - 1);
            n.next = t1[idx];
            t1[idx] = n;
            used1++;
        } else {
            int idx = h & (t0.length - 1);
            n.next = t0[idx];
            t0[idx] = n;
            used0++;
        }
        return n;
    }

    /** dictReplace for an Object-valued dict: returns the previous value or null. An existing entry keeps its key array. */
    public Object put(byte[] key, Object val) {
        ValEntry e = (ValEntry) addOrFind(key);
        Object old = e.val;
        e.val = val;
        return old;
    }

    /** dictReplace for a long-valued dict. */
    public void putLong(byte[] key, long val) {
        ((LongEntry) addOrFind(key)).val = val;
    }

    // ------------------------------------------------------------------ delete

    /** dictUnlink: removes and returns the entry for {@code key}, or null. */
    public Entry unlink(byte[] key) {
        if (used0 + used1 == 0) return null;
        if (rehashIdx != -1) rehashStep();
        int h = hash(key);
        for (int table = 0; table <= 1; table++) {
            Entry[] t = table == 0 ? t0 : t1;
            if (t != null) {
                int idx = h & (t.length - 1);
                Entry prev = null;
                for (Entry e = t[idx]; e != null; prev = e, e = e.next) {
                    if (e.hash == h && Arrays.equals(e.key, key)) {
                        if (prev == null) t[idx] = e.next;
                        else prev.next = e.next;
                        if (table == 0) used0--;
                        else used1--;
                        e.next = null;
                        return e;
                    }
                }
            }
            if (rehashIdx == -1) break;
        }
        return null;
    }

    /** dictDelete: true if the key was there. */
    public boolean delete(byte[] key) {
        return unlink(key) != null;
    }

    /** dictEmpty: drops both tables. */
    public void clear() {
        t0 = null;
        t1 = null;
        used0 = 0;
        used1 = 0;
        rehashIdx = -1;
    }

    // ------------------------------------------------------------------ resizing

    /** _dictNextExp: the smallest power of two &gt;= size (at least 4, at most 2^30). */
    private static int nextPower(long size) {
        if (size >= MAX_TABLE_SIZE) return MAX_TABLE_SIZE;
        int s = HT_INITIAL_SIZE;
        while (s < size) s <<= 1;
        return s;
    }

    /** _dictExpandIfNeeded: grow when the load factor reaches 1. */
    private void expandIfNeeded() {
        if (rehashIdx != -1) return;
        if (t0 == null) {
            expand(HT_INITIAL_SIZE);
        } else if (used0 >= t0.length) {
            expand(used0 + 1);
        }
    }

    /**
     * dictExpand: starts an incremental rehash into a table of the next power of two &gt;=
     * {@code size} (the first table is simply allocated). False if rehashing already, if the
     * size could not hold the elements, or if nothing would change.
     */
    public boolean expand(long size) {
        if (rehashIdx != -1 || used0 > size) return false;
        int n = nextPower(size);
        if (t0 != null && n == t0.length) return false;
        Entry[] t = new Entry[n];
        if (t0 == null) {
            t0 = t;
            return true;
        }
        t1 = t;
        rehashIdx = 0;
        return true;
    }

    /** htNeedsResize (server.c): more than 4 slots and under 10% full. */
    public boolean needsResize() {
        long size = slots();
        long used = size();
        return size > HT_INITIAL_SIZE && used * 100 / size < HASHTABLE_MIN_FILL;
    }

    /** dictResize: shrink (or grow) to the smallest table holding all elements, at least 4. */
    public boolean resize() {
        if (rehashIdx != -1) return false;
        long minimal = Math.max(used0, HT_INITIAL_SIZE);
        return expand(minimal);
    }

    /**
     * dictRehash: moves up to {@code n} non-empty buckets from table 0 to table 1, visiting at
     * most n*10 empty buckets. Returns true while there is more to move.
     */
    public boolean rehash(int n) {
        int emptyVisits = n * 10;
        if (rehashIdx == -1) return false;
        Entry[] from = t0;
        Entry[] to = t1;
        int mask = to.length - 1;
        while (n-- > 0 && used0 != 0) {
            while (from[rehashIdx] == null) {
                rehashIdx++;
                if (--emptyVisits == 0) return true;
            }
            Entry e = from[rehashIdx];
            while (e != null) {
                Entry next = e.next;
                int idx = e.hash & mask;
                e.next = to[idx];
                to[idx] = e;
                used0--;
                used1++;
                e = next;
            }
            from[rehashIdx] = null;
            rehashIdx++;
        }
        if (used0 == 0) {
            t0 = t1;
            used0 = used1;
            t1 = null;
            used1 = 0;
            rehashIdx = -1;
            return false;
        }
        return true;
    }

    /** _dictRehashStep: one bucket, unless an iterator or scan paused rehashing. */
    private void rehashStep() {
        if (pauseRehash == 0) rehash(1);
    }

    /** dictRehashMilliseconds: rehash in steps of 100 buckets for about {@code ms}; returns buckets moved. */
    public int rehashMilliseconds(int ms) {
        if (pauseRehash > 0) return 0;
        long deadline = System.nanoTime() + ms * 1_000_000L;
        int rehashes = 0;
        while (rehash(100)) {
            rehashes += 100;
            if (System.nanoTime() > deadline) break;
        }
        return rehashes;
    }

    // ------------------------------------------------------------------ random / sampling

    /**
     * dictGetRandomKey: a random non-empty bucket, then a random entry of its chain. Not
     * uniform (entries in long chains are less likely), exactly like Redis. Null if empty.
     */
    public Entry getRandomKey() {
        if (size() == 0) return null;
        if (rehashIdx != -1) rehashStep();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        Entry he;
        if (rehashIdx != -1) {
            long s0 = t0.length;
            long slots = s0 + t1.length;
            do {
                // Buckets below rehashidx in table 0 are known to be empty.
                long h = rehashIdx + rnd.nextLong(slots - rehashIdx);
                he = h >= s0 ? t1[(int) (h - s0)] : t0[(int) h];
            } while (he == null);
        } else {
            int mask = t0.length - 1;
            do {
                he = t0[rnd.nextInt() & mask];
            } while (he == null);
        }
        int listlen = 0;
        for (Entry e = he; e != null; e = e.next) listlen++;
        int pick = rnd.nextInt(listlen);
        while (pick-- > 0) he = he.next;
        return he;
    }

    /** GETFAIR_NUM_ENTRIES: how many entries dictGetFairRandomKey samples. */
    private static final int GETFAIR_NUM_ENTRIES = 15;

    /**
     * dictGetFairRandomKey: a random entry that does not favour entries in short chains, as
     * {@link #getRandomKey()} does. It samples up to 15 contiguous entries from a random point
     * ({@link #getSomeKeys}) and picks one of them; null when the dict is empty.
     */
    public Entry getFairRandomKey() {
        Entry[] entries = new Entry[GETFAIR_NUM_ENTRIES];
        int count = getSomeKeys(entries, GETFAIR_NUM_ENTRIES);
        if (count == 0) return getRandomKey();
        return entries[ThreadLocalRandom.current().nextInt(count)];
    }

    /**
     * dictGetSomeKeys: stores up to {@code count} entries into {@code des}, walking buckets
     * from a random index (in both tables while rehashing) and jumping elsewhere after a run
     * of empty buckets. Returns how many were stored; they are not guaranteed distinct from a
     * uniform sample, only cheap.
     */
    public int getSomeKeys(Entry[] des, int count) {
        if (size() < count) count = (int) size();
        if (count == 0) return 0;
        long maxsteps = count * 10L;
        for (int j = 0; j < count && rehashIdx != -1; j++) rehashStep();
        int tables = rehashIdx != -1 ? 2 : 1;
        long maxsizemask = t0.length - 1;
        if (tables > 1 && maxsizemask < t1.length - 1) maxsizemask = t1.length - 1;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long i = rnd.nextLong() & maxsizemask;
        long emptylen = 0;
        int stored = 0;
        while (stored < count && maxsteps-- > 0) {
            for (int j = 0; j < tables; j++) {
                // Below rehashIdx table 0 is known to be empty; if table 1 is also out of
                // range there (shrinking), jump straight to rehashIdx.
                if (tables == 2 && j == 0 && i < rehashIdx) {
                    if (i >= t1.length) i = rehashIdx;
                    else continue;
                }
                Entry[] t = j == 0 ? t0 : t1;
                if (i >= t.length) continue;
                Entry he = t[(int) i];
                if (he == null) {
                    emptylen++;
                    if (emptylen >= 5 && emptylen > count) {
                        i = rnd.nextLong() & maxsizemask;
                        emptylen = 0;
                    }
                } else {
                    emptylen = 0;
                    for (; he != null; he = he.next) {
                        des[stored++] = he;
                        if (stored == count) return stored;
                    }
                }
            }
            i = (i + 1) & maxsizemask;
        }
        return stored;
    }

    /**
     * The head of bucket {@code idx & mask} of {@code table} (0 or 1), or null: the raw access
     * activeExpireCycle uses to walk the expires table by cursor, like Redis does.
     */
    Entry bucketAt(int table, long idx) {
        Entry[] t = table == 0 ? t0 : t1;
        if (t == null) return null;
        return t[(int) (idx & (t.length - 1))];
    }

    // ------------------------------------------------------------------ scan

    /**
     * dictScan: visits the entries of the bucket(s) at {@code cursor} and returns the next
     * cursor, 0 when the iteration is complete. The cursor increments its <em>reversed</em>
     * bits, so that when the table grows or shrinks between calls the buckets already visited
     * map to cursors already passed: every element present for the whole scan is returned at
     * least once (some may be returned twice). While rehashing it visits the bucket of the
     * smaller table and all its expansions in the larger one.
     */
    public long scan(long cursor, ScanFunction fn) {
        if (size() == 0) return 0;
        long v = cursor;
        pauseRehash++;
        try {
            if (rehashIdx == -1) {
                long m0 = t0.length - 1;
                emitBucket(t0[(int) (v & m0)], fn);
                // Set the unmasked bits so incrementing the reversed cursor carries into the masked bits.
                v |= ~m0;
                v = Long.reverse(v);
                v++;
                v = Long.reverse(v);
            } else {
                Entry[] small = t0;
                Entry[] big = t1;
                if (small.length > big.length) {
                    small = t1;
                    big = t0;
                }
                long m0 = small.length - 1;
                long m1 = big.length - 1;
                emitBucket(small[(int) (v & m0)], fn);
                // Then every bucket of the larger table that expands the smaller table's bucket.
                do {
                    emitBucket(big[(int) (v & m1)], fn);
                    v |= ~m1;
                    v = Long.reverse(v);
                    v++;
                    v = Long.reverse(v);
                } while ((v & (m0 ^ m1)) != 0);
            }
        } finally {
            pauseRehash--;
        }
        return v;
    }

    private static void emitBucket(Entry e, ScanFunction fn) {
        while (e != null) {
            Entry next = e.next;
            fn.visit(e);
            e = next;
        }
    }

    // ------------------------------------------------------------------ iteration

    /**
     * A safe iterator (dictGetSafeIterator): pauses rehashing from the first {@link #next()}
     * until {@link #close()}, so the caller may delete the entry just returned, or add entries
     * (which may or may not be returned). Always close it (try-with-resources).
     */
    public final class Iterator implements AutoCloseable {
        private int table;
        private long index = -1;
        private Entry entry;
        private Entry nextEntry;
        private boolean paused;

        /** dictNext: the next entry, or null at the end. */
        public Entry next() {
            while (true) {
                if (entry == null) {
                    if (index == -1 && table == 0 && !paused) {
                        pauseRehash++;
                        paused = true;
                    }
                    index++;
                    Entry[] t = table == 0 ? t0 : t1;
                    if (index >= len(t)) {
                        if (rehashIdx != -1 && table == 0) {
                            table = 1;
                            index = 0;
                            t = t1;
                            if (len(t) == 0) return null;
                        } else {
                            return null;
                        }
                    }
                    entry = t[(int) index];
                } else {
                    entry = nextEntry;
                }
                if (entry != null) {
                    // Saved now: the caller may unlink the entry being returned.
                    nextEntry = entry.next;
                    return entry;
                }
            }
        }

        /** dictReleaseIterator. */
        @Override
        public void close() {
            if (paused) {
                pauseRehash--;
                paused = false;
            }
        }
    }

    /** dictGetSafeIterator. */
    public Iterator iterator() {
        return new Iterator();
    }
}
