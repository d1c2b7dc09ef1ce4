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

    /** zskiplistNode: member, score, backward link and one (forward, span) pair per level. */
    public static final class Node {
        public final byte[] ele;
        public double score;
        public Node backward;
        final Node[] forward;
        final long[] span;

        Node(int level, double score, byte[] ele) {
            this.ele = ele;
            this.score = score;
            this.forward = new Node[level];
            this.span = new long[level];
        }

        /** The next node in order (level 0), or null. */
        public Node next() { return forward[0]; }

        int level() { return forward.length; }
    }

    final Node header = new Node(MAXLEVEL, 0, null);
    Node tail;
    long length;
    int level = 1;

    // Scratch for insert/delete paths: one skiplist is only ever used by one thread.
    private final Node[] update = new Node[MAXLEVEL];
    private final long[] rank = new long[MAXLEVEL];

    public long length() { return length; }

    /** The lowest node, or null. */
    public Node first() { return header.forward[0]; }

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
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            // rank[i]: the level-0 steps crossed to reach update[i].
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && before(x.forward[i], score, ele)) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int lvl = randomLevel();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                header.span[i] = length;
            }
            level = lvl;
        }
        x = new Node(lvl, score, ele);
        for (int i = 0; i < lvl; i++) {
            x.forward[i] = update[i].forward[i];
            update[i].forward[i] = x;
            // The new node takes the part of update[i]'s span that lies after it.
            x.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        // Levels above the new node's height now span one more element.
        for (int i = lvl; i < level; i++) update[i].span[i]++;
        x.backward = update[0] == header ? null : update[0];
        if (x.forward[0] != null) x.forward[0].backward = x;
        else tail = x;
        length++;
        Arrays.fill(update, null);
        return x;
    }

    /** zslDeleteNode: unlinks {@code x} given the rightmost node before it at every level. */
    private void deleteNode(Node x, Node[] upd) {
        for (int i = 0; i < level; i++) {
            if (upd[i].forward[i] == x) {
                upd[i].span[i] += x.span[i] - 1;
                upd[i].forward[i] = x.forward[i];
            } else {
                upd[i].span[i] -= 1;
            }
        }
        if (x.forward[0] != null) x.forward[0].backward = x.backward;
        else tail = x.backward;
        while (level > 1 && header.forward[level - 1] == null) level--;
        length--;
    }

    /** Fills {@code update} with the path to (score, ele) and returns the node found there or null. */
    private Node findPath(double score, byte[] ele) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && before(x.forward[i], score, ele)) x = x.forward[i];
            update[i] = x;
        }
        x = x.forward[0];
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
     * removed and inserted again (a new node, returned).
     */
    public Node updateScore(double curscore, byte[] ele, double newscore) {
        Node x = findPath(curscore, ele);
        if (x == null) throw new IllegalStateException("zslUpdateScore: element not found");
        if ((x.backward == null || x.backward.score < newscore)
                && (x.forward[0] == null || x.forward[0].score > newscore)) {
            x.score = newscore;
            Arrays.fill(update, null);
            return x;
        }
        deleteNode(x, update);
        Arrays.fill(update, null);
        return insert(newscore, x.ele);
    }

    /** zslGetRank: the 1-based rank of (score, ele), 0 if absent. */
    public long getRank(double score, byte[] ele) {
        Node x = header;
        long r = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null
                    && (x.forward[i].score < score
                        || (x.forward[i].score == score && cmp(x.forward[i].ele, ele) <= 0))) {
                r += x.span[i];
                x = x.forward[i];
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
            while (x.forward[i] != null && traversed + x.span[i] <= r) {
                traversed += x.span[i];
                x = x.forward[i];
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
        x = header.forward[0];
        return x != null && range.lteMax(x.score);
    }

    /** zslFirstInRange, as a 0-based rank: the first node in range, or -1. */
    public long firstInRangeRank(ZSetValue.ScoreRange range) {
        if (!isInRange(range)) return -1;
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            // Go forward while *out* of range.
            while (x.forward[i] != null && !range.gteMin(x.forward[i].score)) {
                traversed += x.span[i];
                x = x.forward[i];
            }
        }
        // This is an inner range, so the next node cannot be null.
        x = x.forward[0];
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
            while (x.forward[i] != null && range.lteMax(x.forward[i].score)) {
                traversed += x.span[i];
                x = x.forward[i];
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
        x = header.forward[0];
        return x != null && range.lteMax(x.ele);
    }

    /** zslFirstInLexRange, as a 0-based rank, or -1. */
    public long firstInLexRangeRank(ZSetValue.LexRange range) {
        if (!isInLexRange(range)) return -1;
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.gteMin(x.forward[i].ele)) {
                traversed += x.span[i];
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        if (!range.lteMax(x.ele)) return -1;
        return traversed;
    }

    /** zslLastInLexRange, as a 0-based rank, or -1. */
    public long lastInLexRangeRank(ZSetValue.LexRange range) {
        if (!isInLexRange(range)) return -1;
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && range.lteMax(x.forward[i].ele)) {
                traversed += x.span[i];
                x = x.forward[i];
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
            while (x.forward[i] != null && traversed + x.span[i] < start) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        traversed++;
        x = x.forward[0];
        long removed = 0;
        while (x != null && traversed <= end) {
            Node next = x.forward[0];
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
