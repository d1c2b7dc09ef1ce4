package io.aeredis.commands;

import static io.aeredis.commands.RedisCommand.command;

import java.util.List;

/**
 * The TTL commands of expire.c: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX XX GT LT), TTL,
 * PTTL, EXPIRETIME, PEXPIRETIME and PERSIST. Times are absolute unix ms in the expires dict,
 * compared with the cached {@code server.mstime}.
 */
public final class ExpireCommands {
    private ExpireCommands() {}

    /** Adds this family's rows to the command table. */
    public static void register(CommandTable t) {
        for (RedisCommand cmd : commands()) t.add(cmd);
    }

    /** The rows, with Redis 7.0's arity, flags, key specs, ACL categories, tips and docs. */
    static List<RedisCommand> commands() {
        return List.of(
        command("expire", -3, "write fast", 1, 1, 1, "generic")
            .since("1.0.0").summary("Set a key's time to live in seconds")
            .complexity("O(1)")
            .syntax("key seconds [NX | XX | GT | LT]")
            .keySpecFlags("RW update")
            .history("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")
            .proc(ExpireCommands::expireCommand),
        command("pexpire", -3, "write fast", 1, 1, 1, "generic")
            .since("2.6.0").summary("Set a key's time to live in milliseconds")
            .complexity("O(1)")
            .syntax("key milliseconds [NX | XX | GT | LT]")
            .keySpecFlags("RW update")
            .history("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")
            .proc(ExpireCommands::pexpireCommand),
        command("expireat", -3, "write fast", 1, 1, 1, "generic")
            .since("1.2.0").summary("Set the expiration for a key as a UNIX timestamp")
            .complexity("O(1)")
            .syntax("key unix-time-seconds [NX | XX | GT | LT]")
            .keySpecFlags("RW update")
            .history("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")
            .proc(ExpireCommands::expireatCommand),
        command("pexpireat", -3, "write fast", 1, 1, 1, "generic")
            .since("2.6.0").summary("Set the expiration for a key as a UNIX timestamp specified in milliseconds")
            .complexity("O(1)")
            .syntax("key unix-time-milliseconds [NX | XX | GT | LT]")
            .keySpecFlags("RW update")
            .history("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")
            .proc(ExpireCommands::pexpireatCommand),
        command("ttl", 2, "readonly fast", 1, 1, 1, "generic")
            .since("1.0.0").summary("Get the time to live for a key in seconds")
            .complexity("O(1)")
            .syntax("key")
            .tips("nondeterministic_output")
            .keySpecFlags("RO access")
            .history("2.8.0", "Added the -2 reply.")
            .proc(ExpireCommands::ttlCommand),
        command("pttl", 2, "readonly fast", 1, 1, 1, "generic")
            .since("2.6.0").summary("Get the time to live for a key in milliseconds")
            .complexity("O(1)")
            .syntax("key")
            .tips("nondeterministic_output")
            .keySpecFlags("RO access")
            .history("2.8.0", "Added the -2 reply.")
            .proc(ExpireCommands::pttlCommand),
        command("expiretime", 2, "readonly fast", 1, 1, 1, "generic")
            .since("7.0.0").summary("Get the expiration Unix timestamp for a key")
            .complexity("O(1)")
            .syntax("key")
            .keySpecFlags("RO access")
            .proc(ExpireCommands::expiretimeCommand),
        command("pexpiretime", 2, "readonly fast", 1, 1, 1, "generic")
            .since("7.0.0").summary("Get the expiration Unix timestamp for a key in milliseconds")
            .complexity("O(1)")
            .syntax("key")
            .keySpecFlags("RO access")
            .proc(ExpireCommands::pexpiretimeCommand),
        command("persist", 2, "write fast", 1, 1, 1, "generic")
            .since("2.2.0").summary("Remove the expiration from a key")
            .complexity("O(1)")
            .syntax("key")
            .keySpecFlags("RW update")
            .proc(ExpireCommands::persistCommand));
    }

    // parseExtendedExpireArgumentsOrReply flags (EXPIRE_* in expire.c)
    static final int EXPIRE_NX = 1;
    static final int EXPIRE_XX = 1 << 1;
    static final int EXPIRE_GT = 1 << 2;
    static final int EXPIRE_LT = 1 << 3;

    private static final boolean UNIT_SECONDS = true;
    private static final boolean UNIT_MILLISECONDS = false;

    /**
     * checkAlreadyExpired: an absolute time at or before now deletes the key instead of setting
     * a TTL (never while loading).
     */
    static boolean checkAlreadyExpired(Client c, long when) {
        return when <= c.server.mstime && !c.server.loading;
    }

