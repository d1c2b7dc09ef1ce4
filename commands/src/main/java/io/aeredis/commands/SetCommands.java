package io.aeredis.commands;

import static io.aeredis.commands.RedisCommand.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The set commands of Redis 7.0's t_set.c: SADD, SREM, SMOVE, SISMEMBER, SMISMEMBER, SCARD,
 * SPOP, SRANDMEMBER, SINTER/SINTERCARD/SINTERSTORE, SUNION/SUNIONSTORE, SDIFF/SDIFFSTORE,
 * SMEMBERS and SSCAN. Values are {@link SetValue}s; any other value type gets WRONGTYPE.
 *
 * <p>Reply order follows the encoding as in Redis: an intset replies its members sorted, a
 * hashtable in its (random) bucket order.
 */
public final class SetCommands {
    private SetCommands() {}

    /** SPOP_MOVE_STRATEGY_MUL: SPOP with count rebuilds the set when few members remain. */
    static final long SPOP_MOVE_STRATEGY_MUL = 5;
    /** SRANDMEMBER_SUB_STRATEGY_MUL: SRANDMEMBER copies the set and removes when count is close to its size. */
    static final long SRANDMEMBER_SUB_STRATEGY_MUL = 3;

    // The operations of sunionDiffGenericCommand.
    static final int SET_OP_UNION = 0;
    static final int SET_OP_DIFF = 1;

    /** Adds this family's rows to the command table. */
    public static void register(CommandTable t) {
        for (RedisCommand cmd : commands()) t.add(cmd);
    }

