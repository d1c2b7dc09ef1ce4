package io.aeredis.commands;

/**
 * A set value (OBJ_SET): the setType* layer of Redis 7.0's t_set.c over its two encodings.
 * <ul>
 * <li>"intset": while every member is an integer in string2ll's canonical form and there are
 *     at most {@code set-max-intset-entries} of them, the members live in one packed
 *     {@link Intset} array, sorted.</li>
 * <li>"hashtable": otherwise a {@link Dict} whose keys are the members (the values unused).</li>
 * </ul>
 * A set converts from intset to hashtable when a non-integer is added or the intset grows past
 * the limit, and never back (setTypeConvert).
 *
 * <p>Members are byte[] arrays that are never changed after being stored, so sets may share
 * them with each other and with the argv they came from.
 */
public final class SetValue implements RedisValue {
    /** OBJ_ENCODING_HT, as setTypeNext/setTypeRandomElement report it. */
    public static final int ENCODING_HT = 2;
    /** OBJ_ENCODING_INTSET. */
    public static final int ENCODING_INTSET = 6;
    /** The intset encoding stops at 1G entries whatever set-max-intset-entries says (intset internals). */
    static final long MAX_INTSET_ENTRIES_CAP = 1L << 30;

    /** The packed members while intset-encoded; null once a hashtable. */
    private byte[] intset;
    /** The members once hashtable-encoded; null while an intset. */
    private Dict dict;

    private SetValue(byte[] intset, Dict dict) {
        this.intset = intset;
        this.dict = dict;
    }

    /** createIntsetObject: an empty intset-encoded set. */
    public static SetValue createIntset() {
        return new SetValue(Intset.create(), null);
    }

    /** createSetObject: an empty hashtable-encoded set. */
    public static SetValue createHashtable() {
        return new SetValue(null, new Dict(false));
    }

    /**
     * setTypeCreate: an empty set able to hold {@code value} in its first encoding: an intset
     * if the value is an integer, else a hashtable.
     */
    public static SetValue create(byte[] value) {
        return Util.isLongLong(value) ? createIntset() : createHashtable();
    }

    @Override
    public int type() {
        return OBJ_SET;
    }

    @Override
    public String encoding() {
        return intset != null ? "intset" : "hashtable";
    }

    public boolean isIntset() {
        return intset != null;
    }

    /** OBJ_ENCODING_INTSET or OBJ_ENCODING_HT. */
    public int encodingId() {
        return intset != null ? ENCODING_INTSET : ENCODING_HT;
    }

    /** The packed intset (read-only use), or null when hashtable-encoded. */
    byte[] intsetArray() {
        return intset;
    }

    /** The hashtable, or null when intset-encoded. */
    Dict dict() {
        return dict;
    }

    @Override
    public SetValue dup() {
        if (intset != null) return new SetValue(intset.clone(), null);
        Dict d = new Dict(false);
        d.expand(dict.size());
        try (Dict.Iterator it = dict.iterator()) {
            for (Dict.Entry e = it.next(); e != null; e = it.next()) d.addOrFind(e.key);
        }
        return new SetValue(null, d);
    }

    /**
     * objectComputeSize for a set: an intset is this object and its array, exactly; a
     * hashtable adds the dict and its buckets, and samples the first {@code samples} members
     * (entry and member array each) to extrapolate to all of them.
     */
    @Override
    public long computeSize(long samples) {
        long fixed = HeapSize.object(2 * HeapSize.REF);
        if (intset != null) return fixed + HeapSize.byteArray(intset.length);
        fixed += dict.tableBytes();
        long sampled = 0;
        long n = 0;
        try (Dict.Iterator it = dict.iterator()) {
            for (Dict.Entry e = it.next(); e != null && n < samples; e = it.next(), n++) {
                sampled += Dict.ENTRY_BYTES + HeapSize.byteArray(e.key.length);
            }
        }
        return HeapSize.extrapolate(fixed, sampled, n, dict.size());
    }

    /** setTypeSize: the number of members. */
    public long size() {
        return intset != null ? Intset.length(intset) : dict.size();
    }

    // ------------------------------------------------------------------ add / remove / lookup

    /**
     * setTypeAdd: adds {@code value}, converting to a hashtable when it is not an integer or
     * when the intset would exceed {@code maxIntsetEntries} (set-max-intset-entries). True if
     * the value was not a member already. The array is stored by reference.
     */
    public boolean add(byte[] value, long maxIntsetEntries) {
        if (intset == null) return dictAdd(value);
        if (Util.isLongLong(value)) return addIntsetValue(Util.string2ll(value), maxIntsetEntries);
        // Not an integer: the set cannot stay an intset, and the value is certainly new.
        convertToHashtable();
        dictAdd(value);
        return true;
    }

