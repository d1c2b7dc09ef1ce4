package io.aeredis.commands;

import java.util.Arrays;

/**
 * The list value: Redis 7.0's {@code quicklist.c}, a sequence of {@link Listpack} nodes. Each
 * node holds many elements in one byte array, so a small list costs one Quicklist and one
 * Listpack with its bytes; longer lists add a node array and one Listpack per node, never an
 * object per element.
 *
 * <p>Node sizes follow {@code list-max-listpack-size} (the {@code fill} given at creation, as
 * quicklistSetOptions does): a positive fill caps the entries per node (and, like Redis, a node
 * never grows past {@link #SIZE_SAFETY_LIMIT} bytes that way); -1..-5 cap the node at 4, 8, 16,
 * 32 or 64 KB. Pushes open a new node when the end node is full, inserts in a full node split
 * it and merge the halves with their neighbours when they fit, deletions drop emptied nodes and
 * merge small neighbours back together. Positional lookups skip whole nodes by their counts.
 *
 * <p>Redis 7.0 reports every list as "quicklist" in OBJECT ENCODING. Nodes are never
 * compressed (list-compress-depth is accepted but has no effect).
 */
public final class Quicklist implements RedisValue {
    /** QUICKLIST_HEAD / LIST_HEAD. */
    public static final int HEAD = 0;
    /** QUICKLIST_TAIL / LIST_TAIL. */
    public static final int TAIL = -1;

    /** SIZE_SAFETY_LIMIT: a count-limited node never grows past this many bytes. */
    static final int SIZE_SAFETY_LIMIT = 8192;
    /** optimization_level: the byte limits of fill -1..-5. */
    private static final int[] OPTIMIZATION_LEVEL = {4096, 8192, 16384, 32768, 65536};
    /** FILL_MAX: the largest positive fill quicklistSetFill accepts. */
    static final int FILL_MAX = 1 << 15;

    /**
     * The nodes, head first: null when empty, the Listpack itself when there is one node (most
     * lists: no array to pay for), else a Listpack[] whose first {@link #len} slots are used.
     */
    private Object store;
    private int len;
    /** Total entries in all nodes. */
    private long count;
    private final int fill;

    /** quicklistCreate + quicklistSetOptions with {@code list-max-listpack-size}. */
    public Quicklist(int fill) {
        this.fill = clampFill(fill);
    }

    /** quicklistSetFill's bounds. */
    static int clampFill(int fill) {
        if (fill > FILL_MAX) return FILL_MAX;
        if (fill < -5) return -5;
        return fill;
    }

    @Override
    public int type() { return OBJ_LIST; }

    @Override
    public String encoding() { return "quicklist"; }

    /** quicklistDup: every node copied (and trimmed). */
    @Override
    public Quicklist dup() {
        Quicklist q = new Quicklist(fill);
        if (len == 1) {
            q.store = node(0).dup();
        } else if (len > 1) {
            Listpack[] copy = new Listpack[len];
            for (int i = 0; i < len; i++) copy[i] = node(i).dup();
            q.store = copy;
        }
        q.len = len;
        q.count = count;
        return q;
    }

    /** listTypeLength / quicklistCount. */
    public long size() { return count; }

    /** Number of nodes (tests, DEBUG-style introspection). */
    public int nodeCount() { return len; }

    /** Entries in node {@code i} (tests). */
    int nodeSize(int i) { return node(i).size(); }

    /** Bytes used by node {@code i} (tests). */
    int nodeBytes(int i) { return node(i).bytes(); }

    public int fill() { return fill; }

    /** Heap bytes held by the whole list: {@link #computeSize} over every node. */
    public long allocatedBytes() {
        return computeSize(Long.MAX_VALUE);
    }

    /**
     * objectComputeSize for a quicklist: this object and its node array, plus the nodes (each
     * a {@link Listpack} and its array), of which the first {@code samples} are measured and
     * the average extrapolated to every node, as Redis samples quicklist nodes.
     */
    @Override
    public long computeSize(long samples) {
        long fixed = HeapSize.object(HeapSize.REF + 4 + 8 + 4);
        if (store instanceof Listpack[] a) fixed += HeapSize.refArray(a.length);
        long sampled = 0;
        int n = 0;
        for (; n < len && n < samples; n++) sampled += node(n).heapBytes();
        return HeapSize.extrapolate(fixed, sampled, n, len);
    }

