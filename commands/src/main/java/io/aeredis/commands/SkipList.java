package io.aeredis.commands;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ordered half of a large sorted set: Redis's {@code zskiplist} (t_zset.c). Nodes are
 * ordered by score, then by member bytes (memcmp, shorter first on a common prefix, as
 * sdscmp); every forward link carries a span, the number of level-0 steps it covers, so the
 * rank of a node and the node at a rank are found in O(log n).
 *
 * <p>Ranks here are 1-based like zslGetRank / zslGetElementByRank; the {@code *Rank} range
 * helpers return 0-based ranks for {@link ZSetValue}. Not thread-safe.
 */
public final class SkipList {
    /** ZSKIPLIST_MAXLEVEL: enough for 2^64 elements. */
    static final int MAXLEVEL = 32;
    /** ZSKIPLIST_P: the chance of a node having one more level. */
    static final double P = 0.25;
    private static final int P_THRESHOLD = (int) (P * 0xFFFF);

    /**
     * zskiplistNode: member, score, backward link and one (forward, span) pair per level.
     * Three nodes in four have one level and most of the rest two, so the first two levels
     * live in fields and only taller nodes carry arrays: a hop on the lower levels is one
     * pointer away, like Redis's inline level array, and a one-level node needs no array.
     */
    public static final class Node {
        public final byte[] ele;
        public double score;
        public Node backward;
        final int level;
        Node next0;
        Node next1;
        long span0;
        long span1;
        /** Levels 2 and up; null for nodes of one or two levels. */
        final Node[] upper;
        final long[] upperSpan;

        Node(int level, double score, byte[] ele) {
            this.ele = ele;
            this.score = score;
            this.level = level;
            this.upper = level > 2 ? new Node[level - 2] : null;
            this.upperSpan = level > 2 ? new long[level - 2] : null;
        }

        /** The next node in order (level 0), or null. */
        public Node next() { return next0; }

        /** level[i].forward */
        Node fwd(int i) {
            return i == 0 ? next0 : i == 1 ? next1 : upper[i - 2];
        }

        void setFwd(int i, Node n) {
            if (i == 0) next0 = n;
            else if (i == 1) next1 = n;
            else upper[i - 2] = n;
        }

        /** level[i].span */
        long span(int i) {
            return i == 0 ? span0 : i == 1 ? span1 : upperSpan[i - 2];
        }

        void setSpan(int i, long v) {
            if (i == 0) span0 = v;
            else if (i == 1) span1 = v;
            else upperSpan[i - 2] = v;
        }
    }

    final Node header = new Node(MAXLEVEL, 0, null);
    Node tail;
    long length;
    int level = 1;

    // Scratch for insert/delete paths: one skiplist is only ever used by one thread.
    private final Node[] update = new Node[MAXLEVEL];
    private final long[] rank = new long[MAXLEVEL];

    public long length() { return length; }

    /**
     * Heap bytes of a node (see {@link HeapSize}), its member array aside: the fields
     * (member, score, backward, level, two forward links and two spans, the two arrays), plus
     * the arrays of the levels above the second.
     */
    static long nodeHeapBytes(Node n) {
        long bytes = HeapSize.object(HeapSize.REF + 8 + HeapSize.REF + 4 + 2 * HeapSize.REF + 2 * 8 + 2 * HeapSize.REF);
        if (n.upper != null) bytes += HeapSize.refArray(n.upper.length) + HeapSize.longArray(n.upperSpan.length);
        return bytes;
    }

    /**
     * Heap bytes of the skiplist without its element nodes: this object, the scratch arrays of
     * insert and delete, and the header node with all its levels (Redis's
     * {@code sizeof(zskiplist) + zmalloc_size(zsl->header)}).
     */
    long fixedHeapBytes() {
        return HeapSize.object(2 * HeapSize.REF + 8 + 4 + 2 * HeapSize.REF)
                + HeapSize.refArray(update.length) + HeapSize.longArray(rank.length)
                + nodeHeapBytes(header);
    }

    /** The lowest node, or null. */
    public Node first() { return header.next0; }

    /** The highest node, or null. */
    public Node last() { return tail; }