    /**
     * setTypeAdd of an integer member (already in long form, as intset iteration yields it):
     * no string is made while the set stays an intset.
     */
    public boolean addLong(long value, long maxIntsetEntries) {
        if (intset == null) return dictAdd(Util.ll2bytes(value));
        return addIntsetValue(value, maxIntsetEntries);
    }

    private boolean addIntsetValue(long value, long maxIntsetEntries) {
        byte[] grown = Intset.add(intset, value);
        if (grown == intset) return false;
        intset = grown;
        long max = Math.min(maxIntsetEntries, MAX_INTSET_ENTRIES_CAP);
        if (Intset.length(intset) > max) convertToHashtable();
        return true;
    }

    private boolean dictAdd(byte[] value) {
        long before = dict.size();
        dict.addOrFind(value);
        return dict.size() != before;
    }

    /**
     * setTypeRemove: true if {@code value} was a member. A hashtable that became too sparse is
     * shrunk, as Redis does after every delete.
     */
    public boolean remove(byte[] value) {
        if (intset == null) {
            if (!dict.delete(value)) return false;
            if (dict.needsResize()) dict.resize();
            return true;
        }
        if (!Util.isLongLong(value)) return false;
        return removeLong(Util.string2ll(value));
    }

    /** setTypeRemove of an integer member of an intset-encoded set. */
    boolean removeLong(long value) {
        byte[] shrunk = Intset.remove(intset, value);
        if (shrunk == intset) return false;
        intset = shrunk;
        return true;
    }

    /** setTypeIsMember. */
    public boolean isMember(byte[] value) {
        if (intset == null) return dict.find(value) != null;
        return Util.isLongLong(value) && Intset.find(intset, Util.string2ll(value));
    }

    /** setTypeIsMember for a member known as an integer (from another set's intset). */
    public boolean isMemberLong(long value) {
        if (intset != null) return Intset.find(intset, value);
        return dict.find(Util.ll2bytes(value)) != null;
    }

    // ------------------------------------------------------------------ random members

    /** setTypeRandomElement on an intset-encoded, non-empty set. */
    public long randomLong() {
        return Intset.random(intset);
    }

    /**
     * setTypeRandomElement on a hashtable-encoded, non-empty set: dictGetFairRandomKey, so
     * members in long chains are not picked less often.
     */
    public byte[] randomMember() {
        return dict.getFairRandomKey().key;
    }

    // ------------------------------------------------------------------ conversion

    /**
     * setTypeConvert(OBJ_ENCODING_HT): moves the members of the intset into a hashtable
     * presized for them.
     */
    public void convertToHashtable() {
        if (intset == null) return;
        Dict d = new Dict(false);
        int len = Intset.length(intset);
        d.expand(len);
        for (int i = 0; i < len; i++) d.addOrFind(Util.ll2bytes(Intset.get(intset, i)));
        dict = d;
        intset = null;
    }

    // ------------------------------------------------------------------ iteration

    /** setTypeInitIterator. Close it when done (a hashtable iterator pauses rehashing). */
    public Iterator iterator() {
        return new Iterator();
    }

    /**
     * setTypeIterator: {@link #next()} returns the encoding of the next member, or -1 at the
     * end; the member is then in {@link #llele} (intset) or {@link #ele} (hashtable), so
     * intset members are never turned into strings unless the caller needs one.
     */
    public final class Iterator implements AutoCloseable {
        private int pos;
        private final Dict.Iterator di;
        /** The current member of a hashtable-encoded set. */
        public byte[] ele;
        /** The current member of an intset-encoded set. */
        public long llele;

        Iterator() {
            di = intset == null ? dict.iterator() : null;
        }

        /** setTypeNext: ENCODING_INTSET, ENCODING_HT, or -1 when done. */
        public int next() {
            if (di != null) {
                Dict.Entry e = di.next();
                if (e == null) return -1;
                ele = e.key;
                return ENCODING_HT;
            }
            if (pos >= Intset.length(intset)) return -1;
            llele = Intset.get(intset, pos++);
            return ENCODING_INTSET;
        }

        /** setTypeNextObject: the next member as a string, or null when done. */
        public byte[] nextObject() {
            int enc = next();
            if (enc == -1) return null;
            return enc == ENCODING_HT ? ele : Util.ll2bytes(llele);
        }

        @Override
        public void close() {
            if (di != null) di.close();
        }
    }
}