    // ------------------------------------------------------------------ node size policy

    /** _quicklistNodeSizeMeetsOptimizationRequirement: the byte limit of a negative fill. */
    private static boolean sizeMeetsOptimizationRequirement(long sz, int fill) {
        if (fill >= 0) return false;
        int offset = -fill - 1;
        return offset < OPTIMIZATION_LEVEL.length && sz <= OPTIMIZATION_LEVEL[offset];
    }

    /** _quicklistNodeAllowInsert: whether {@code node} may take one more entry of {@code sz} bytes. */
    private boolean allowInsert(Listpack node, int sz) {
        if (node == null) return false;
        long newSz = (long) node.bytes() + Listpack.encodedSize(sz);
        if (sizeMeetsOptimizationRequirement(newSz, fill)) return true;
        if (newSz > SIZE_SAFETY_LIMIT) return false;
        return node.size() < fill;
    }

    /** _quicklistNodeAllowMerge: whether {@code a} and {@code b} fit in one node. */
    private boolean allowMerge(Listpack a, Listpack b) {
        if (a == null || b == null) return false;
        long mergeSz = (long) a.bytes() + b.bytes();
        if (sizeMeetsOptimizationRequirement(mergeSz, fill)) return true;
        if (mergeSz > SIZE_SAFETY_LIMIT) return false;
        return a.size() + b.size() <= fill;
    }

    // ------------------------------------------------------------------ node array

    /** Node {@code i} (0 &lt;= i &lt; len). */
    private Listpack node(int i) {
        Object st = store;
        return st instanceof Listpack lp ? lp : ((Listpack[]) st)[i];
    }

    private void insertNode(int at, Listpack node) {
        if (len == 0) {
            store = node;
        } else {
            Listpack[] a;
            if (store instanceof Listpack only) {
                a = new Listpack[4];
                a[0] = only;
            } else {
                a = (Listpack[]) store;
                if (len == a.length) a = Arrays.copyOf(a, len + (len >> 1) + 1);
            }
            System.arraycopy(a, at, a, at + 1, len - at);
            a[at] = node;
            store = a;
        }
        len++;
    }

    /** __quicklistDelNode: drops node {@code at} (its entries are no longer counted by the caller). */
    private void removeNode(int at) {
        if (len == 1) {
            store = null;
        } else {
            Listpack[] a = (Listpack[]) store;
            System.arraycopy(a, at + 1, a, at, len - at - 1);
            a[len - 1] = null;
            if (len == 2) {
                store = a[0];
            } else if (a.length > 8 && len - 1 < a.length / 4) {
                store = Arrays.copyOf(a, (len - 1) * 2);
            }
        }
        len--;
    }

    /** Gives back a node's spare bytes once it is less than half used (amortized: the capacity halves each time). */
    private static void shrink(Listpack lp) {
        if (lp.allocatedBytes() > 2L * lp.bytes() + 64) lp.trim();
    }

    /** lpMerge of node {@code b} (= a + 1) into node {@code a}; {@code b} goes away. */
    private void mergeInto(int a, int b) {
        Listpack dst = node(a);
        Listpack src = node(b);
        for (int off = src.first(); off != Listpack.END; off = src.next(off)) appendEntry(dst, src, off);
        removeNode(b);
    }

    private static void appendEntry(Listpack dst, Listpack src, int off) {
        dst.append(src.get(off));
    }

    // ------------------------------------------------------------------ push / pop

    /** quicklistPush: adds {@code v} at the head or tail. */
    public void push(byte[] v, int where) {
        if (where == HEAD) pushHead(v);
        else pushTail(v);
    }

    /** quicklistPushHead. */
    public void pushHead(byte[] v) {
        Listpack head = len == 0 ? null : node(0);
        if (allowInsert(head, v.length)) {
            head.prepend(v);
        } else {
            Listpack n = new Listpack(Listpack.encodedSize(v.length));
            n.append(v);
            insertNode(0, n);
        }
        count++;
    }

    /** quicklistPushTail. */
    public void pushTail(byte[] v) {
        Listpack tail = len == 0 ? null : node(len - 1);
        if (allowInsert(tail, v.length)) {
            tail.append(v);
        } else {
            Listpack n = new Listpack(Listpack.encodedSize(v.length));
            n.append(v);
            insertNode(len, n);
        }
        count++;
    }