    /** The rows, with Redis 7.0's arity, flags, key specs, ACL categories, tips and docs. */
    static List<RedisCommand> commands() {
        return List.of(
        command("sadd", -3, "write denyoom fast", 1, 1, 1, "set")
            .since("1.0.0").summary("Add one or more members to a set")
            .complexity("O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
            .syntax("key member [member ...]")
            .keySpecFlags("RW insert")
            .history("2.4.0", "Accepts multiple `member` arguments.")
            .proc(SetCommands::saddCommand),
        command("srem", -3, "write fast", 1, 1, 1, "set")
            .since("1.0.0").summary("Remove one or more members from a set")
            .complexity("O(N) where N is the number of members to be removed.")
            .syntax("key member [member ...]")
            .keySpecFlags("RW delete")
            .history("2.4.0", "Accepts multiple `member` arguments.")
            .proc(SetCommands::sremCommand),
        command("smove", 4, "write fast", 1, 2, 1, "set")
            .since("1.0.0").summary("Move a member from one set to another")
            .complexity("O(1)")
            .syntax("source destination member")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("RW access delete"))
            .keySpec(KeySpec.index(2).range(0, 1, 0).flags("RW insert"))
            .proc(SetCommands::smoveCommand),
        command("sismember", 3, "readonly fast", 1, 1, 1, "set")
            .since("1.0.0").summary("Determine if a given value is a member of a set")
            .complexity("O(1)")
            .syntax("key member")
            .keySpecFlags("RO")
            .proc(SetCommands::sismemberCommand),
        command("smismember", -3, "readonly fast", 1, 1, 1, "set")
            .since("6.2.0").summary("Returns the membership associated with the given elements for a set")
            .complexity("O(N) where N is the number of elements being checked for membership")
            .syntax("key member [member ...]")
            .keySpecFlags("RO access")
            .proc(SetCommands::smismemberCommand),
        command("scard", 2, "readonly fast", 1, 1, 1, "set")
            .since("1.0.0").summary("Get the number of members in a set")
            .complexity("O(1)")
            .syntax("key")
            .keySpecFlags("RO")
            .proc(SetCommands::scardCommand),
        command("spop", -2, "write fast", 1, 1, 1, "set")
            .since("1.0.0").summary("Remove and return one or multiple random members from a set")
            .complexity("Without the count argument O(1), otherwise O(N) where N is the value of the passed count.")
            .syntax("key [count]")
            .tips("nondeterministic_output")
            .keySpecFlags("RW access delete")
            .history("3.2.0", "Added the `count` argument.")
            .proc(SetCommands::spopCommand),
        command("srandmember", -2, "readonly", 1, 1, 1, "set")
            .since("1.0.0").summary("Get one or multiple random members from a set")
            .complexity("Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.")
            .syntax("key [count]")
            .tips("nondeterministic_output")
            .keySpecFlags("RO access")
            .history("2.6.0", "Added the optional `count` argument.")
            .proc(SetCommands::srandmemberCommand),
        command("sinter", -2, "readonly", 1, -1, 1, "set")
            .since("1.0.0").summary("Intersect multiple sets")
            .complexity("O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
            .syntax("key [key ...]")
            .tips("nondeterministic_output_order")
            .keySpecFlags("RO access")
            .proc(SetCommands::sinterCommand),
        command("sintercard", -3, "readonly", 0, 0, 0, "set")
            .since("7.0.0").summary("Intersect multiple sets and return the cardinality of the result")
            .complexity("O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
            .syntax("numkeys key [key ...] [LIMIT limit]")
            .keySpec(KeySpec.index(1).keynum(0, 1, 1).flags("RO access"))
            .proc(SetCommands::sinterCardCommand),
        command("sinterstore", -3, "write denyoom", 1, -1, 1, "set")
            .since("1.0.0").summary("Intersect multiple sets and store the resulting set in a key")
            .complexity("O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
            .syntax("destination key [key ...]")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("RW update"))
            .keySpec(KeySpec.index(2).range(-1, 1, 0).flags("RO access"))
            .proc(SetCommands::sinterstoreCommand),
        command("sunion", -2, "readonly", 1, -1, 1, "set")
            .since("1.0.0").summary("Add multiple sets")
            .complexity("O(N) where N is the total number of elements in all given sets.")
            .syntax("key [key ...]")
            .tips("nondeterministic_output_order")
            .keySpecFlags("RO access")
            .proc(SetCommands::sunionCommand),
        command("sunionstore", -3, "write denyoom", 1, -1, 1, "set")
            .since("1.0.0").summary("Add multiple sets and store the resulting set in a key")
            .complexity("O(N) where N is the total number of elements in all given sets.")
            .syntax("destination key [key ...]")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("OW update"))
            .keySpec(KeySpec.index(2).range(-1, 1, 0).flags("RO access"))
            .proc(SetCommands::sunionstoreCommand),
        command("sdiff", -2, "readonly", 1, -1, 1, "set")
            .since("1.0.0").summary("Subtract multiple sets")
            .complexity("O(N) where N is the total number of elements in all given sets.")
            .syntax("key [key ...]")
            .tips("nondeterministic_output_order")
            .keySpecFlags("RO access")
            .proc(SetCommands::sdiffCommand),
        command("sdiffstore", -3, "write denyoom", 1, -1, 1, "set")
            .since("1.0.0").summary("Subtract multiple sets and store the resulting set in a key")
            .complexity("O(N) where N is the total number of elements in all given sets.")
            .syntax("destination key [key ...]")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("OW update"))
            .keySpec(KeySpec.index(2).range(-1, 1, 0).flags("RO access"))
            .proc(SetCommands::sdiffstoreCommand),
        command("smembers", 2, "readonly", 1, 1, 1, "set")
            .since("1.0.0").summary("Get all the members in a set")
            .complexity("O(N) where N is the set cardinality.")
            .syntax("key")
            .tips("nondeterministic_output_order")
            .keySpecFlags("RO access")
            .proc(SetCommands::sinterCommand),
        command("sscan", -3, "readonly", 1, 1, 1, "set")
            .since("2.8.0").summary("Incrementally iterate Set elements")
            .complexity("O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")
            .syntax("key cursor [MATCH pattern] [COUNT count]")
            .tips("nondeterministic_output")
            .keySpecFlags("RO access")
            .proc(SetCommands::sscanCommand));
    }

    // ------------------------------------------------------------------ helpers

    /** checkType(c, o, OBJ_SET): true (after replying WRONGTYPE) if o exists and is no set. */
    static boolean checkSet(Client c, Object o) {
        if (o != null && !(o instanceof SetValue)) {
            c.addReplyError(Shared.WRONGTYPE);
            return true;
        }
        return false;
    }

