package io.aeredis.commands;

import static io.aeredis.commands.RedisCommand.command;

import java.util.List;

/**
 * The string commands of t_string.c: SET and its variants, GET/GETEX/GETDEL/GETSET, MSET,
 * MGET, INCR and friends, INCRBYFLOAT, APPEND, STRLEN, GETRANGE/SUBSTR, SETRANGE and LCS.
 * Strings are byte[] values; any other value type gets WRONGTYPE.
 */
public final class StringCommands {
    private StringCommands() {}

    /** Adds this family's rows to the command table. */
    public static void register(CommandTable t) {
        for (RedisCommand cmd : commands()) t.add(cmd);
    }

    /** The rows, with Redis 7.0's arity, flags, key specs, ACL categories, tips and docs. */
    static List<RedisCommand> commands() {
        return List.of(
        command("get", 2, "readonly fast", 1, 1, 1, "string")
            .since("1.0.0").summary("Get the value of a key")
            .complexity("O(1)")
            .syntax("key")
            .keySpecFlags("RO access")
            .proc(StringCommands::getCommand),
        command("getset", 3, "write denyoom fast", 1, 1, 1, "string")
            .since("1.0.0").summary("Set the string value of a key and return its old value")
            .complexity("O(1)")
            .syntax("key value")
            .keySpecFlags("RW access update")
            .docFlags("deprecated")
            .deprecatedSince("6.2.0")
            .replacedBy("`SET` with the `!GET` argument")
            .proc(StringCommands::getsetCommand),
        command("getdel", 2, "write fast", 1, 1, 1, "string")
            .since("6.2.0").summary("Get the value of a key and delete the key")
            .complexity("O(1)")
            .syntax("key")
            .keySpecFlags("RW access delete")
            .proc(StringCommands::getdelCommand),
        command("getex", -2, "write fast", 1, 1, 1, "string")
            .since("6.2.0").summary("Get the value of a key and optionally set its expiration")
            .complexity("O(1)")
            .syntax("key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("RW access update").notes("RW and UPDATE because it changes the TTL"))
            .proc(StringCommands::getexCommand),
        command("set", -3, "write denyoom", 1, 1, 1, "string")
            .since("1.0.0").summary("Set the string value of a key")
            .complexity("O(1)")
            .syntax("key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("RW access update variable_flags").notes("RW and ACCESS due to the optional `GET` argument"))
            .history("2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options.")
            .history("6.0.0", "Added the `KEEPTTL` option.")
            .history("6.2.0", "Added the `GET`, `EXAT` and `PXAT` option.")
            .history("7.0.0", "Allowed the `NX` and `GET` options to be used together.")
            .proc(StringCommands::setCommand),
        command("setnx", 3, "write denyoom fast", 1, 1, 1, "string")
            .since("1.0.0").summary("Set the value of a key, only if the key does not exist")
            .complexity("O(1)")
            .syntax("key value")
            .keySpecFlags("OW insert")
            .proc(StringCommands::setnxCommand),
        command("setex", 4, "write denyoom", 1, 1, 1, "string")
            .since("2.0.0").summary("Set the value and expiration of a key")
            .complexity("O(1)")
            .syntax("key seconds value")
            .keySpecFlags("OW update")
            .proc(StringCommands::setexCommand),
        command("psetex", 4, "write denyoom", 1, 1, 1, "string")
            .since("2.6.0").summary("Set the value and expiration in milliseconds of a key")
            .complexity("O(1)")
            .syntax("key milliseconds value")
            .keySpecFlags("OW update")
            .proc(StringCommands::psetexCommand),
        command("mset", -3, "write denyoom", 1, -1, 2, "string")
            .since("1.0.1").summary("Set multiple keys to multiple values")
            .complexity("O(N) where N is the number of keys to set.")
            .syntax("key value [key value ...]")
            .tips("request_policy:multi_shard response_policy:all_succeeded")
            .keySpecFlags("OW update")
            .proc(StringCommands::msetCommand),
        command("msetnx", -3, "write denyoom", 1, -1, 2, "string")
            .since("1.0.1").summary("Set multiple keys to multiple values, only if none of the keys exist")
            .complexity("O(N) where N is the number of keys to set.")
            .syntax("key value [key value ...]")
            .tips("request_policy:multi_shard response_policy:agg_min")
            .keySpecFlags("OW insert")
            .proc(StringCommands::msetnxCommand),
        command("mget", -2, "readonly fast", 1, -1, 1, "string")
            .since("1.0.0").summary("Get the values of all the given keys")
            .complexity("O(N) where N is the number of keys to retrieve.")
            .syntax("key [key ...]")
            .tips("request_policy:multi_shard")
            .keySpecFlags("RO access")
            .proc(StringCommands::mgetCommand),
        command("incr", 2, "write denyoom fast", 1, 1, 1, "string")
            .since("1.0.0").summary("Increment the integer value of a key by one")
            .complexity("O(1)")
            .syntax("key")
            .keySpecFlags("RW access update")
            .proc(StringCommands::incrCommand),
        command("decr", 2, "write denyoom fast", 1, 1, 1, "string")
            .since("1.0.0").summary("Decrement the integer value of a key by one")
            .complexity("O(1)")
            .syntax("key")
            .keySpecFlags("RW access update")
            .proc(StringCommands::decrCommand),
        command("incrby", 3, "write denyoom fast", 1, 1, 1, "string")
            .since("1.0.0").summary("Increment the integer value of a key by the given amount")
            .complexity("O(1)")
            .syntax("key increment")
            .keySpecFlags("RW access update")
            .proc(StringCommands::incrbyCommand),
        command("decrby", 3, "write denyoom fast", 1, 1, 1, "string")
            .since("1.0.0").summary("Decrement the integer value of a key by the given number")
            .complexity("O(1)")
            .syntax("key decrement")
            .keySpecFlags("RW access update")
            .proc(StringCommands::decrbyCommand),
        command("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, "string")
            .since("2.6.0").summary("Increment the float value of a key by the given amount")
            .complexity("O(1)")
            .syntax("key increment")
            .keySpecFlags("RW access update")
            .proc(StringCommands::incrbyfloatCommand),
        command("append", 3, "write denyoom fast", 1, 1, 1, "string")
            .since("2.0.0").summary("Append a value to a key")
            .complexity("O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.")
            .syntax("key value")
            .keySpecFlags("RW insert")
            .proc(StringCommands::appendCommand),
        command("strlen", 2, "readonly fast", 1, 1, 1, "string")
            .since("2.2.0").summary("Get the length of the value stored in a key")
            .complexity("O(1)")
            .syntax("key")
            .keySpecFlags("RO")
            .proc(StringCommands::strlenCommand),
        command("getrange", 4, "readonly", 1, 1, 1, "string")
            .since("2.4.0").summary("Get a substring of the string stored at a key")
            .complexity("O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.")
            .syntax("key start end")
            .keySpecFlags("RO access")
            .proc(StringCommands::getrangeCommand),
        command("setrange", 4, "write denyoom", 1, 1, 1, "string")
            .since("2.2.0").summary("Overwrite part of a string at key starting at the specified offset")
            .complexity("O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.")
            .syntax("key offset value")
            .keySpecFlags("RW update")
            .proc(StringCommands::setrangeCommand),
        command("substr", 4, "readonly", 1, 1, 1, "string")
            .since("1.0.0").summary("Get a substring of the string stored at a key")
            .complexity("O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.")
            .syntax("key start end")
            .keySpecFlags("RO access")
            .docFlags("deprecated")
            .deprecatedSince("2.0.0")
            .replacedBy("`GETRANGE`")
            .proc(StringCommands::substrCommand),
        command("lcs", -3, "readonly", 1, 2, 1, "string")
            .since("7.0.0").summary("Find longest common substring")
            .complexity("O(N*M) where N and M are the lengths of s1 and s2, respectively")
            .syntax("key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]")
            .keySpecFlags("RO access")
            .proc(StringCommands::lcsCommand));
    }

    // Flags of parseExtendedStringArgumentsOrReply (OBJ_* in t_string.c).
    static final int OBJ_NO_FLAGS = 0;
    static final int OBJ_SET_NX = 1;
    static final int OBJ_SET_XX = 1 << 1;
    static final int OBJ_EX = 1 << 2;
    static final int OBJ_PX = 1 << 3;
    static final int OBJ_KEEPTTL = 1 << 4;
    static final int OBJ_SET_GET = 1 << 5;
    static final int OBJ_EXAT = 1 << 6;
    static final int OBJ_PXAT = 1 << 7;
    static final int OBJ_PERSIST = 1 << 8;

    static final int COMMAND_GET = 0;
    static final int COMMAND_SET = 1;

    // The replies setGenericCommand sends: SET's (OK / null) or SETNX's (1 / 0).
    private static final int REPLY_OK_NULL = 0;
    private static final int REPLY_ONE_ZERO = 1;

    /** checkType(c, o, OBJ_STRING): true (after replying WRONGTYPE) if o exists and is no string. */
    static boolean checkString(Client c, Object o) {
        if (o != null && !(o instanceof byte[])) {
            c.addReplyError(Shared.WRONGTYPE);
            return true;
        }
        return false;
    }

    /**
     * checkStringLength: whether a string of {@code size + append} bytes is allowed
     * (proto-max-bulk-len, and overflow); replies the error if not. Java arrays also stop just
     * short of 2 GB, whatever proto-max-bulk-len says.
     */
    static boolean checkStringLength(Client c, long size, long append) {
        long total = size + append;
        if (total > c.server.protoMaxBulkLen || total < size || total < append || total > Integer.MAX_VALUE - 8) {
            c.addReplyError("string exceeds maximum allowed size (proto-max-bulk-len)");
            return false;
        }
        return true;
    }

    /** addReplyErrorExpireTime. */
    static void addReplyErrorExpireTime(Client c) {
        c.addReplyError("invalid expire time in '" + Util.cmdName(c) + "' command");
    }

    /** The byte at {@code i} of a C string: 0 past the end, as sds arguments are NUL terminated. */
    private static int at(byte[] s, int i) {
        return i < s.length ? s[i] : 0;
    }

    private static boolean is(byte[] s, int i, char lower) {
        int b = at(s, i);
        return b == lower || b == lower - 32;
    }

    /**
     * parseExtendedStringArgumentsOrReply: the options of SET (from argv[3]) or GETEX (from
     * argv[2]). Returns the OBJ_* flags in the low 32 bits and the argv index of the expire
     * value in the high 32 bits (0 if none), or -1 after replying a syntax error. Repeating an
     * option is allowed (the last EX/PX/... value wins) but mixing incompatible ones is not.
     */
    static long parseExtendedStringArgumentsOrReply(Client c, int commandType) {
        int flags = OBJ_NO_FLAGS;
        int expireIdx = 0;
        for (int j = commandType == COMMAND_GET ? 2 : 3; j < c.argc; j++) {
            byte[] opt = c.argv[j];
            boolean hasNext = j != c.argc - 1;
            boolean set = commandType == COMMAND_SET;
            if (is(opt, 0, 'n') && is(opt, 1, 'x') && at(opt, 2) == 0
                    && (flags & OBJ_SET_XX) == 0 && set) {
                flags |= OBJ_SET_NX;
            } else if (is(opt, 0, 'x') && is(opt, 1, 'x') && at(opt, 2) == 0
                    && (flags & OBJ_SET_NX) == 0 && set) {
                flags |= OBJ_SET_XX;
            } else if (is(opt, 0, 'g') && is(opt, 1, 'e') && is(opt, 2, 't') && at(opt, 3) == 0 && set) {
                flags |= OBJ_SET_GET;
            } else if (Util.strcasecmp(opt, "KEEPTTL") && (flags & OBJ_PERSIST) == 0
                    && (flags & (OBJ_EX | OBJ_EXAT | OBJ_PX | OBJ_PXAT)) == 0 && set) {
                flags |= OBJ_KEEPTTL;
            } else if (Util.strcasecmp(opt, "PERSIST") && commandType == COMMAND_GET
                    && (flags & (OBJ_EX | OBJ_EXAT | OBJ_PX | OBJ_PXAT | OBJ_KEEPTTL)) == 0) {
                flags |= OBJ_PERSIST;
            } else if (is(opt, 0, 'e') && is(opt, 1, 'x') && at(opt, 2) == 0
                    && (flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EXAT | OBJ_PX | OBJ_PXAT)) == 0 && hasNext) {
                flags |= OBJ_EX;
                expireIdx = ++j;
            } else if (is(opt, 0, 'p') && is(opt, 1, 'x') && at(opt, 2) == 0
                    && (flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PXAT)) == 0 && hasNext) {
                flags |= OBJ_PX;
                expireIdx = ++j;
            } else if (is(opt, 0, 'e') && is(opt, 1, 'x') && is(opt, 2, 'a') && is(opt, 3, 't') && at(opt, 4) == 0
                    && (flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_PX | OBJ_PXAT)) == 0 && hasNext) {
                flags |= OBJ_EXAT;
                expireIdx = ++j;
            } else if (is(opt, 0, 'p') && is(opt, 1, 'x') && is(opt, 2, 'a') && is(opt, 3, 't') && at(opt, 4) == 0
                    && (flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PX)) == 0 && hasNext) {
                flags |= OBJ_PXAT;
                expireIdx = ++j;
            } else {
                c.addReplyError(Shared.ERR_SYNTAX);
                return -1;
            }
        }
        return ((long) expireIdx << 32) | flags;
    }

    /**
     * getExpireMillisecondsOrReply: the absolute expire time in ms from an EX/PX/EXAT/PXAT
     * value (relative ones are added to the cached time), or -1 after replying an error
     * (not an integer, not positive, or overflowing).
     */
    static long getExpireMillisecondsOrReply(Client c, byte[] expire, int flags) {
        if (!Util.getLongLongOrReply(c, expire, null)) return -1;
        long ms = Util.string2ll(expire);
        boolean seconds = (flags & (OBJ_PX | OBJ_PXAT)) == 0;
        if (ms <= 0 || (seconds && ms > Long.MAX_VALUE / 1000)) {
            // Negative value provided or multiplication is gonna overflow.
            addReplyErrorExpireTime(c);
            return -1;
        }
        if (seconds) ms *= 1000;
        if ((flags & (OBJ_PX | OBJ_EX)) != 0) ms += c.server.mstime;
        if (ms <= 0) {
            // Overflow detected.
            addReplyErrorExpireTime(c);
            return -1;
        }
        return ms;
    }

    /**
     * setGenericCommand: SET, SETNX, SETEX and PSETEX. {@code expireIdx} is the argv index of
     * the EX/PX/... value, 0 for none.
     */
    static void setGenericCommand(Client c, int flags, byte[] key, byte[] val, int expireIdx, int replies) {
        long milliseconds = 0;
        if (expireIdx != 0) {
            milliseconds = getExpireMillisecondsOrReply(c, c.argv[expireIdx], flags);
            if (milliseconds < 0) return;
        }
        if ((flags & OBJ_SET_GET) != 0) {
            if (!getGenericCommand(c)) return;
        }
        boolean found = c.db.lookupKeyWrite(key) != null;
        if (((flags & OBJ_SET_NX) != 0 && found) || ((flags & OBJ_SET_XX) != 0 && !found)) {
            if ((flags & OBJ_SET_GET) == 0) {
                if (replies == REPLY_ONE_ZERO) c.addReplyLongLong(0);
                else c.addReplyNull();
            }
            return;
        }
        c.db.setKey(key, val, (flags & OBJ_KEEPTTL) != 0);
        c.server.signalModifiedKey(c, c.db, key);
        c.server.dirty++;
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_STRING, "set", key, c.db.id);
        if (expireIdx != 0) {
            c.db.setExpire(key, milliseconds);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "expire", key, c.db.id);
        }
        if ((flags & OBJ_SET_GET) == 0) {
            if (replies == REPLY_ONE_ZERO) c.addReplyLongLong(1);
            else c.addReplyRaw(Shared.OK);
        }
    }

    /** SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT .. | PXAT .. | KEEPTTL] */
    public static void setCommand(Client c) {
        long parsed = parseExtendedStringArgumentsOrReply(c, COMMAND_SET);
        if (parsed < 0) return;
        setGenericCommand(c, (int) parsed, c.argv[1], c.argv[2], (int) (parsed >>> 32), REPLY_OK_NULL);
    }

    public static void setnxCommand(Client c) {
        setGenericCommand(c, OBJ_SET_NX, c.argv[1], c.argv[2], 0, REPLY_ONE_ZERO);
    }

    public static void setexCommand(Client c) {
        setGenericCommand(c, OBJ_EX, c.argv[1], c.argv[3], 2, REPLY_OK_NULL);
    }

    public static void psetexCommand(Client c) {
        setGenericCommand(c, OBJ_PX, c.argv[1], c.argv[3], 2, REPLY_OK_NULL);
    }

    /**
     * getGenericCommand: replies the value of argv[1] (null if missing). False only for
     * WRONGTYPE (already replied).
     */
    static boolean getGenericCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyNull();
            return true;
        }
        if (checkString(c, o)) return false;
        c.addReplyBulk((byte[]) o);
        return true;
    }

    public static void getCommand(Client c) {
        getGenericCommand(c);
    }

    /** GETEX key [EX seconds | PX milliseconds | EXAT .. | PXAT .. | PERSIST] */
    public static void getexCommand(Client c) {
        long parsed = parseExtendedStringArgumentsOrReply(c, COMMAND_GET);
        if (parsed < 0) return;
        int flags = (int) parsed;
        int expireIdx = (int) (parsed >>> 32);
        byte[] key = c.argv[1];
        Object o = c.db.lookupKeyRead(key);
        if (o == null) {
            c.addReplyNull();
            return;
        }
        if (checkString(c, o)) return;
        // Validate the expiration time value first.
        long milliseconds = 0;
        if (expireIdx != 0) {
            milliseconds = getExpireMillisecondsOrReply(c, c.argv[expireIdx], flags);
            if (milliseconds < 0) return;
        }
        // Reply before the key is expired or deleted below.
        c.addReplyBulk((byte[]) o);
        if ((flags & (OBJ_PXAT | OBJ_EXAT)) != 0 && ExpireCommands.checkAlreadyExpired(c, milliseconds)) {
            // An absolute time already in the past deletes the key.
            c.db.delete(key);
            c.server.signalModifiedKey(c, c.db, key);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", key, c.db.id);
            c.server.dirty++;
        } else if (expireIdx != 0) {
            c.db.setExpire(key, milliseconds);
            c.server.signalModifiedKey(c, c.db, key);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "expire", key, c.db.id);
            c.server.dirty++;
        } else if ((flags & OBJ_PERSIST) != 0) {
            if (c.db.removeExpire(key)) {
                c.server.signalModifiedKey(c, c.db, key);
                c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "persist", key, c.db.id);
                c.server.dirty++;
            }
        }
    }

    public static void getdelCommand(Client c) {
        if (!getGenericCommand(c)) return;
        byte[] key = c.argv[1];
        if (c.db.delete(key)) {
            c.server.signalModifiedKey(c, c.db, key);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", key, c.db.id);
            c.server.dirty++;
        }
    }

    public static void getsetCommand(Client c) {
        if (!getGenericCommand(c)) return;
        byte[] key = c.argv[1];
        c.db.setKey(key, c.argv[2], false);
        c.server.signalModifiedKey(c, c.db, key);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_STRING, "set", key, c.db.id);
        c.server.dirty++;
    }

    /** SETRANGE key offset value: pads with zero bytes, changes the string in place when it fits. */
    public static void setrangeCommand(Client c) {
        byte[] key = c.argv[1];
        byte[] value = c.argv[3];
        if (!Util.getLongLongOrReply(c, c.argv[2], null)) return;
        long offset = Util.string2ll(c.argv[2]);
        if (offset < 0) {
            c.addReplyError("offset is out of range");
            return;
        }
        Object o = c.db.lookupKeyWrite(key);
        byte[] s;
        if (o == null) {
            // Return 0 when setting nothing on a non-existing string.
            if (value.length == 0) {
                c.addReplyLongLong(0);
                return;
            }
            if (!checkStringLength(c, offset, value.length)) return;
            s = new byte[(int) (offset + value.length)];
            c.db.add(key, s);
        } else {
            if (checkString(c, o)) return;
            s = (byte[]) o;
            // Return the existing string length when setting nothing.
            if (value.length == 0) {
                c.addReplyLongLong(s.length);
                return;
            }
            if (!checkStringLength(c, offset, value.length)) return;
            if (offset + value.length > s.length) {
                // sdsgrowzero: the gap is filled with zero bytes.
                s = java.util.Arrays.copyOf(s, (int) (offset + value.length));
                c.db.overwrite(key, s);
            }
        }
        System.arraycopy(value, 0, s, (int) offset, value.length);
        c.server.signalModifiedKey(c, c.db, key);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_STRING, "setrange", key, c.db.id);
        c.server.dirty++;
        c.addReplyLongLong(s.length);
    }

    /** GETRANGE key start end (and SUBSTR): inclusive, negative offsets count from the end. */
    public static void getrangeCommand(Client c) {
        if (!Util.getLongLongOrReply(c, c.argv[2], null)) return;
        long start = Util.string2ll(c.argv[2]);
        if (!Util.getLongLongOrReply(c, c.argv[3], null)) return;
        long end = Util.string2ll(c.argv[3]);
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyRaw(Shared.EMPTY_BULK);
            return;
        }
        if (checkString(c, o)) return;
        byte[] str = (byte[]) o;
        long strlen = str.length;
        // Convert negative indexes.
        if (start < 0 && end < 0 && start > end) {
            c.addReplyRaw(Shared.EMPTY_BULK);
            return;
        }
        if (start < 0) start = strlen + start;
        if (end < 0) end = strlen + end;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= strlen) end = strlen - 1;
        // Precondition: end >= 0 && end < strlen, so the only case with nothing to return is start > end.
        if (start > end || strlen == 0) {
            c.addReplyRaw(Shared.EMPTY_BULK);
        } else {
            c.reply.addReplyBulk(str, (int) start, (int) (end - start + 1));
        }
    }

    public static void substrCommand(Client c) {
        getrangeCommand(c);
    }

    /** MGET: a null for every missing key or non-string value. */
    public static void mgetCommand(Client c) {
        c.addReplyArrayLen(c.argc - 1);
        for (int j = 1; j < c.argc; j++) {
            Object o = c.db.lookupKeyRead(c.argv[j]);
            if (o instanceof byte[] b) c.addReplyBulk(b);
            else c.addReplyNull();
        }
    }

    /** msetGenericCommand. */
    static void msetGenericCommand(Client c, boolean nx) {
        if ((c.argc % 2) == 0) {
            c.addReplyError("wrong number of arguments for '" + Util.cmdName(c) + "' command");
            return;
        }
        // MSETNX sets nothing, and replies 0, if any key exists.
        if (nx) {
            for (int j = 1; j < c.argc; j += 2) {
                if (c.db.lookupKeyWrite(c.argv[j]) != null) {
                    c.addReplyLongLong(0);
                    return;
                }
            }
        }
        for (int j = 1; j < c.argc; j += 2) {
            c.db.setKey(c.argv[j], c.argv[j + 1], false);
            c.server.signalModifiedKey(c, c.db, c.argv[j]);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_STRING, "set", c.argv[j], c.db.id);
        }
        c.server.dirty += (c.argc - 1) / 2;
        if (nx) c.addReplyLongLong(1);
        else c.addReplyRaw(Shared.OK);
    }

    public static void msetCommand(Client c) {
        msetGenericCommand(c, false);
    }

    public static void msetnxCommand(Client c) {
        msetGenericCommand(c, true);
    }

    /**
     * incrDecrCommand: the value must be a strict integer string (string2ll); the TTL is kept.
     * Allocates nothing but the new value's bytes.
     */
    static void incrDecrCommand(Client c, long incr) {
        byte[] key = c.argv[1];
        Object o = c.db.lookupKeyWrite(key);
        if (checkString(c, o)) return;
        long value = 0;
        if (o != null) {
            byte[] cur = (byte[]) o;
            if (!Util.isLongLong(cur)) {
                c.addReplyError(Shared.ERR_NOT_INTEGER);
                return;
            }
            value = Util.string2ll(cur);
        }
        long oldvalue = value;
        if ((incr < 0 && oldvalue < 0 && incr < (Long.MIN_VALUE - oldvalue))
                || (incr > 0 && oldvalue > 0 && incr > (Long.MAX_VALUE - oldvalue))) {
            c.addReplyError("increment or decrement would overflow");
            return;
        }
        value += incr;
        byte[] nv = Util.ll2bytes(value);
        if (o != null) c.db.overwrite(key, nv);
        else c.db.add(key, nv);
        c.server.signalModifiedKey(c, c.db, key);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_STRING, "incrby", key, c.db.id);
        c.server.dirty++;
        c.addReplyLongLong(value);
    }

    public static void incrCommand(Client c) {
        incrDecrCommand(c, 1);
    }

    public static void decrCommand(Client c) {
        incrDecrCommand(c, -1);
    }

    public static void incrbyCommand(Client c) {
        if (!Util.getLongLongOrReply(c, c.argv[2], null)) return;
        incrDecrCommand(c, Util.string2ll(c.argv[2]));
    }

    public static void decrbyCommand(Client c) {
        if (!Util.getLongLongOrReply(c, c.argv[2], null)) return;
        long incr = Util.string2ll(c.argv[2]);
        // Negating LLONG_MIN would overflow.
        if (incr == Long.MIN_VALUE) {
            c.addReplyError("decrement would overflow");
            return;
        }
        incrDecrCommand(c, -incr);
    }

    /**
     * INCRBYFLOAT: both operands parsed as x87 long doubles, added with long double rounding and
     * printed like ld2string(LD_STR_HUMAN), see {@link LongDouble}. The TTL is kept.
     */
    public static void incrbyfloatCommand(Client c) {
        byte[] key = c.argv[1];
        Object o = c.db.lookupKeyWrite(key);
        if (checkString(c, o)) return;
        LongDouble value = o == null ? LongDouble.ZERO : LongDouble.parse((byte[]) o);
        LongDouble incr = value == null ? null : LongDouble.parse(c.argv[2]);
        if (value == null || incr == null) {
            c.addReplyError(Shared.ERR_NOT_FLOAT);
            return;
        }
        LongDouble sum = value.add(incr);
        if (sum == null || sum.isInfinite()) {
            c.addReplyError("increment would produce NaN or Infinity");
            return;
        }
        byte[] nv = sum.toHumanBytes();
        if (o != null) c.db.overwrite(key, nv);
        else c.db.add(key, nv);
        c.server.signalModifiedKey(c, c.db, key);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_STRING, "incrbyfloat", key, c.db.id);
        c.server.dirty++;
        c.addReplyBulk(nv);
    }

    /**
     * APPEND key value. Values are exact-size byte[], so each append copies the string (Redis's
     * sds keeps spare room and appends in amortized O(1)).
     */
    public static void appendCommand(Client c) {
        byte[] key = c.argv[1];
        byte[] append = c.argv[2];
        Object o = c.db.lookupKeyWrite(key);
        long totlen;
        if (o == null) {
            c.db.add(key, append);
            totlen = append.length;
        } else {
            if (checkString(c, o)) return;
            byte[] cur = (byte[]) o;
            if (!checkStringLength(c, cur.length, append.length)) return;
            byte[] nv = java.util.Arrays.copyOf(cur, cur.length + append.length);
            System.arraycopy(append, 0, nv, cur.length, append.length);
            c.db.overwrite(key, nv);
            totlen = nv.length;
        }
        c.server.signalModifiedKey(c, c.db, key);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_STRING, "append", key, c.db.id);
        c.server.dirty++;
        c.addReplyLongLong(totlen);
    }

    public static void strlenCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyLongLong(0);
            return;
        }
        if (checkString(c, o)) return;
        c.addReplyLongLong(((byte[]) o).length);
    }

    /**
     * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the classic dynamic
     * programming table of LCS lengths, then a walk back from its corner collecting the
     * common subsequence and its matching ranges (reported from the end of the strings).
     */
    public static void lcsCommand(Client c) {
        Object obja = c.db.lookupKeyRead(c.argv[1]);
        Object objb = c.db.lookupKeyRead(c.argv[2]);
        if ((obja != null && !(obja instanceof byte[])) || (objb != null && !(objb instanceof byte[]))) {
            c.addReplyError("The specified keys must contain string values");
            return;
        }
        byte[] a = obja == null ? new byte[0] : (byte[]) obja;
        byte[] b = objb == null ? new byte[0] : (byte[]) objb;
        long minmatchlen = 0;
        boolean getlen = false;
        boolean getidx = false;
        boolean withmatchlen = false;
        for (int j = 3; j < c.argc; j++) {
            byte[] opt = c.argv[j];
            int moreargs = (c.argc - 1) - j;
            if (Util.strcasecmp(opt, "IDX")) {
                getidx = true;
            } else if (Util.strcasecmp(opt, "LEN")) {
                getlen = true;
            } else if (Util.strcasecmp(opt, "WITHMATCHLEN")) {
                withmatchlen = true;
            } else if (Util.strcasecmp(opt, "MINMATCHLEN") && moreargs > 0) {
                if (!Util.getLongLongOrReply(c, c.argv[j + 1], null)) return;
                minmatchlen = Util.string2ll(c.argv[j + 1]);
                if (minmatchlen < 0) minmatchlen = 0;
                j++;
            } else {
                c.addReplyError(Shared.ERR_SYNTAX);
                return;
            }
        }
        if (getidx && getlen) {
            c.addReplyError("If you want both the length and indexes, please just use IDX.");
            return;
        }
        int alen = a.length;
        int blen = b.length;
        long lcssize = (long) (alen + 1) * (blen + 1);
        if (lcssize * 4 > c.server.protoMaxBulkLen) {
            c.addReplyError("Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
            return;
        }
        if (lcssize > Integer.MAX_VALUE - 8) {
            c.addReplyError("Insufficient memory, failed allocating transient memory for LCS");
            return;
        }
        // lcs[j + (blen+1)*i] is the LCS length of a[0..i-1] and b[0..j-1].
        int w = blen + 1;
        int[] lcs = new int[(int) lcssize];
        for (int i = 1; i <= alen; i++) {
            for (int j = 1; j <= blen; j++) {
                if (a[i - 1] == b[j - 1]) {
                    lcs[j + w * i] = lcs[(j - 1) + w * (i - 1)] + 1;
                } else {
                    int lcs1 = lcs[j + w * (i - 1)];
                    int lcs2 = lcs[(j - 1) + w * i];
                    lcs[j + w * i] = Math.max(lcs1, lcs2);
                }
            }
        }
        int idx = lcs[blen + w * alen];
        int total = idx;
        // alen in arangeStart means "no range being tracked".
        int arangeStart = alen;
        int arangeEnd = 0;
        int brangeStart = 0;
        int brangeEnd = 0;
        boolean computelcs = getidx || !getlen;
        byte[] result = computelcs ? new byte[idx] : null;
        Object arraylenptr = null;
        long arraylen = 0;
        if (getidx) {
            c.addReplyMapLen(2);
            c.addReplyBulkCString("matches");
            arraylenptr = c.reply.addReplyDeferredLen();
        }
        int i = alen;
        int j = blen;
        while (computelcs && i > 0 && j > 0) {
            boolean emitRange = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (arangeStart == alen) {
                    arangeStart = i - 1;
                    arangeEnd = i - 1;
                    brangeStart = j - 1;
                    brangeEnd = j - 1;
                } else if (arangeStart == i && brangeStart == j) {
                    // Contiguous with the current range: extend it backward.
                    arangeStart--;
                    brangeStart--;
                } else {
                    emitRange = true;
                }
                // Matched the first byte of a string: the loop ends, emit now.
                if (arangeStart == 0 || brangeStart == 0) emitRange = true;
                idx--;
                i--;
                j--;
            } else {
                int lcs1 = lcs[j + w * (i - 1)];
                int lcs2 = lcs[(j - 1) + w * i];
                if (lcs1 > lcs2) i--;
                else j--;
                if (arangeStart != alen) emitRange = true;
            }
            long matchLen = (long) arangeEnd - arangeStart + 1;
            if (emitRange) {
                if (minmatchlen == 0 || matchLen >= minmatchlen) {
                    if (arraylenptr != null) {
                        c.addReplyArrayLen(2 + (withmatchlen ? 1 : 0));
                        c.addReplyArrayLen(2);
                        c.addReplyLongLong(arangeStart);
                        c.addReplyLongLong(arangeEnd);
                        c.addReplyArrayLen(2);
                        c.addReplyLongLong(brangeStart);
                        c.addReplyLongLong(brangeEnd);
                        if (withmatchlen) c.addReplyLongLong(matchLen);
                        arraylen++;
                    }
                }
                arangeStart = alen; // restart at the next match
            }
        }
        if (arraylenptr != null) {
            c.addReplyBulkCString("len");
            c.addReplyLongLong(total);
            c.reply.setDeferredArrayLen(arraylenptr, arraylen);
        } else if (getlen) {
            c.addReplyLongLong(idx);
        } else {
            c.addReplyBulk(result);
        }
    }
}
