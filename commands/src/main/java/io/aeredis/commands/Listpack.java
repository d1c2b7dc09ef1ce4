package io.aeredis.commands;

import java.util.Arrays;

/**
 * A compact sequence of binary strings in one byte array: the role of Redis's listpack.c, the
 * small encoding of lists (as quicklist nodes), hashes and sorted sets. One array per
 * collection instead of one object per element is what keeps small collections close to
 * Redis's memory use.
 *
 * <p>Entry layout, so the array can be walked both ways like a listpack:
 * {@code [len: varint, 7 bits per byte, low first][data][backlen]}, where backlen is the size
 * of {@code len+data} written so that it can be read from its last byte backwards (7 bits per
 * byte, the high bit of a byte set when more bytes follow towards the start), as
 * lpEncodeBacklen does. Entries are addressed by their byte offset; {@link #END} ({@code -1})
 * means "no entry".
 *
 * <p>Not thread-safe; values passed in are copied, values returned are fresh arrays.
 */
public final class Listpack {
    public static final int END = -1;
    private static final byte[] EMPTY = new byte[0];

    private byte[] buf;
    private int used;
    private int count;

    public Listpack() {
        this.buf = EMPTY;
    }

    public Listpack(int capacityBytes) {
        this.buf = capacityBytes == 0 ? EMPTY : new byte[capacityBytes];
    }

    private Listpack(byte[] buf, int used, int count) {
        this.buf = buf;
        this.used = used;
        this.count = count;
    }

    /** A deep copy, trimmed to size. */
    public Listpack dup() {
        return new Listpack(Arrays.copyOf(buf, used), used, count);
    }

    /** lpLength: number of entries. */
    public int size() { return count; }

    /** lpBytes: bytes used by the entries. */
    public int bytes() { return used; }

    /** Heap bytes held: the array (header included), spare capacity too. */
    public long allocatedBytes() { return HeapSize.byteArray(buf.length); }

    /**
     * Heap bytes of the whole listpack, this object and its array (MEMORY USAGE). Redis
     * counts a listpack as lpBytes (its allocation); here the object around the array is
     * counted too.
     */
    public long heapBytes() { return HeapSize.object(HeapSize.REF + 4 + 4) + allocatedBytes(); }

    /** Gives back spare capacity (after deletions). */
    public void trim() {
        if (buf.length > used) buf = used == 0 ? EMPTY : Arrays.copyOf(buf, used);
    }

    // ------------------------------------------------------------------ navigation

    /** lpFirst: offset of the first entry, or END. */
    public int first() { return count == 0 ? END : 0; }

    /** lpLast: offset of the last entry, or END. */
    public int last() { return count == 0 ? END : prevOf(used); }

    /** lpNext: the entry after the one at {@code off}, or END. */
    public int next(int off) {
        int n = off + entrySize(off);
        return n >= used ? END : n;
    }

    /** lpPrev: the entry before the one at {@code off}, or END. */
    public int prev(int off) {
        return off <= 0 ? END : prevOf(off);
    }

    /** lpSeek: the entry at {@code index} (negative counts from the tail), or END when out of range. */
    public int seek(long index) {
        if (index < 0) index += count;
        if (index < 0 || index >= count) return END;
        if (index < count / 2) {
            int off = 0;
            for (long i = 0; i < index; i++) off = next(off);
            return off;
        }
        int off = last();
        for (long i = count - 1; i > index; i--) off = prev(off);
        return off;
    }

    // ------------------------------------------------------------------ reading

    /** The data length of the entry at {@code off}. */
    public int length(int off) {
        return readLen(off);
    }

    /** Where the data of the entry at {@code off} starts in {@link #array()}. */
    public int dataOffset(int off) {
        return off + varintSize(readLen(off));
    }

    /** The backing array, for zero-copy comparisons and replies (valid until the next change). */
    public byte[] array() { return buf; }

    /** lpGet: a copy of the entry's data. */
    public byte[] get(int off) {
        int len = readLen(off);
        int d = off + varintSize(len);
        return Arrays.copyOfRange(buf, d, d + len);
    }

    /** Whether the entry at {@code off} holds exactly {@code v} (lpCompare). */
    public boolean equalsAt(int off, byte[] v) {
        int len = readLen(off);
        if (len != v.length) return false;
        int d = off + varintSize(len);
        return Arrays.equals(buf, d, d + len, v, 0, v.length);
    }

    /** memcmp-style ordering of the entry at {@code off} against {@code v}. */
    public int compareAt(int off, byte[] v) {
        int len = readLen(off);
        int d = off + varintSize(len);
        return Arrays.compareUnsigned(buf, d, d + len, v, 0, v.length);
    }