    /** listTypePop / quicklistPop: removes and returns the head or tail entry, or null when empty. */
    public byte[] pop(int where) {
        if (len == 0) return null;
        int ni = where == HEAD ? 0 : len - 1;
        Listpack lp = node(ni);
        int off = where == HEAD ? lp.first() : lp.last();
        byte[] v = lp.get(off);
        deleteEntry(ni, off);
        return v;
    }

    /** Deletes one entry; drops the node when it empties. Returns the offset of the entry that followed, or END. */
    private int deleteEntry(int ni, int off) {
        Listpack lp = node(ni);
        int following = lp.delete(off);
        count--;
        if (lp.size() == 0) {
            removeNode(ni);
            return Listpack.END;
        }
        shrink(lp);
        return following;
    }

    // ------------------------------------------------------------------ positions

    /**
     * Finds the node holding list index {@code index} (negative counts from the tail): the
     * node index in the high 32 bits and the index inside the node in the low 32 bits (read
     * them with {@link #locNode} and {@link #locIndex}), or -1 when out of range. Walks nodes
     * by their counts from the nearer end, never entries.
     */
    private long locate(long index) {
        if (index < 0) index += count;
        if (index < 0 || index >= count) return -1;
        if (index < count / 2) {
            long seen = 0;
            for (int i = 0; i < len; i++) {
                int n = node(i).size();
                if (index < seen + n) return ((long) i << 32) | (index - seen);
                seen += n;
            }
        } else {
            long seen = count;
            for (int i = len - 1; i >= 0; i--) {
                int n = node(i).size();
                seen -= n;
                if (index >= seen) return ((long) i << 32) | (index - seen);
            }
        }
        return -1;
    }

    private static int locNode(long loc) { return (int) (loc >>> 32); }

    private static int locIndex(long loc) { return (int) loc; }

    /** quicklistGetIteratorAtIdx + lpGet: a copy of the entry at {@code index}, or null if out of range. */
    public byte[] index(long index) {
        long loc = locate(index);
        if (loc < 0) return null;
        Listpack lp = node(locNode(loc));
        return lp.get(lp.seek(locIndex(loc)));
    }

    /** quicklistReplaceAtIndex: false if {@code index} is out of range. */
    public boolean replaceAtIndex(long index, byte[] v) {
        long loc = locate(index);
        if (loc < 0) return false;
        Listpack lp = node(locNode(loc));
        int off = lp.seek(locIndex(loc));
        int oldLen = lp.length(off);
        long newSz = (long) lp.bytes() - Listpack.encodedSize(oldLen) + Listpack.encodedSize(v.length);
        // The entry count does not change, so a count-limited node only minds the safety limit.
        if (v.length <= oldLen || sizeMeetsOptimizationRequirement(newSz, fill) || (fill >= 0 && newSz <= SIZE_SAFETY_LIMIT)) {
            lp.replace(off, v);
            if (v.length < oldLen) shrink(lp);
            return true;
        }
        // Too big for this node: insert the new entry after the old one (which may split the
        // node), then delete the old one.
        Iter it = new Iter(locNode(loc), off, true);
        it.next();
        it.insert(v, true);
        it.delete();
        it.finish();
        return true;
    }

    /**
     * quicklistDelRange: deletes {@code n} entries from {@code start} (negative counts from the
     * tail), clipped to the list. Whole nodes in the range go at once. Returns the number deleted.
     */
    public long delRange(long start, long n) {
        if (n <= 0) return 0;
        long loc = locate(start);
        if (loc < 0) return 0;
        long extent = n;
        long from = start < 0 ? start + count : start;
        if (extent > count - from) extent = count - from;
        long toDelete = extent;
        int ni = locNode(loc);
        int idx = locIndex(loc);
        while (toDelete > 0 && ni < len) {
            Listpack lp = node(ni);
            int size = lp.size();
            if (idx == 0 && toDelete >= size) {
                removeNode(ni);
                count -= size;
                toDelete -= size;
            } else {
                int del = (int) Math.min(toDelete, size - idx);
                lp.deleteRange(lp.seek(idx), del);
                count -= del;
                toDelete -= del;
                shrink(lp);
                ni++;
                idx = 0;
            }
        }
        // The partial nodes at both ends of the range may now fit together.
        mergeRange(ni - 2, ni);
        return extent;
    }

