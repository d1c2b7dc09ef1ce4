package io.aeredis.commands;

import java.util.ArrayList;
import java.util.List;

/**
 * ACL command categories: the {@code ACL_CATEGORY_*} bits and the {@code ACLCommandCategories}
 * name table of acl.c (Redis 7.0). The order of {@link #NAMES} is the bit order, which is also
 * the order COMMAND INFO prints a command's categories in.
 */
public final class AclCategory {
    private AclCategory() {}

    public static final long KEYSPACE = 1L;
    public static final long READ = 1L << 1;
    public static final long WRITE = 1L << 2;
    public static final long SET = 1L << 3;
    public static final long SORTEDSET = 1L << 4;
    public static final long LIST = 1L << 5;
    public static final long HASH = 1L << 6;
    public static final long STRING = 1L << 7;
    public static final long BITMAP = 1L << 8;
    public static final long HYPERLOGLOG = 1L << 9;
    public static final long GEO = 1L << 10;
    public static final long STREAM = 1L << 11;
    public static final long PUBSUB = 1L << 12;
    public static final long ADMIN = 1L << 13;
    public static final long FAST = 1L << 14;
    public static final long SLOW = 1L << 15;
    public static final long BLOCKING = 1L << 16;
    public static final long DANGEROUS = 1L << 17;
    public static final long CONNECTION = 1L << 18;
    public static final long TRANSACTION = 1L << 19;
    public static final long SCRIPTING = 1L << 20;

    /** Category names without the '@', index i naming bit {@code 1L << i}. */
    public static final String[] NAMES = {
        "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap",
        "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
        "dangerous", "connection", "transaction", "scripting",
    };

    /** ACLGetCommandCategoryFlagByName: case-insensitive, 0 if unknown. */
    public static long byName(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equalsIgnoreCase(name)) return 1L << i;
        }
        return 0;
    }

    /** Parses a space-separated list such as "keyspace dangerous" (an '@' prefix is allowed). */
    public static long parse(String names) {
        long bits = 0;
        if (names == null || names.isBlank()) return 0;
        for (String s : names.trim().split("\\s+")) {
            String n = s.startsWith("@") ? s.substring(1) : s;
            long b = byName(n);
            if (b == 0) throw new IllegalArgumentException("unknown ACL category " + s);
            bits |= b;
        }
        return bits;
    }

    /** "@read", "@string", ... in bit order. */
    public static List<String> names(long bits) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((bits & (1L << i)) != 0) out.add("@" + NAMES[i]);
        }
        return out;
    }

    /**
     * The category a command's docs group implies, as the commands' JSON files declare it:
     * "generic" commands are @keyspace, "string" ones @string, ... and groups without a data
     * type ("server", "cluster", "sentinel") imply none.
     */
    public static long forGroup(String group) {
        if (group == null) return 0;
        return switch (group) {
            case "generic" -> KEYSPACE;
            case "string" -> STRING;
            case "list" -> LIST;
            case "set" -> SET;
            case "sorted-set" -> SORTEDSET;
            case "hash" -> HASH;
            case "bitmap" -> BITMAP;
            case "hyperloglog" -> HYPERLOGLOG;
            case "geo" -> GEO;
            case "stream" -> STREAM;
            case "pubsub" -> PUBSUB;
            case "connection" -> CONNECTION;
            case "transactions" -> TRANSACTION;
            case "scripting" -> SCRIPTING;
            default -> 0;
        };
    }

    /**
     * setImplicitACLCategories (server.c): categories that follow from the command flags, added
     * to {@code declared}.
     */
    public static long withImplicit(long declared, int cmdFlags) {
        long c = declared;
        if ((cmdFlags & RedisCommand.WRITE) != 0) c |= WRITE;
        // Scripting commands are excluded from @read even when flagged readonly (EVAL_RO & co).
        if ((cmdFlags & RedisCommand.READONLY) != 0 && (c & SCRIPTING) == 0) c |= READ;
        if ((cmdFlags & RedisCommand.ADMIN) != 0) c |= ADMIN | DANGEROUS;
        if ((cmdFlags & RedisCommand.PUBSUB) != 0) c |= PUBSUB;
        if ((cmdFlags & RedisCommand.FAST) != 0) c |= FAST;
        if ((cmdFlags & RedisCommand.BLOCKING) != 0) c |= BLOCKING;
        if ((c & FAST) == 0) c |= SLOW;
        return c;
    }
}