    /**
     * lpFind: the first entry from {@code off} on equal to {@code v}, looking at every
     * {@code skip+1}-th entry (skip 1 walks the fields of a field/value listpack), or END.
     */
    public int find(int off, byte[] v, int skip) {
        while (off != END) {
            if (equalsAt(off, v)) return off;
            for (int i = 0; i <= skip && off != END; i++) off = next(off);
        }
        return END;
    }

    // ------------------------------------------------------------------ writing

    /** lpAppend. */
    public void append(byte[] v) {
        insertAt(used, v, 0, v.length);
    }

    /** lpPrepend. */
    public void prepend(byte[] v) {
        insertAt(0, v, 0, v.length);
    }

    /** lpInsert before the entry at {@code off} ({@code off == bytes()} appends). Returns the new entry's offset. */
    public int insertBefore(int off, byte[] v) {
        return insertAt(off == END ? used : off, v, 0, v.length);
    }

    /** lpInsert after the entry at {@code off}. Returns the new entry's offset. */
    public int insertAfter(int off, byte[] v) {
        return insertAt(off + entrySize(off), v, 0, v.length);
    }

    /** lpReplace: the entry at {@code off} now holds {@code v}. Returns its offset (unchanged). */
    public int replace(int off, byte[] v) {
        int oldSize = entrySize(off);
        int newSize = encodedSize(v.length);
        shift(off + oldSize, newSize - oldSize);
        writeEntry(off, v, 0, v.length);
        return off;
    }

    /** lpDelete: removes the entry at {@code off}; returns the offset of the entry that followed, or END. */
    public int delete(int off) {
        int size = entrySize(off);
        shift(off + size, -size);
        count--;
        return off >= used ? END : off;
    }

    /** lpDeleteRange: removes {@code num} entries starting at {@code off}. */
    public void deleteRange(int off, int num) {
        int end = off;
        int n = 0;
        while (n < num && end < used) {
            end += entrySize(end);
            n++;
        }
        shift(end, off - end);
        count -= n;
    }

    /** Removes every entry. */
    public void clear() {
        used = 0;
        count = 0;
        buf = EMPTY;
    }

    // ------------------------------------------------------------------ internals

    private int insertAt(int off, byte[] v, int from, int len) {
        int size = encodedSize(len);
        shift(off, size);
        writeEntry(off, v, from, len);
        count++;
        return off;
    }

    /** Moves the bytes from {@code from} to the end by {@code delta} (growing the array as needed). */
    private void shift(int from, int delta) {
        if (delta == 0) return;
        if (used + delta > buf.length) {
            int cap = Math.max(used + delta, buf.length + (buf.length >> 1));
            cap = Math.max(cap, 16);
            buf = Arrays.copyOf(buf, cap);
        }
        System.arraycopy(buf, from, buf, from + delta, used - from);
        used += delta;
    }

    private void writeEntry(int off, byte[] v, int from, int len) {
        int p = writeVarint(off, len);
        System.arraycopy(v, from, buf, p, len);
        p += len;
        int back = varintSize(len) + len;
        int bl = varintSize(back);
        // backlen: the byte at the end holds the low 7 bits; every byte but the first has bit 7 set.
        for (int i = bl - 1; i >= 0; i--) {
            int b = back & 0x7f;
            back >>>= 7;
            buf[p + i] = (byte) (i == 0 ? b : b | 0x80);
        }
    }

    /** The offset of the entry that ends at {@code end}. */
    private int prevOf(int end) {
        // Read backlen from end-1 backwards: each byte but the first (lowest address) has bit 7 set.
        int back = 0;
        int shift = 0;
        int p = end - 1;
        while (true) {
            int b = buf[p] & 0xff;
            back |= (b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) break;
            p--;
        }
        return p - back;
    }

    private int entrySize(int off) {
        int len = readLen(off);
        int inner = varintSize(len) + len;
        return inner + varintSize(inner);
    }

    private int readLen(int off) {
        int v = 0;
        int shift = 0;
        while (true) {
            int b = buf[off++] & 0xff;
            v |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return v;
            shift += 7;
        }
    }

    private int writeVarint(int off, int v) {
        while ((v & ~0x7f) != 0) {
            buf[off++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[off++] = (byte) v;
        return off;
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v & ~0x7f) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    /** The bytes one entry of {@code len} data bytes takes. */
    public static int encodedSize(int len) {
        int inner = varintSize(len) + len;
        return inner + varintSize(inner);
    }
}
