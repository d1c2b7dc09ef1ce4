package io.aeredis.commands;

/**
 * A value of a non-string type stored in a {@link Db}: the part of Redis's {@code robj} that
 * is not the string case. Strings stay plain {@code byte[]} (the common case allocates
 * nothing more); lists, sets, sorted sets and hashes implement this.
 *
 * <p>{@link #type()} is one of the {@code OBJ_*} constants of server.h, {@link #encoding()} the
 * name OBJECT ENCODING prints for the current representation ("listpack", "quicklist",
 * "intset", "hashtable", "skiplist").
 */
public interface RedisValue {
    int OBJ_STRING = 0;
    int OBJ_LIST = 1;
    int OBJ_SET = 2;
    int OBJ_ZSET = 3;
    int OBJ_HASH = 4;

    /** OBJ_LIST, OBJ_SET, OBJ_ZSET or OBJ_HASH. */
    int type();

    /** strEncoding(o->encoding) for OBJECT ENCODING. */
    String encoding();

    /** A deep copy, for COPY (the db owns its values). */
    RedisValue dup();

    /**
     * objectComputeSize (object.c): the heap bytes this value holds, by the {@link HeapSize}
     * model. A collection with an element per object (hashtable, skiplist, quicklist nodes)
     * is measured on its first {@code samples} elements and the average extrapolated to all,
     * as Redis does; Long.MAX_VALUE measures everything. Packed encodings are exact.
     */
    long computeSize(long samples);

    /** The OBJ_* type of any db value (byte[] is OBJ_STRING). */
    static int typeOf(Object val) {
        return val instanceof RedisValue v ? v.type() : OBJ_STRING;
    }
}
