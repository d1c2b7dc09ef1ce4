package io.aeredis.commands;

import static io.aeredis.commands.RedisCommand.command;

/**
 * OBJECT ENCODING / REFCOUNT / IDLETIME / FREQ / HELP (object.c objectCommand).
 *
 * <p>Strings are plain byte arrays here, so their encoding is worked out the way
 * tryObjectEncoding would have chosen it for the value: "int" for a canonical decimal that
 * fits a long (at most 20 bytes), "embstr" up to 44 bytes, else "raw". Redis 7.0 also answers
 * "raw" for short strings that APPEND or SETRANGE modified in place, and "embstr" for an
 * integer INCRBYFLOAT produced; those histories are not recorded here. Integers 0..9999 are
 * Redis's shared objects, whose refcount is OBJ_SHARED_REFCOUNT (INT_MAX); every other value
 * has one owner.
 */
public final class ObjectCommands {
    private ObjectCommands() {}

    /** OBJ_SHARED_INTEGERS: 0..9999 are shared integer objects. */
    static final long OBJ_SHARED_INTEGERS = 10000;
    /** OBJ_SHARED_REFCOUNT. */
    static final long OBJ_SHARED_REFCOUNT = Integer.MAX_VALUE;
    /** OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
    static final int OBJ_ENCODING_EMBSTR_SIZE_LIMIT = 44;

    public static void register(CommandTable t) {
        t.add(command("object", -2, "", 0, 0, 0, "generic")
            .since("2.2.3").summary("A container for object introspection commands").complexity("Depends on subcommand.")
            .subcommand(command("encoding", 3, "readonly", 2, 2, 1, "generic")
                .since("2.2.3").summary("Inspect the internal encoding of a Redis object").complexity("O(1)")
                .syntax("key").tips("nondeterministic_output").keySpecFlags("RO")
                .proc(ObjectCommands::objectEncodingCommand))
            .subcommand(command("freq", 3, "readonly", 2, 2, 1, "generic")
                .since("4.0.0").summary("Get the logarithmic access frequency counter of a Redis object").complexity("O(1)")
                .syntax("key").tips("nondeterministic_output").keySpecFlags("RO")
                .proc(ObjectCommands::objectFreqCommand))
            .subcommand(command("idletime", 3, "readonly", 2, 2, 1, "generic")
                .since("2.2.3").summary("Get the time since a Redis object was last accessed").complexity("O(1)")
                .syntax("key").tips("nondeterministic_output").keySpecFlags("RO")
                .proc(ObjectCommands::objectIdletimeCommand))
            .subcommand(command("refcount", 3, "readonly", 2, 2, 1, "generic")
                .since("2.2.3").summary("Get the number of references to the value of the key").complexity("O(1)")
                .syntax("key").tips("nondeterministic_output").keySpecFlags("RO")
                .proc(ObjectCommands::objectRefcountCommand))
            .subcommand(command("help", 2, "loading stale", 0, 0, 0, "generic")
                .since("6.2.0").summary("Show helpful text about the different subcommands").complexity("O(1)")
                .proc(ObjectCommands::objectHelpCommand)));
    }

    /**
     * objectCommandLookupOrReply: the value without touching its LRU clock or firing keymiss
     * (hits and misses still count), or a null reply and null when the key is missing.
     */
    private static Object objectCommandLookupOrReply(Client c) {
        Object o = c.db.lookupKeyReadWithFlags(c.argv[2], Db.LOOKUP_NOTOUCH | Db.LOOKUP_NONOTIFY);
        if (o == null) c.addReplyNull();
        return o;
    }

    static void objectEncodingCommand(Client c) {
        Object o = objectCommandLookupOrReply(c);
        if (o == null) return;
        c.addReplyBulkCString(encodingOf(o));
    }

    static void objectRefcountCommand(Client c) {
        Object o = objectCommandLookupOrReply(c);
        if (o == null) return;
        c.addReplyLongLong(isSharedInteger(o) ? OBJ_SHARED_REFCOUNT : 1);
    }

    static void objectIdletimeCommand(Client c) {
        Object o = objectCommandLookupOrReply(c);
        if (o == null) return;
        // No LFU policy exists here, so the LRU clock is always kept.
        c.addReplyLongLong(RedisCore.estimateObjectIdleTime(c.db.objectLru(c.argv[2])) / 1000);
    }

    static void objectFreqCommand(Client c) {
        Object o = objectCommandLookupOrReply(c);
        if (o == null) return;
        c.addReplyError("An LFU maxmemory policy is not selected, access frequency not tracked. Please note that "
            + "when switching between policies at runtime LRU and LFU data will take some time to adjust.");
    }

    static void objectHelpCommand(Client c) {
        CommandCommands.addReplyHelp(c, new String[] {
            "ENCODING <key>",
            "    Return the kind of internal representation used in order to store the value",
            "    associated with a <key>.",
            "FREQ <key>",
            "    Return the access frequency index of the <key>. The returned integer is",
            "    proportional to the logarithm of the recent access frequency of the key.",
            "IDLETIME <key>",
            "    Return the idle time of the <key>, that is the approximated number of",
            "    seconds elapsed since the last access to the key.",
            "REFCOUNT <key>",
            "    Return the number of references of the value associated with the specified",
            "    <key>.",
        });
    }

    /** strEncoding(o->encoding) of a db value. */
    public static String encodingOf(Object o) {
        if (o instanceof byte[] s) return stringEncoding(s);
        if (o instanceof RedisValue v) return v.encoding();
        return "unknown";
    }

    /** The encoding tryObjectEncoding picks for a string value. */
    static String stringEncoding(byte[] s) {
        if (s.length <= 20 && Util.isLongLong(s)) return "int";
        return s.length <= OBJ_ENCODING_EMBSTR_SIZE_LIMIT ? "embstr" : "raw";
    }

    /** A value Redis would hold as one of its shared integer objects. */
    static boolean isSharedInteger(Object o) {
        if (!(o instanceof byte[] s) || s.length > 4 || !Util.isLongLong(s)) return false;
        long v = Util.string2ll(s);
        return v >= 0 && v < OBJ_SHARED_INTEGERS;
    }
}