    /** Removes every entry. */
    public void clear() {
        store = null;
        len = 0;
        count = 0;
    }

    // ------------------------------------------------------------------ iteration

    /**
     * listTypeInitIterator: an iterator from list index {@code start} (negative counts from the
     * tail) towards the tail ({@code forward}) or the head. An out-of-range start gives an
     * iterator that yields nothing.
     */
    public Iter iterator(long start, boolean forward) {
        long loc = locate(start);
        if (loc < 0) return new Iter(len, Listpack.END, forward);
        Listpack lp = node(locNode(loc));
        return new Iter(locNode(loc), lp.seek(locIndex(loc)), forward);
    }

    /**
     * A cursor over the entries (quicklistIter + listTypeEntry): {@link #next()} moves to the
     * next entry, which the accessors then read in place. {@link #delete()} and
     * {@link #insert} change the list under the cursor and keep it valid, as
     * listTypeDelete and listTypeInsert do; other changes to the list invalidate it.
     */
    public final class Iter {
        private final boolean forward;
        /** The entry {@link #next()} returns next: node and offset (END: move to the adjacent node). */
        private int ni;
        private int off;
        /** The current entry. */
        private int curNi = -1;
        private int curOff = Listpack.END;
        /** Nodes touched by deletions, to merge what became small afterwards. */
        private int touchedLo = Integer.MAX_VALUE;
        private int touchedHi = -1;

        Iter(int ni, int off, boolean forward) {
            this.ni = ni;
            this.off = off;
            this.forward = forward;
        }

        /** quicklistNext: moves to the next entry; false at the end. */
        public boolean next() {
            while (true) {
                if (ni < 0 || ni >= len) {
                    curNi = -1;
                    return false;
                }
                if (off != Listpack.END) break;
                ni += forward ? 1 : -1;
                if (ni >= 0 && ni < len) off = forward ? node(ni).first() : node(ni).last();
            }
            curNi = ni;
            curOff = off;
            Listpack lp = node(ni);
            off = forward ? lp.next(off) : lp.prev(off);
            return true;
        }

        /** listTypeEqual: whether the current entry holds exactly {@code v}. */
        public boolean equalsCurrent(byte[] v) {
            return node(curNi).equalsAt(curOff, v);
        }

        /** The current entry's backing array, data offset and length, for zero-copy replies. */
        public byte[] array() { return node(curNi).array(); }

        public int dataOffset() { return node(curNi).dataOffset(curOff); }

        public int length() { return node(curNi).length(curOff); }

        /** A copy of the current entry. */
        public byte[] value() { return node(curNi).get(curOff); }

        /**
         * listTypeDelete: removes the current entry; the following {@link #next()} returns the
         * entry that came after it in the iteration direction.
         */
        public void delete() {
            int at = curNi;
            int nodesBefore = len;
            int following = deleteEntry(at, curOff);
            if (len < nodesBefore) {
                // The node went away: continue in the adjacent node.
                if (forward) {
                    ni = at;
                    off = ni < len ? node(ni).first() : Listpack.END;
                } else {
                    ni = at - 1;
                    off = ni >= 0 ? node(ni).last() : Listpack.END;
                }
                touch(at - 1);
                touch(Math.min(at, len - 1));
            } else {
                // Entries before the deleted one keep their offsets; the next one moved into its place.
                if (forward) off = following;
                touch(at);
            }
            curNi = -1;
        }

        private void touch(int n) {
            if (n < 0) return;
            touchedLo = Math.min(touchedLo, n);
            touchedHi = Math.max(touchedHi, n);
        }