    /** The member of an intset or hashtable iteration step as a bulk reply. */
    private static void addReplyMember(Client c, SetValue.Iterator si, int encoding) {
        if (encoding == SetValue.ENCODING_INTSET) c.reply.addReplyBulkLongLong(si.llele);
        else c.addReplyBulk(si.ele);
    }

    /** Redis's empty set reply (shared.emptyset): "*0" in RESP2, "~0" in RESP3. */
    private static void addReplyEmptySet(Client c) {
        c.reply.addReplySetLen(0);
    }

    /** dbDelete of a set that became empty, with its "del" event. */
    private static void deleteEmptied(Client c, byte[] key) {
        c.db.delete(key);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", key, c.db.id);
    }

    // ------------------------------------------------------------------ SADD SREM SMOVE

    /** SADD key member [member ...] */
    public static void saddCommand(Client c) {
        byte[] key = c.argv[1];
        Object o = c.db.lookupKeyWrite(key);
        if (checkSet(c, o)) return;
        SetValue set = (SetValue) o;
        if (set == null) {
            set = SetValue.create(c.argv[2]);
            c.db.add(key, set);
        }
        long max = c.server.setMaxIntsetEntries;
        long added = 0;
        for (int j = 2; j < c.argc; j++) {
            if (set.add(c.argv[j], max)) added++;
        }
        if (added > 0) {
            c.server.signalModifiedKey(c, c.db, key);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_SET, "sadd", key, c.db.id);
        }
        c.server.dirty += added;
        c.addReplyLongLong(added);
    }

    /** SREM key member [member ...]: deletes the key when the last member goes. */
    public static void sremCommand(Client c) {
        byte[] key = c.argv[1];
        Object o = c.db.lookupKeyWrite(key);
        if (o == null) {
            c.addReplyRaw(Shared.CZERO);
            return;
        }
        if (checkSet(c, o)) return;
        SetValue set = (SetValue) o;
        long deleted = 0;
        boolean keyremoved = false;
        for (int j = 2; j < c.argc; j++) {
            if (set.remove(c.argv[j])) {
                deleted++;
                if (set.size() == 0) {
                    c.db.delete(key);
                    keyremoved = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            c.server.signalModifiedKey(c, c.db, key);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_SET, "srem", key, c.db.id);
            if (keyremoved) c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", key, c.db.id);
            c.server.dirty += deleted;
        }
        c.addReplyLongLong(deleted);
    }

    /**
     * SMOVE source destination member: an "srem" on the source (and "del" if emptied), then an
     * "sadd" on the destination if the member was new there. A missing source replies 0 before
     * the destination's type is looked at; the same key on both sides only tests membership.
     */
    public static void smoveCommand(Client c) {
        byte[] srckey = c.argv[1];
        byte[] dstkey = c.argv[2];
        byte[] ele = c.argv[3];
        Object src = c.db.lookupKeyWrite(srckey);
        Object dst = c.db.lookupKeyWrite(dstkey);
        if (src == null) {
            c.addReplyRaw(Shared.CZERO);
            return;
        }
        if (checkSet(c, src) || checkSet(c, dst)) return;
        SetValue srcset = (SetValue) src;
        SetValue dstset = (SetValue) dst;
        if (srcset == dstset) {
            c.addReplyRaw(srcset.isMember(ele) ? Shared.CONE : Shared.CZERO);
            return;
        }
        if (!srcset.remove(ele)) {
            c.addReplyRaw(Shared.CZERO);
            return;
        }
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_SET, "srem", srckey, c.db.id);
        if (srcset.size() == 0) deleteEmptied(c, srckey);
        if (dstset == null) {
            dstset = SetValue.create(ele);
            c.db.add(dstkey, dstset);
        }
        c.server.signalModifiedKey(c, c.db, srckey);
        c.server.dirty++;
        // The destination changed too only if the member was not there already.
        if (dstset.add(ele, c.server.setMaxIntsetEntries)) {
            c.server.dirty++;
            c.server.signalModifiedKey(c, c.db, dstkey);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_SET, "sadd", dstkey, c.db.id);
        }
        c.addReplyRaw(Shared.CONE);
    }

    // ------------------------------------------------------------------ membership and size

    public static void sismemberCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyRaw(Shared.CZERO);
            return;
        }
        if (checkSet(c, o)) return;
        c.addReplyRaw(((SetValue) o).isMember(c.argv[2]) ? Shared.CONE : Shared.CZERO);
    }

    /** SMISMEMBER key member [member ...]: a missing key is an empty set (all zeros). */
    public static void smismemberCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (checkSet(c, o)) return;
        SetValue set = (SetValue) o;
        c.addReplyArrayLen(c.argc - 2);
        for (int j = 2; j < c.argc; j++) {
            c.addReplyRaw(set != null && set.isMember(c.argv[j]) ? Shared.CONE : Shared.CZERO);
        }
    }

    public static void scardCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyRaw(Shared.CZERO);
            return;
        }
        if (checkSet(c, o)) return;
        c.addReplyLongLong(((SetValue) o).size());
    }

    // ------------------------------------------------------------------ SPOP

    /** SPOP key [count] */
    public static void spopCommand(Client c) {
        if (c.argc == 3) {
            spopWithCountCommand(c);
            return;
        } else if (c.argc > 3) {
            c.addReplyError(Shared.ERR_SYNTAX);
            return;
        }
        byte[] key = c.argv[1];
        Object o = c.db.lookupKeyWrite(key);
        if (o == null) {
            c.addReplyNull();
            return;
        }
        if (checkSet(c, o)) return;
        SetValue set = (SetValue) o;
        if (set.isIntset()) {
            long v = set.randomLong();
            set.removeLong(v);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_SET, "spop", key, c.db.id);
            c.reply.addReplyBulkLongLong(v);
        } else {
            byte[] ele = set.randomMember();
            set.remove(ele);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_SET, "spop", key, c.db.id);
            c.addReplyBulk(ele);
        }
        if (set.size() == 0) deleteEmptied(c, key);
        c.server.signalModifiedKey(c, c.db, key);
        c.server.dirty++;
    }

    /**
     * spopWithCountCommand: the count is checked before the key. Three strategies, as in
     * Redis: the whole set when count &gt;= size; else pop members one by one while plenty
     * remain; else pick the few members that stay into a new set, reply the rest of the old
     * one and store the new one (which starts as an intset again when its first member is an
     * integer, exactly like Redis's setTypeCreate).
     */
    static void spopWithCountCommand(Client c) {
        if (!Util.getRangeLongOrReply(c, c.argv[2], 0, Long.MAX_VALUE, "value is out of range, must be positive")) return;
        long count = Util.string2ll(c.argv[2]);
        byte[] key = c.argv[1];
        Object o = c.db.lookupKeyWrite(key);
        if (o == null) {
            addReplyEmptySet(c);
            return;
        }
        if (checkSet(c, o)) return;
        SetValue set = (SetValue) o;
        if (count == 0) {
            addReplyEmptySet(c);
            return;
        }
        long size = set.size();
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_SET, "spop", key, c.db.id);
        c.server.dirty += Math.min(count, size);

        // CASE 1: count >= size: reply the whole set and delete the key.
        if (count >= size) {
            sunionDiffGenericCommand(c, new byte[][] {key}, 0, 1, null, SET_OP_UNION);
            deleteEmptied(c, key);
            c.server.signalModifiedKey(c, c.db, key);
            return;
        }

        c.reply.addReplySetLen(count);
        long remaining = size - count;
        if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            // CASE 2: few members wanted: pop them one by one.
            while (count-- > 0) {
                if (set.isIntset()) {
                    long v = set.randomLong();
                    c.reply.addReplyBulkLongLong(v);
                    set.removeLong(v);
                } else {
                    byte[] ele = set.randomMember();
                    c.addReplyBulk(ele);
                    set.remove(ele);
                }
            }
        } else {
            // CASE 3: most members wanted: move the few that stay to a new set.
            SetValue newset = null;
            long max = c.server.setMaxIntsetEntries;
            while (remaining-- > 0) {
                byte[] ele = set.isIntset() ? Util.ll2bytes(set.randomLong()) : set.randomMember();
                if (newset == null) newset = SetValue.create(ele);
                newset.add(ele, max);
                set.remove(ele);
            }
            try (SetValue.Iterator si = set.iterator()) {
                for (int enc = si.next(); enc != -1; enc = si.next()) addReplyMember(c, si, enc);
            }
            c.db.overwrite(key, newset);
        }
        c.server.signalModifiedKey(c, c.db, key);
    }

    // ------------------------------------------------------------------ SRANDMEMBER

    /** SRANDMEMBER key [count] */
    public static void srandmemberCommand(Client c) {
        if (c.argc == 3) {
            srandmemberWithCountCommand(c);
            return;
        } else if (c.argc > 3) {
            c.addReplyError(Shared.ERR_SYNTAX);
            return;
        }
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyNull();
            return;
        }
        if (checkSet(c, o)) return;
        SetValue set = (SetValue) o;
        if (set.isIntset()) c.reply.addReplyBulkLongLong(set.randomLong());
        else c.addReplyBulk(set.randomMember());
    }

    /**
     * srandmemberWithCountCommand: a negative count may repeat members (and replies them in
     * random order); a positive one returns distinct members: the whole set when count &gt;=
     * size, else the set minus random members when count is close to the size, else random
     * picks until count distinct ones are found. Always an array, never a set, like Redis.
     */
    static void srandmemberWithCountCommand(Client c) {
        if (!Util.getRangeLongOrReply(c, c.argv[2], -Long.MAX_VALUE, Long.MAX_VALUE, null)) return;
        long l = Util.string2ll(c.argv[2]);
        boolean uniq = l >= 0;
        long count = Math.abs(l);
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyRaw(Shared.EMPTY_ARRAY);
            return;
        }
        if (checkSet(c, o)) return;
        SetValue set = (SetValue) o;
        long size = set.size();
        if (count == 0) {
            c.addReplyRaw(Shared.EMPTY_ARRAY);
            return;
        }

        // CASE 1: repetitions allowed (or a single member): sample the whole set every time.
        if (!uniq || count == 1) {
            c.addReplyArrayLen(count);
            while (count-- > 0) {
                if (set.isIntset()) c.reply.addReplyBulkLongLong(set.randomLong());
                else c.addReplyBulk(set.randomMember());
                // A client over its output limit will be closed: stop producing (CLIENT_CLOSE_ASAP).
                if ((c.flags & Client.CLOSE_ASAP) != 0) break;
            }
            return;
        }

        // CASE 2: the whole set.
        if (count >= size) {
            c.addReplyArrayLen(size);
            try (SetValue.Iterator si = set.iterator()) {
                for (int enc = si.next(); enc != -1; enc = si.next()) addReplyMember(c, si, enc);
            }
            return;
        }

        // CASE 3: count close to the size: copy the set and drop random members.
        if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
            byte[][] members = new byte[(int) size][];
            int n = 0;
            try (SetValue.Iterator si = set.iterator()) {
                for (byte[] ele = si.nextObject(); ele != null; ele = si.nextObject()) members[n++] = ele;
            }
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (n > count) {
                int victim = rnd.nextInt(n);
                members[victim] = members[--n];
            }
            c.addReplyArrayLen(count);
            for (int i = 0; i < n; i++) c.addReplyBulk(members[i]);
            return;
        }

        // CASE 4: count small compared to the size: random picks until count distinct members.
        Dict picked = new Dict(false);
        while (picked.size() < count) {
            byte[] ele = set.isIntset() ? Util.ll2bytes(set.randomLong()) : set.randomMember();
            picked.addOrFind(ele);
        }
        c.addReplyArrayLen(count);
        try (Dict.Iterator it = picked.iterator()) {
            for (Dict.Entry e = it.next(); e != null; e = it.next()) c.addReplyBulk(e.key);
        }
    }

    // ------------------------------------------------------------------ SINTER family

    /** SINTER key [key ...], and SMEMBERS key (Redis runs sinterCommand for both). */
    public static void sinterCommand(Client c) {
        sinterGenericCommand(c, c.argv, 1, c.argc - 1, null, false, 0);
    }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit] */
    public static void sinterCardCommand(Client c) {
        if (!Util.getRangeLongOrReply(c, c.argv[1], 1, Long.MAX_VALUE, "numkeys should be greater than 0")) return;
        long numkeys = Util.string2ll(c.argv[1]);
        if (numkeys > c.argc - 2) {
            c.addReplyError("Number of keys can't be greater than number of args");
            return;
        }
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < c.argc; j++) {
            int moreargs = c.argc - 1 - j;
            if (Util.strcasecmp(c.argv[j], "LIMIT") && moreargs > 0) {
                j++;
                if (!Util.getRangeLongOrReply(c, c.argv[j], 0, Long.MAX_VALUE, "LIMIT can't be negative")) return;
                limit = Util.string2ll(c.argv[j]);
            } else {
                c.addReplyError(Shared.ERR_SYNTAX);
                return;
            }
        }
        sinterGenericCommand(c, c.argv, 2, (int) numkeys, null, true, limit);
    }

    /** SINTERSTORE destination key [key ...] */
    public static void sinterstoreCommand(Client c) {
        sinterGenericCommand(c, c.argv, 2, c.argc - 2, c.argv[1], false, 0);
    }

    /**
     * sinterGenericCommand: the keys are {@code keys[off .. off+setnum)}. Any missing key makes
     * the intersection empty (after every key's type was checked). Otherwise the members of
     * the smallest set are tested against the others, so the reply follows that set's order.
     * With {@code dstkey} the result is stored (an empty one deletes the destination); with
     * {@code cardinalityOnly} only counted, stopping at {@code limit} when it is not 0.
     */
    static void sinterGenericCommand(Client c, byte[][] keys, int off, int setnum, byte[] dstkey,
                                     boolean cardinalityOnly, long limit) {
        SetValue[] sets = new SetValue[setnum];
        boolean empty = false;
        for (int j = 0; j < setnum; j++) {
            Object o = c.db.lookupKeyRead(keys[off + j]);
            if (o == null) {
                empty = true;
                continue;
            }
            if (checkSet(c, o)) return;
            sets[j] = (SetValue) o;
        }

        // An intersection with an empty set is empty.
        if (empty) {
            if (dstkey != null) {
                deleteDestination(c, dstkey);
                c.addReplyRaw(Shared.CZERO);
            } else if (cardinalityOnly) {
                c.addReplyLongLong(0);
            } else {
                addReplyEmptySet(c);
            }
            return;
        }

        // Smallest first: fewer members to test. The sort is stable, as glibc's qsort (a merge
        // sort) is for Redis, so equal sizes keep the order of the arguments.
        Arrays.sort(sets, Comparator.comparingLong(SetValue::size));

        SetValue dstset = null;
        Object replylen = null;
        if (dstkey != null) {
            dstset = SetValue.createIntset();
        } else if (!cardinalityOnly) {
            replylen = c.reply.addReplyDeferredLen();
        }
        long max = c.server.setMaxIntsetEntries;
        long cardinality = 0;
        try (SetValue.Iterator si = sets[0].iterator()) {
            for (int enc = si.next(); enc != -1; enc = si.next()) {
                int j;
                for (j = 1; j < setnum; j++) {
                    if (sets[j] == sets[0]) continue;
                    boolean member = enc == SetValue.ENCODING_INTSET ? sets[j].isMemberLong(si.llele) : sets[j].isMember(si.ele);
                    if (!member) break;
                }
                // Only members of every set are taken.
                if (j != setnum) continue;
                if (cardinalityOnly) {
                    cardinality++;
                    if (limit != 0 && cardinality >= limit) break;
                } else if (dstkey == null) {
                    addReplyMember(c, si, enc);
                    cardinality++;
                } else if (enc == SetValue.ENCODING_INTSET) {
                    dstset.addLong(si.llele, max);
                } else {
                    dstset.add(si.ele, max);
                }
            }
        }

        if (cardinalityOnly) {
            c.addReplyLongLong(cardinality);
        } else if (dstkey != null) {
            storeResult(c, dstkey, dstset, "sinterstore");
        } else {
            c.reply.setDeferredSetLen(replylen, cardinality);
        }
    }

    /**
     * The end of the *STORE commands: a non-empty result replaces the destination (any type,
     * dropping its TTL) with an event named after the command; an empty one deletes it.
     */
    private static void storeResult(Client c, byte[] dstkey, SetValue dstset, String event) {
        long size = dstset.size();
        if (size > 0) {
            c.db.setKey(dstkey, dstset, false);
            c.server.signalModifiedKey(c, c.db, dstkey);
            c.addReplyLongLong(size);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_SET, event, dstkey, c.db.id);
            c.server.dirty++;
        } else {
            c.addReplyRaw(Shared.CZERO);
            deleteDestination(c, dstkey);
        }
    }

    /** dbDelete of a *STORE destination whose result is empty: "del" and dirty only if it existed. */
    private static void deleteDestination(Client c, byte[] dstkey) {
        if (c.db.delete(dstkey)) {
            c.server.dirty++;
            c.server.signalModifiedKey(c, c.db, dstkey);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", dstkey, c.db.id);
        }
    }

    // ------------------------------------------------------------------ SUNION / SDIFF

    public static void sunionCommand(Client c) {
        sunionDiffGenericCommand(c, c.argv, 1, c.argc - 1, null, SET_OP_UNION);
    }

    public static void sunionstoreCommand(Client c) {
        sunionDiffGenericCommand(c, c.argv, 2, c.argc - 2, c.argv[1], SET_OP_UNION);
    }

    public static void sdiffCommand(Client c) {
        sunionDiffGenericCommand(c, c.argv, 1, c.argc - 1, null, SET_OP_DIFF);
    }

    public static void sdiffstoreCommand(Client c) {
        sunionDiffGenericCommand(c, c.argv, 2, c.argc - 2, c.argv[1], SET_OP_DIFF);
    }

    /**
     * sunionDiffGenericCommand: the result is built in a new set (an intset until a member
     * says otherwise), then replied in that set's order or stored. Missing keys are empty sets.
     * DIFF picks Redis's cheaper algorithm: test each member of the first set against the
     * others (O(N*M)), or add the first set and remove the members of the others (O(N)).
     */
    static void sunionDiffGenericCommand(Client c, byte[][] keys, int off, int setnum, byte[] dstkey, int op) {
        SetValue[] sets = new SetValue[setnum];
        boolean sameset = false;
        for (int j = 0; j < setnum; j++) {
            Object o = c.db.lookupKeyRead(keys[off + j]);
            if (o == null) continue;
            if (checkSet(c, o)) return;
            // The first set minus itself is empty whatever else is subtracted.
            if (j > 0 && sets[0] == o) sameset = true;
            sets[j] = (SetValue) o;
        }

        int diffAlgo = 1;
        if (op == SET_OP_DIFF && sets[0] != null && !sameset) {
            long algoOneWork = 0;
            long algoTwoWork = 0;
            for (int j = 0; j < setnum; j++) {
                if (sets[j] == null) continue;
                algoOneWork += sets[0].size();
                algoTwoWork += sets[j].size();
            }
            // Algorithm 1 has better constant times and stops early on common members.
            algoOneWork /= 2;
            diffAlgo = algoOneWork <= algoTwoWork ? 1 : 2;
            if (diffAlgo == 1 && setnum > 1) {
                // Largest first, to find a set holding the member as soon as possible.
                Arrays.sort(sets, 1, setnum, Comparator.comparingLong((SetValue s) -> s == null ? 0 : s.size()).reversed());
            }
        }

        long max = c.server.setMaxIntsetEntries;
        SetValue dstset = SetValue.createIntset();
        long cardinality = 0;
        if (op == SET_OP_UNION) {
            for (int j = 0; j < setnum; j++) {
                if (sets[j] == null) continue;
                try (SetValue.Iterator si = sets[j].iterator()) {
                    for (int enc = si.next(); enc != -1; enc = si.next()) {
                        if (addMember(dstset, si, enc, max)) cardinality++;
                    }
                }
            }
        } else if (sameset) {
            // The result is empty.
        } else if (sets[0] != null && diffAlgo == 1) {
            try (SetValue.Iterator si = sets[0].iterator()) {
                for (int enc = si.next(); enc != -1; enc = si.next()) {
                    int j;
                    for (j = 1; j < setnum; j++) {
                        if (sets[j] == null) continue;
                        if (sets[j] == sets[0]) break;
                        boolean member = enc == SetValue.ENCODING_INTSET ? sets[j].isMemberLong(si.llele) : sets[j].isMember(si.ele);
                        if (member) break;
                    }
                    if (j == setnum) {
                        addMember(dstset, si, enc, max);
                        cardinality++;
                    }
                }
            }
        } else if (sets[0] != null) {
            for (int j = 0; j < setnum; j++) {
                if (sets[j] == null) continue;
                try (SetValue.Iterator si = sets[j].iterator()) {
                    for (int enc = si.next(); enc != -1; enc = si.next()) {
                        if (j == 0) {
                            if (addMember(dstset, si, enc, max)) cardinality++;
                        } else if (removeMember(dstset, si, enc)) {
                            cardinality--;
                        }
                    }
                }
                // Nothing left to remove from.
                if (cardinality == 0) break;
            }
        }

        if (dstkey == null) {
            c.reply.addReplySetLen(cardinality);
            try (SetValue.Iterator si = dstset.iterator()) {
                for (int enc = si.next(); enc != -1; enc = si.next()) addReplyMember(c, si, enc);
            }
        } else {
            storeResult(c, dstkey, dstset, op == SET_OP_UNION ? "sunionstore" : "sdiffstore");
        }
    }

    /** setTypeAdd of the iterator's current member. */
    private static boolean addMember(SetValue dst, SetValue.Iterator si, int enc, long max) {
        return enc == SetValue.ENCODING_INTSET ? dst.addLong(si.llele, max) : dst.add(si.ele, max);
    }

    /** setTypeRemove of the iterator's current member. */
    private static boolean removeMember(SetValue dst, SetValue.Iterator si, int enc) {
        if (enc == SetValue.ENCODING_HT) return dst.remove(si.ele);
        if (dst.isIntset()) return dst.removeLong(si.llele);
        return dst.remove(Util.ll2bytes(si.llele));
    }

    // ------------------------------------------------------------------ SSCAN

    /** SSCAN key cursor [MATCH pattern] [COUNT count]: the cursor is validated before the key. */
    public static void sscanCommand(Client c) {
        Long cursor = ScanArgs.cursorOrReply(c, c.argv[2]);
        if (cursor == null) return;
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyRaw(ScanArgs.EMPTY_SCAN);
            return;
        }
        if (checkSet(c, o)) return;
        scanGenericCommand(c, (SetValue) o, cursor);
    }

    /**
     * scanGenericCommand for a set: options MATCH and COUNT (no TYPE, which only SCAN has). A
     * hashtable is walked with dictScan until COUNT members are collected (at most COUNT*10
     * calls); an intset is small by construction, so it is returned whole with cursor 0 whatever
     * the cursor was. Members not matching the pattern are dropped afterwards.
     */
    static void scanGenericCommand(Client c, SetValue set, long cursor) {
        ScanArgs args = ScanArgs.parseOrReply(c, 3, false);
        if (args == null) return;

        ArrayList<byte[]> members = new ArrayList<>();
        if (set.isIntset()) {
            byte[] is = set.intsetArray();
            int len = Intset.length(is);
            for (int k = 0; k < len; k++) members.add(Util.ll2bytes(Intset.get(is, k)));
            cursor = 0;
        } else {
            cursor = args.scan(set.dict()::scan, cursor, e -> members.add(e.key), members);
        }
        ScanArgs.addReplyScan(c, cursor, members, args.keepMatching(members, 1));
    }
}