    /** zslRandomLevel: 1 + the number of successes at probability P, capped at MAXLEVEL. */
    static int randomLevel() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int lvl = 1;
        while ((rnd.nextInt() & 0xFFFF) < P_THRESHOLD) lvl++;
        return Math.min(lvl, MAXLEVEL);
    }

    /** sdscmp: memcmp on the common prefix, then the shorter one first. */
    static int cmp(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** Whether {@code n} sorts before (score, ele). */
    private static boolean before(Node n, double score, byte[] ele) {
        return n.score < score || (n.score == score && cmp(n.ele, ele) < 0);
    }

    /**
     * zslInsert: adds a node; the caller guarantees the member is not present (the dict
     * says so). The member array is kept by reference.
     */
    public Node insert(double score, byte[] ele) {
        Node x = new Node(randomLevel(), score, ele);
        link(x);
        return x;
    }

    /** Links the unlinked node {@code x} at the place its score and member sort to. */
    private void link(Node x) {
        double score = x.score;
        byte[] ele = x.ele;
        Node u = header;
        for (int i = level - 1; i >= 0; i--) {
            // rank[i]: the level-0 steps crossed to reach update[i].
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            for (Node n = u.fwd(i); n != null && before(n, score, ele); n = u.fwd(i)) {
                rank[i] += u.span(i);
                u = n;
            }
            update[i] = u;
        }
        int lvl = x.level;
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                header.setSpan(i, length);
            }
            level = lvl;
        }
        for (int i = 0; i < lvl; i++) {
            x.setFwd(i, update[i].fwd(i));
            update[i].setFwd(i, x);
            // The new node takes the part of update[i]'s span that lies after it.
            x.setSpan(i, update[i].span(i) - (rank[0] - rank[i]));
            update[i].setSpan(i, (rank[0] - rank[i]) + 1);
        }
        // Levels above the new node's height now span one more element.
        for (int i = lvl; i < level; i++) update[i].setSpan(i, update[i].span(i) + 1);
        x.backward = update[0] == header ? null : update[0];
        if (x.next0 != null) x.next0.backward = x;
        else tail = x;
        length++;
        Arrays.fill(update, null);
    }

    /** zslDeleteNode: unlinks {@code x} given the rightmost node before it at every level. */
    private void deleteNode(Node x, Node[] upd) {
        for (int i = 0; i < level; i++) {
            Node u = upd[i];
            if (u.fwd(i) == x) {
                u.setSpan(i, u.span(i) + x.span(i) - 1);
                u.setFwd(i, x.fwd(i));
            } else {
                u.setSpan(i, u.span(i) - 1);
            }
        }
        if (x.fwd(0) != null) x.fwd(0).backward = x.backward;
        else tail = x.backward;
        while (level > 1 && header.fwd(level - 1) == null) level--;
        length--;
    }

    /** Fills {@code update} with the path to (score, ele) and returns the node found there or null. */
    private Node findPath(double score, byte[] ele) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            for (Node n = x.fwd(i); n != null && before(n, score, ele); n = x.fwd(i)) x = n;
            update[i] = x;
        }
        x = x.fwd(0);
        if (x != null && x.score == score && cmp(x.ele, ele) == 0) return x;
        return null;
    }

    /** zslDelete: removes (score, ele); the removed node, or null if absent. */
    public Node delete(double score, byte[] ele) {
        Node x = findPath(score, ele);
        if (x != null) deleteNode(x, update);
        Arrays.fill(update, null);
        return x;
    }

    /**
     * zslUpdateScore: moves (curscore, ele), which must exist, to {@code newscore}. When the
     * node would stay between the same neighbours only its score changes; otherwise it is
     * unlinked and linked again at its new place. Unlike Redis the node itself (and its
     * height) is reused: no garbage, and long-lived nodes stay where the heap put them.
     */
    public Node updateScore(double curscore, byte[] ele, double newscore) {
        Node x = findPath(curscore, ele);
        if (x == null) throw new IllegalStateException("zslUpdateScore: element not found");
        if ((x.backward == null || x.backward.score < newscore)
                && (x.next0 == null || x.next0.score > newscore)) {
            x.score = newscore;
            Arrays.fill(update, null);
            return x;
        }
        deleteNode(x, update);
        Arrays.fill(update, null);
        x.score = newscore;
        x.backward = null;
        link(x);
        return x;
    }

    /** zslGetRank: the 1-based rank of (score, ele), 0 if absent. */
    public long getRank(double score, byte[] ele) {
        Node x = header;
        long r = 0;
        for (int i = level - 1; i >= 0; i--) {
            for (Node n = x.fwd(i); n != null && (n.score < score || (n.score == score && cmp(n.ele, ele) <= 0));
                    n = x.fwd(i)) {
                r += x.span(i);
                x = n;
            }
            // x might be the header, whose ele is null.
            if (x.ele != null && x.score == score && cmp(x.ele, ele) == 0) return r;
        }
        return 0;
    }

    /** zslGetElementByRank: the node at 1-based {@code r}, or null. */
    public Node getElementByRank(long r) {
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.fwd(i) != null && traversed + x.span(i) <= r) {
                traversed += x.span(i);
                x = x.fwd(i);
            }
            if (traversed == r) return x;
        }
        return null;
    }

    // ------------------------------------------------------------------ score ranges

    /** zslIsInRange: whether some node may be in the range (cheap checks on both ends). */
    public boolean isInRange(ZSetValue.ScoreRange range) {
        if (range.isEmptyRange()) return false;
        Node x = tail;
        if (x == null || !range.gteMin(x.score)) return false;
        x = header.fwd(0);
        return x != null && range.lteMax(x.score);
    }

    /** zslFirstInRange, as a 0-based rank: the first node in range, or -1. */
    public long firstInRangeRank(ZSetValue.ScoreRange range) {
        if (!isInRange(range)) return -1;
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            // Go forward while *out* of range.
            while (x.fwd(i) != null && !range.gteMin(x.fwd(i).score)) {
                traversed += x.span(i);
                x = x.fwd(i);
            }
        }
        // This is an inner range, so the next node cannot be null.
        x = x.fwd(0);
        if (!range.lteMax(x.score)) return -1;
        return traversed;
    }

    /** zslLastInRange, as a 0-based rank: the last node in range, or -1. */
    public long lastInRangeRank(ZSetValue.ScoreRange range) {
        if (!isInRange(range)) return -1;
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            // Go forward while *in* range.
            while (x.fwd(i) != null && range.lteMax(x.fwd(i).score)) {
                traversed += x.span(i);
                x = x.fwd(i);
            }
        }
        if (!range.gteMin(x.score)) return -1;
        return traversed - 1;
    }

    // ------------------------------------------------------------------ lex ranges

    /** zslIsInLexRange. */
    public boolean isInLexRange(ZSetValue.LexRange range) {
        if (range.isEmptyRange()) return false;
        Node x = tail;
        if (x == null || !range.gteMin(x.ele)) return false;
        x = header.fwd(0);
        return x != null && range.lteMax(x.ele);
    }

    /** zslFirstInLexRange, as a 0-based rank, or -1. */
    public long firstInLexRangeRank(ZSetValue.LexRange range) {
        if (!isInLexRange(range)) return -1;
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.fwd(i) != null && !range.gteMin(x.fwd(i).ele)) {
                traversed += x.span(i);
                x = x.fwd(i);
            }
        }
        x = x.fwd(0);
        if (!range.lteMax(x.ele)) return -1;
        return traversed;
    }

    /** zslLastInLexRange, as a 0-based rank, or -1. */
    public long lastInLexRangeRank(ZSetValue.LexRange range) {
        if (!isInLexRange(range)) return -1;
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.fwd(i) != null && range.lteMax(x.fwd(i).ele)) {
                traversed += x.span(i);
                x = x.fwd(i);
            }
        }
        if (!range.gteMin(x.ele)) return -1;
        return traversed - 1;
    }

    // ------------------------------------------------------------------ range deletion

    /**
     * zslDeleteRangeByRank: removes the nodes of 1-based ranks {@code start..end} (inclusive),
     * deleting each member from {@code dict} too. Returns the number removed.
     */
    public long deleteRangeByRank(long start, long end, Dict dict) {
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.fwd(i) != null && traversed + x.span(i) < start) {
                traversed += x.span(i);
                x = x.fwd(i);
            }
            update[i] = x;
        }
        traversed++;
        x = x.fwd(0);
        long removed = 0;
        while (x != null && traversed <= end) {
            Node next = x.fwd(0);
            deleteNode(x, update);
            if (dict != null) dict.delete(x.ele);
            removed++;
            traversed++;
            x = next;
        }
        Arrays.fill(update, null);
        return removed;
    }
}