        /**
         * listTypeInsert / quicklistInsertBefore/After: inserts {@code v} next to the current
         * entry. The cursor stays on the current entry; a later {@link #next()} may return the
         * new entry (callers stop iterating after an insert, as LINSERT does).
         */
        public void insert(byte[] v, boolean after) {
            Listpack lp = node(curNi);
            boolean full = !allowInsert(lp, v.length);
            boolean atTail = lp.next(curOff) == Listpack.END;
            boolean atHead = curOff == lp.first();
            if (!full) {
                int newOff = after ? lp.insertAfter(curOff, v) : lp.insertBefore(curOff, v);
                if (!after) curOff = newOff + Listpack.encodedSize(v.length);
                count++;
                resync();
                return;
            }
            Listpack next = curNi + 1 < len ? node(curNi + 1) : null;
            Listpack prev = curNi > 0 ? node(curNi - 1) : null;
            if (after && atTail && allowInsert(next, v.length)) {
                next.prepend(v);
                count++;
                resync();
                return;
            }
            if (!after && atHead && allowInsert(prev, v.length)) {
                prev.append(v);
                count++;
                resync();
                return;
            }
            if ((after && atTail) || (!after && atHead)) {
                // Full node and full (or no) neighbour: a new node of its own in between.
                Listpack n = new Listpack(Listpack.encodedSize(v.length));
                n.append(v);
                int at = after ? curNi + 1 : curNi;
                insertNode(at, n);
                if (!after) curNi++;
                count++;
                resync();
                return;
            }
            // Full node, inserting inside it: split at the entry, insert, merge what fits.
            splitAndInsert(v, after);
        }

        /** _quicklistSplitNode + insert + _quicklistMergeNodes. */
        private void splitAndInsert(byte[] v, boolean after) {
            Listpack lp = node(curNi);
            int curIndex = indexInNode(lp, curOff);
            long curPos = positionOf(curNi) + curIndex;
            // The entries from the split point on move to a new node right after this one.
            int splitAt = after ? curIndex + 1 : curIndex;
            int splitOff = lp.seek(splitAt);
            Listpack right = new Listpack(lp.bytes() - splitOff + Listpack.encodedSize(v.length));
            int moved = 0;
            for (int o = splitOff; o != Listpack.END; o = lp.next(o)) {
                appendEntry(right, lp, o);
                moved++;
            }
            lp.deleteRange(splitOff, moved);
            shrink(lp);
            insertNode(curNi + 1, right);
            // The new entry goes between the halves: at the end of the left one or the start
            // of the right one, whichever has room, else in a node of its own.
            if (allowInsert(lp, v.length)) {
                lp.append(v);
            } else if (allowInsert(right, v.length)) {
                right.prepend(v);
            } else {
                Listpack n = new Listpack(Listpack.encodedSize(v.length));
                n.append(v);
                insertNode(curNi + 1, n);
            }
            count++;
            mergeRange(curNi - 1, curNi + 3);
            relocate(after ? curPos : curPos + 1);
        }

        /** Re-derives the position of the cursor after nodes changed around it. */
        private void resync() {
            long pos = positionOf(curNi) + indexInNode(node(curNi), curOff);
            relocate(pos);
        }

        /** Puts the cursor on list index {@code pos}, with the next step going on from there. */
        private void relocate(long pos) {
            long loc = locate(pos);
            if (loc < 0) throw new IllegalStateException("iterator lost its entry");
            curNi = locNode(loc);
            Listpack lp = node(curNi);
            curOff = lp.seek(locIndex(loc));
            ni = curNi;
            off = forward ? lp.next(curOff) : lp.prev(curOff);
        }

        /** Merges the small nodes deletions left behind (call once the iteration is over). */
        public void finish() {
            if (touchedHi >= 0) mergeRange(touchedLo - 1, touchedHi + 1);
            touchedHi = -1;
            touchedLo = Integer.MAX_VALUE;
        }
    }

    /** _quicklistMergeNodes over nodes {@code lo..hi} (clipped): merges neighbours that fit in one node. */
    private void mergeRange(int lo, int hi) {
        int i = Math.max(0, lo);
        hi = Math.min(hi, len - 1);
        while (i < hi) {
            if (allowMerge(node(i), node(i + 1))) {
                mergeInto(i, i + 1);
                hi--;
            } else {
                i++;
            }
        }
    }

    /** The list index of the first entry of node {@code ni}. */
    private long positionOf(int ni) {
        long pos = 0;
        for (int i = 0; i < ni; i++) pos += node(i).size();
        return pos;
    }

    private static int indexInNode(Listpack lp, int off) {
        int i = 0;
        for (int o = lp.first(); o != off; o = lp.next(o)) i++;
        return i;
    }
}
