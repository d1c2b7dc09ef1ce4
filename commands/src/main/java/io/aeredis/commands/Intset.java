package io.aeredis.commands;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port of Redis's intset.c: a sorted set of distinct 64-bit integers packed in one
 * {@code byte[]}, the small encoding of sets whose members are all integers.
 *
 * <p>Layout: byte 0 is the encoding, the width of every element in bytes (2, 4 or 8, as
 * INTSET_ENC_INT16/32/64), then the elements in ascending order, little-endian, each in that
 * width. The array is always exactly as long as its content, so the length is
 * {@code (array.length - 1) / encoding}: like Redis, which reallocates the intset on every add
 * and remove, there is no spare capacity. Adding a value that does not fit the current width
 * upgrades the whole array to the wider encoding (never downgraded, like Redis).
 *
 * <p>The functions are static and, like intset.c's {@code is = intsetAdd(is, ...)}, return the
 * array to use from then on. An unchanged array (the same reference) means nothing changed:
 * {@code Intset.add(is, v) != is} is intsetAdd's {@code success}.
 */
public final class Intset {
    private Intset() {}

    /** INTSET_ENC_INT16 / INT32 / INT64: element width in bytes. */
    public static final int ENC_INT16 = 2;
    public static final int ENC_INT32 = 4;
    public static final int ENC_INT64 = 8;

    /** Bytes before the first element: the encoding byte. */
    static final int HEADER = 1;

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** intsetNew: an empty intset with the smallest encoding. */
    public static byte[] create() {
        return new byte[] {ENC_INT16};
    }

    /** _intsetValueEncoding: the smallest width that holds {@code v}. */
    static int valueEncoding(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) return ENC_INT64;
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) return ENC_INT32;
        return ENC_INT16;
    }

    /** The element width of {@code is}. */
    public static int encoding(byte[] is) {
        return is[0];
    }

    /** intsetLen: number of elements. */
    public static int length(byte[] is) {
        return (is.length - HEADER) / is[0];
    }

    /** intsetBlobLen: bytes of the whole intset. */
    public static int blobLen(byte[] is) {
        return is.length;
    }

    /** _intsetGetEncoded: element {@code pos} read with width {@code enc}. */
    private static long getEncoded(byte[] is, int pos, int enc) {
        int off = HEADER + pos * enc;
        return switch (enc) {
            case ENC_INT16 -> (short) SHORT_LE.get(is, off);
            case ENC_INT32 -> (int) INT_LE.get(is, off);
            default -> (long) LONG_LE.get(is, off);
        };
    }

    /** _intsetSet: writes element {@code pos} with width {@code enc} (the value must fit). */
    private static void setEncoded(byte[] is, int pos, int enc, long v) {
        int off = HEADER + pos * enc;
        switch (enc) {
            case ENC_INT16 -> SHORT_LE.set(is, off, (short) v);
            case ENC_INT32 -> INT_LE.set(is, off, (int) v);
            default -> LONG_LE.set(is, off, v);
        }
    }

    /** intsetGet without the bounds check: the element at {@code pos} (0 &lt;= pos &lt; length). */
    public static long get(byte[] is, int pos) {
        return getEncoded(is, pos, is[0]);
    }

    /**
     * intsetSearch: the position of {@code v}, or {@code -(insertion point) - 1} when absent,
     * as {@link java.util.Arrays#binarySearch(long[], long)} reports it. Values beyond the
     * ends are answered without a search, like Redis.
     */
    static int search(byte[] is, long v) {
        int enc = is[0];
        int len = (is.length - HEADER) / enc;
        if (len == 0) return -1;
        // The common cases of appending at either end need no binary search.
        if (v > getEncoded(is, len - 1, enc)) return -(len) - 1;
        if (v < getEncoded(is, 0, enc)) return -1;
        int min = 0;
        int max = len - 1;
        while (max >= min) {
            int mid = (min + max) >>> 1;
            long cur = getEncoded(is, mid, enc);
            if (v > cur) {
                min = mid + 1;
            } else if (v < cur) {
                max = mid - 1;
            } else {
                return mid;
            }
        }
        return -min - 1;
    }

    /** intsetFind: whether {@code v} is an element. */
    public static boolean find(byte[] is, long v) {
        return valueEncoding(v) <= is[0] && search(is, v) >= 0;
    }

    /**
     * intsetAdd: the intset with {@code v} inserted in order (a new array), or {@code is}
     * itself when {@code v} is already there.
     */
    public static byte[] add(byte[] is, long v) {
        int valenc = valueEncoding(v);
        int enc = is[0];
        // A value wider than the encoding cannot be present: upgrade, which always adds.
        if (valenc > enc) return upgradeAndAdd(is, v, valenc);
        int pos = search(is, v);
        if (pos >= 0) return is;
        pos = -pos - 1;
        byte[] out = new byte[is.length + enc];
        out[0] = (byte) enc;
        int split = HEADER + pos * enc;
        System.arraycopy(is, HEADER, out, HEADER, split - HEADER);
        System.arraycopy(is, split, out, split + enc, is.length - split);
        setEncoded(out, pos, enc, v);
        return out;
    }

    /**
     * intsetUpgradeAndAdd: widens every element to {@code newenc} and adds {@code v}, which,
     * needing the wider encoding, is either smaller or larger than every element: it goes
     * first when negative, last otherwise.
     */
    private static byte[] upgradeAndAdd(byte[] is, long v, int newenc) {
        int oldenc = is[0];
        int len = (is.length - HEADER) / oldenc;
        int prepend = v < 0 ? 1 : 0;
        byte[] out = new byte[HEADER + (len + 1) * newenc];
        out[0] = (byte) newenc;
        for (int i = 0; i < len; i++) setEncoded(out, i + prepend, newenc, getEncoded(is, i, oldenc));
        setEncoded(out, prepend == 1 ? 0 : len, newenc, v);
        return out;
    }

    /**
     * intsetRemove: the intset without {@code v} (a new array), or {@code is} itself when
     * {@code v} is not there.
     */
    public static byte[] remove(byte[] is, long v) {
        int enc = is[0];
        if (valueEncoding(v) > enc) return is;
        int pos = search(is, v);
        if (pos < 0) return is;
        byte[] out = new byte[is.length - enc];
        out[0] = (byte) enc;
        int split = HEADER + pos * enc;
        System.arraycopy(is, HEADER, out, HEADER, split - HEADER);
        System.arraycopy(is, split + enc, out, split, is.length - split - enc);
        return out;
    }

    /** intsetRandom: a uniformly chosen element; the intset must not be empty. */
    public static long random(byte[] is) {
        return get(is, ThreadLocalRandom.current().nextInt(length(is)));
    }

    /** intsetMin: the smallest element, 0 when empty. */
    public static long min(byte[] is) {
        return length(is) == 0 ? 0 : get(is, 0);
    }

    /** intsetMax: the largest element, 0 when empty. */
    public static long max(byte[] is) {
        int len = length(is);
        return len == 0 ? 0 : get(is, len - 1);
    }
}
