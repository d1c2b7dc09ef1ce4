package io.aeredis.commands;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A hash value (OBJ_HASH): the hashType* layer of t_hash.c.
 *
 * <p>Small hashes are encoded as ONE {@link Listpack} holding {@code field, value, field, value
 * ...} in insertion order ("listpack"), so a hash of a few fields costs this object, the
 * listpack object and its byte array. When an entry count goes over
 * {@code hash-max-listpack-entries} or a field or value longer than
 * {@code hash-max-listpack-value} is stored, the hash becomes a {@link Dict} of field to value
 * ("hashtable"); like Redis it never converts back.
 *
 * <p>Fields and values are binary-safe byte arrays. Arrays given to the setters are stored by
 * reference in the hashtable form (the caller hands over a fresh argv array, as db keys are)
 * and never changed in place afterwards; arrays returned are fresh copies or the stored arrays,
 * which callers must not modify.
 */
public final class HashValue implements RedisValue {
    /** OBJ_HASH_KEY / OBJ_HASH_VALUE: which side of an entry an accessor means. */
    public static final int OBJ_HASH_KEY = 1;
    public static final int OBJ_HASH_VALUE = 2;

    /** The listpack encoding; null once converted. */
    private Listpack lp;
    /** The hashtable encoding; null while a listpack. */
    private Dict dict;

    /** createHashObject: an empty listpack-encoded hash. */
    public HashValue() {
        this.lp = new Listpack();
    }

    private HashValue(Listpack lp, Dict dict) {
        this.lp = lp;
        this.dict = dict;
    }

    @Override
    public int type() { return OBJ_HASH; }

    @Override
    public String encoding() { return lp != null ? "listpack" : "hashtable"; }

    /** Whether the value is still listpack encoded. */
    public boolean isListpack() { return lp != null; }

    /** The listpack (field, value pairs), or null when hashtable encoded. */
    Listpack listpack() { return lp; }

    /** The field -&gt; value dict, or null while listpack encoded. */
    Dict dict() { return dict; }

    /** A deep copy in the same encoding (COPY). */
    @Override
    public HashValue dup() {
        if (lp != null) return new HashValue(lp.dup(), null);
        Dict d = new Dict(false);
        d.expand(dict.size());
        try (Dict.Iterator it = dict.iterator()) {
            for (Dict.Entry e = it.next(); e != null; e = it.next()) {
                d.put(e.key.clone(), ((byte[]) ((Dict.ValEntry) e).val).clone());
            }
        }
        return new HashValue(null, d);
    }

    /**
     * objectComputeSize for a hash: a listpack is this object and the listpack, exactly; a
     * hashtable adds the dict and its buckets, and samples the first {@code samples} fields
     * (entry, field and value arrays) to extrapolate to all of them.
     */
    @Override
    public long computeSize(long samples) {
        long fixed = HeapSize.object(2 * HeapSize.REF);
        if (lp != null) return fixed + lp.heapBytes();
        fixed += dict.tableBytes();
        long sampled = 0;
        long n = 0;
        try (Dict.Iterator it = dict.iterator()) {
            for (Dict.Entry e = it.next(); e != null && n < samples; e = it.next(), n++) {
                byte[] v = (byte[]) ((Dict.ValEntry) e).val;
                sampled += Dict.ENTRY_BYTES + HeapSize.byteArray(e.key.length) + HeapSize.byteArray(v.length);
            }
        }
        return HeapSize.extrapolate(fixed, sampled, n, dict.size());
    }

    // ------------------------------------------------------------------ reading

    /** hashTypeLength: the number of fields. */
    public long length() {
        return lp != null ? lp.size() / 2 : dict.size();
    }

    /** The listpack offset of the value of {@code field}, or Listpack.END (listpack form only). */
    int lpValueOffset(byte[] field) {
        int fptr = lp.find(lp.first(), field, 1);
        return fptr == Listpack.END ? Listpack.END : lp.next(fptr);
    }

    /** hashTypeExists. */
    public boolean exists(byte[] field) {
        if (lp != null) return lp.find(lp.first(), field, 1) != Listpack.END;
        return dict.find(field) != null;
    }

    /** hashTypeGetValue: a copy of the value (listpack) or the stored array (hashtable); null if missing. */
    public byte[] get(byte[] field) {
        if (lp != null) {
            int vptr = lpValueOffset(field);
            return vptr == Listpack.END ? null : lp.get(vptr);
        }
        return (byte[]) dict.get(field);
    }

    /** hashTypeGetValueLength: the value's length, 0 if the field is missing. */
    public int valueLength(byte[] field) {
        if (lp != null) {
            int vptr = lpValueOffset(field);
            return vptr == Listpack.END ? 0 : lp.length(vptr);
        }
        byte[] v = (byte[]) dict.get(field);
        return v == null ? 0 : v.length;
    }

    // ------------------------------------------------------------------ writing