    /**
     * parseExtendedExpireArgumentsOrReply: NX XX GT LT from argv[3] on. Returns the flags, or
     * -1 after replying an error.
     */
    static int parseExtendedExpireArgumentsOrReply(Client c) {
        int flags = 0;
        boolean nx = false, xx = false, gt = false, lt = false;
        for (int j = 3; j < c.argc; j++) {
            byte[] opt = c.argv[j];
            if (Util.strcasecmp(opt, "nx")) {
                flags |= EXPIRE_NX;
                nx = true;
            } else if (Util.strcasecmp(opt, "xx")) {
                flags |= EXPIRE_XX;
                xx = true;
            } else if (Util.strcasecmp(opt, "gt")) {
                flags |= EXPIRE_GT;
                gt = true;
            } else if (Util.strcasecmp(opt, "lt")) {
                flags |= EXPIRE_LT;
                lt = true;
            } else {
                // "%s" prints the option up to its first NUL, byte for byte.
                byte[] prefix = Shared.bytes("Unsupported option ");
                int n = Util.cstrlen(opt);
                byte[] msg = java.util.Arrays.copyOf(prefix, prefix.length + n);
                System.arraycopy(opt, 0, msg, prefix.length, n);
                int len = msg.length;
                // addReplyErrorFormat trims trailing CR/LF before mapping the rest to spaces.
                while (len > 0 && (msg[len - 1] == '\r' || msg[len - 1] == '\n')) len--;
                c.reply.addReplyErrorBytes(msg, 0, len);
                return -1;
            }
        }
        if ((nx && xx) || (nx && gt) || (nx && lt)) {
            c.addReplyError("NX and XX, GT or LT options at the same time are not compatible");
            return -1;
        }
        if (gt && lt) {
            c.addReplyError("GT and LT options at the same time are not compatible");
            return -1;
        }
        return flags;
    }

    /**
     * expireGenericCommand: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT. {@code basetime} is added to
     * the (possibly seconds) argument; a result at or before now deletes the key.
     */
    static void expireGenericCommand(Client c, long basetime, boolean unitSeconds) {
        byte[] key = c.argv[1];
        byte[] param = c.argv[2];
        int flag = parseExtendedExpireArgumentsOrReply(c);
        if (flag < 0) return;
        if (!Util.getLongLongOrReply(c, param, null)) return;
        long when = Util.string2ll(param);
        // EXPIRE allows negative numbers, but overflow by unit conversion or addition is an error.
        if (unitSeconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                StringCommands.addReplyErrorExpireTime(c);
                return;
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - basetime) {
            StringCommands.addReplyErrorExpireTime(c);
            return;
        }
        when += basetime;

        if (c.db.lookupKeyWrite(key) == null) {
            c.addReplyLongLong(0);
            return;
        }
        if (flag != 0) {
            long currentExpire = c.db.getExpire(key);
            // NX: only when there is no TTL yet.
            if ((flag & EXPIRE_NX) != 0 && currentExpire != -1) {
                c.addReplyLongLong(0);
                return;
            }
            // XX: only when there is a TTL.
            if ((flag & EXPIRE_XX) != 0 && currentExpire == -1) {
                c.addReplyLongLong(0);
                return;
            }
            // GT: no TTL counts as infinite, so GT always fails on it.
            if ((flag & EXPIRE_GT) != 0 && (when <= currentExpire || currentExpire == -1)) {
                c.addReplyLongLong(0);
                return;
            }
            // LT: no TTL counts as infinite, so any time is less.
            if ((flag & EXPIRE_LT) != 0 && currentExpire != -1 && when >= currentExpire) {
                c.addReplyLongLong(0);
                return;
            }
        }
        if (checkAlreadyExpired(c, when)) {
            c.db.delete(key);
            c.server.dirty++;
            c.server.signalModifiedKey(c, c.db, key);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", key, c.db.id);
            c.addReplyLongLong(1);
        } else {
            c.db.setExpire(key, when);
            c.addReplyLongLong(1);
            c.server.signalModifiedKey(c, c.db, key);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "expire", key, c.db.id);
            c.server.dirty++;
        }
    }

    public static void expireCommand(Client c) {
        expireGenericCommand(c, c.server.mstime, UNIT_SECONDS);
    }

    public static void expireatCommand(Client c) {
        expireGenericCommand(c, 0, UNIT_SECONDS);
    }

    public static void pexpireCommand(Client c) {
        expireGenericCommand(c, c.server.mstime, UNIT_MILLISECONDS);
    }

    public static void pexpireatCommand(Client c) {
        expireGenericCommand(c, 0, UNIT_MILLISECONDS);
    }

    /**
     * ttlGenericCommand: -2 for a missing key, -1 without TTL, else the TTL (relative, rounded
     * to seconds unless in ms) or the absolute expire time.
     */
    static void ttlGenericCommand(Client c, boolean outputMs, boolean outputAbs) {
        byte[] key = c.argv[1];
        if (c.db.lookupKeyReadWithFlags(key, Db.LOOKUP_NOTOUCH) == null) {
            c.addReplyLongLong(-2);
            return;
        }
        long ttl = -1;
        long expire = c.db.getExpire(key);
        if (expire != -1) {
            ttl = outputAbs ? expire : expire - c.server.mstime;
            if (ttl < 0) ttl = 0;
        }
        if (ttl == -1) {
            c.addReplyLongLong(-1);
        } else {
            c.addReplyLongLong(outputMs ? ttl : ((ttl + 500) / 1000));
        }
    }

    public static void ttlCommand(Client c) {
        ttlGenericCommand(c, false, false);
    }

    public static void pttlCommand(Client c) {
        ttlGenericCommand(c, true, false);
    }

    public static void expiretimeCommand(Client c) {
        ttlGenericCommand(c, false, true);
    }

    public static void pexpiretimeCommand(Client c) {
        ttlGenericCommand(c, true, true);
    }

    public static void persistCommand(Client c) {
        byte[] key = c.argv[1];
        if (c.db.lookupKeyWrite(key) != null) {
            if (c.db.removeExpire(key)) {
                c.server.signalModifiedKey(c, c.db, key);
                c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "persist", key, c.db.id);
                c.addReplyLongLong(1);
                c.server.dirty++;
            } else {
                c.addReplyLongLong(0);
            }
        } else {
            c.addReplyLongLong(0);
        }
    }
}