    /**
     * hashTypeTryConversion: converts to a hashtable before a write of {@code argv[start..end]}
     * (fields and values) if one of them is longer than hash-max-listpack-value.
     */
    public void tryConversion(RedisCore server, byte[][] argv, int start, int end) {
        if (lp == null) return;
        for (int i = start; i <= end; i++) {
            if (argv[i].length > server.hashMaxListpackValue) {
                convert();
                return;
            }
        }
    }

    /**
     * hashTypeSet: adds or updates {@code field}. Returns true if the field existed (an update),
     * false if it was added. Converts first if the field or value is too long for the listpack
     * (HINCRBY* do not call tryConversion), and afterwards if the listpack has too many entries.
     */
    public boolean set(RedisCore server, byte[] field, byte[] value) {
        if (lp != null && (field.length > server.hashMaxListpackValue || value.length > server.hashMaxListpackValue)) {
            convert();
        }
        if (lp != null) {
            boolean update = false;
            int fptr = lp.find(lp.first(), field, 1);
            if (fptr != Listpack.END) {
                lp.replace(lp.next(fptr), value);
                update = true;
            } else {
                lp.append(field);
                lp.append(value);
            }
            if (length() > server.hashMaxListpackEntries) convert();
            return update;
        }
        Dict.ValEntry e = (Dict.ValEntry) dict.addOrFind(field);
        boolean update = e.val != null;
        e.val = value;
        return update;
    }

    /**
     * hashTypeDelete: true if the field was there. The hashtable shrinks when it gets under 10%
     * full, as Redis checks after every delete.
     */
    public boolean delete(byte[] field) {
        if (lp != null) {
            int fptr = lp.find(lp.first(), field, 1);
            if (fptr == Listpack.END) return false;
            lp.deleteRange(fptr, 2);
            return true;
        }
        if (!dict.delete(field)) return false;
        if (dict.needsResize()) dict.resize();
        return true;
    }

    /**
     * Gives back the listpack's spare room once it is mostly unused (after deletions), as
     * Redis's listpack shrinks its allocation; growth keeps slack for amortized appends.
     */
    public void trimListpack() {
        if (lp != null && lp.allocatedBytes() > 2L * lp.bytes() + 64) lp.trim();
    }

    /** hashTypeConvert(o, OBJ_ENCODING_HT): moves every pair into a dict sized for them. */
    public void convert() {
        if (lp == null) return;
        Dict d = new Dict(false);
        d.expand(lp.size() / 2);
        for (int f = lp.first(); f != Listpack.END; ) {
            int v = lp.next(f);
            byte[] field = lp.get(f);
            if (d.put(field, lp.get(v)) != null) {
                throw new IllegalStateException("listpack hash has a duplicate field");
            }
            f = lp.next(v);
        }
        dict = d;
        lp = null;
    }

    // ------------------------------------------------------------------ random

    /**
     * hashTypeRandomElement: the listpack offset of a random field (its value follows), for a
     * listpack hash with at least one field.
     */
    int lpRandomPair() {
        int pairs = lp.size() / 2;
        return lp.seek(2L * ThreadLocalRandom.current().nextInt(pairs));
    }

    /** A random entry (dictGetFairRandomKey's role) of a non-empty hashtable hash. */
    Dict.ValEntry dictRandomEntry() {
        return (Dict.ValEntry) dict.getFairRandomKey();
    }

    // ------------------------------------------------------------------ iteration

    /** hashTypeInitIterator. Close it (the hashtable form pauses rehashing while iterating). */
    public Iterator iterator() {
        return new Iterator();
    }

    /**
     * hashTypeIterator: walks the pairs in encoding order; {@link #next()} moves to the next pair.
     * In the listpack form the current field and value are addressed by offset, for copy-free
     * replies.
     */
    public final class Iterator implements AutoCloseable {
        /** Listpack offsets of the current field and value. */
        int fptr = Listpack.END;
        int vptr = Listpack.END;
        private final Dict.Iterator di;
        /** The current dict entry. */
        Dict.ValEntry de;

        private Iterator() {
            di = dict != null ? dict.iterator() : null;
        }

        /** hashTypeNext: false at the end. */
        public boolean next() {
            if (di == null) {
                fptr = fptr == Listpack.END ? lp.first() : lp.next(vptr);
                if (fptr == Listpack.END) return false;
                vptr = lp.next(fptr);
                return true;
            }
            de = (Dict.ValEntry) di.next();
            return de != null;
        }

        /** A copy of (listpack) or the stored (hashtable) field or value of the current pair. */
        public byte[] current(int what) {
            if (di == null) return lp.get(what == OBJ_HASH_KEY ? fptr : vptr);
            return what == OBJ_HASH_KEY ? de.key : (byte[]) de.val;
        }

        /** addHashIteratorCursorToReply: the field or value of the current pair as a bulk string. */
        public void addToReply(Client c, int what) {
            if (di == null) {
                int p = what == OBJ_HASH_KEY ? fptr : vptr;
                c.reply.addReplyBulk(lp.array(), lp.dataOffset(p), lp.length(p));
            } else {
                c.addReplyBulk(what == OBJ_HASH_KEY ? de.key : (byte[]) de.val);
            }
        }

        @Override
        public void close() {
            if (di != null) di.close();
        }
    }
}
