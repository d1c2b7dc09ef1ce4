package io.aeredis.commands;

import static io.aeredis.commands.RedisCommand.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hash commands of t_hash.c: HSET/HMSET/HSETNX, HGET/HMGET, HDEL, HLEN, HSTRLEN, HEXISTS,
 * HGETALL/HKEYS/HVALS, HINCRBY, HINCRBYFLOAT, HRANDFIELD and HSCAN, over {@link HashValue}
 * (the hashType* layer). Replies from a listpack-encoded hash are written straight from the
 * listpack's array, without copying the strings.
 */
public final class HashCommands {
    private HashCommands() {}

    /** Adds this family's rows to the command table. */
    public static void register(CommandTable t) {
        for (RedisCommand cmd : commands()) t.add(cmd);
        fixArgumentDocs(t);
    }

    /** The rows, with Redis 7.0's arity, flags, key specs, ACL categories, tips and docs. */
    static List<RedisCommand> commands() {
        return List.of(
        command("hset", -4, "write denyoom fast", 1, 1, 1, "hash")
            .since("2.0.0").summary("Set the string value of a hash field")
            .complexity("O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.")
            .syntax("key field value [field value ...]")
            .keySpecFlags("RW update")
            .history("4.0.0", "Accepts multiple `field` and `value` arguments.")
            .proc(HashCommands::hsetCommand),
        command("hsetnx", 4, "write denyoom fast", 1, 1, 1, "hash")
            .since("2.0.0").summary("Set the value of a hash field, only if the field does not exist")
            .complexity("O(1)")
            .syntax("key field value")
            .keySpecFlags("RW insert")
            .proc(HashCommands::hsetnxCommand),
        command("hget", 3, "readonly fast", 1, 1, 1, "hash")
            .since("2.0.0").summary("Get the value of a hash field")
            .complexity("O(1)")
            .syntax("key field")
            .keySpecFlags("RO access")
            .proc(HashCommands::hgetCommand),
        command("hmset", -4, "write denyoom fast", 1, 1, 1, "hash")
            .since("2.0.0").summary("Set multiple hash fields to multiple values")
            .complexity("O(N) where N is the number of fields being set.")
            .syntax("key field value [field value ...]")
            .keySpecFlags("RW update")
            .docFlags("deprecated")
            .deprecatedSince("4.0.0")
            .replacedBy("`HSET` with multiple field-value pairs")
            .proc(HashCommands::hmsetCommand),
        command("hmget", -3, "readonly fast", 1, 1, 1, "hash")
            .since("2.0.0").summary("Get the values of all the given hash fields")
            .complexity("O(N) where N is the number of fields being requested.")
            .syntax("key field [field ...]")
            .keySpecFlags("RO access")
            .proc(HashCommands::hmgetCommand),
        command("hdel", -3, "write fast", 1, 1, 1, "hash")
            .since("2.0.0").summary("Delete one or more hash fields")
            .complexity("O(N) where N is the number of fields to be removed.")
            .syntax("key field [field ...]")
            .keySpecFlags("RW delete")
            .history("2.4.0", "Accepts multiple `field` arguments.")
            .proc(HashCommands::hdelCommand),
        command("hlen", 2, "readonly fast", 1, 1, 1, "hash")
            .since("2.0.0").summary("Get the number of fields in a hash")
            .complexity("O(1)")
            .syntax("key")
            .keySpecFlags("RO")
            .proc(HashCommands::hlenCommand),
        command("hstrlen", 3, "readonly fast", 1, 1, 1, "hash")
            .since("3.2.0").summary("Get the length of the value of a hash field")
            .complexity("O(1)")
            .syntax("key field")
            .keySpecFlags("RO")
            .proc(HashCommands::hstrlenCommand),
        command("hincrby", 4, "write denyoom fast", 1, 1, 1, "hash")
            .since("2.0.0").summary("Increment the integer value of a hash field by the given number")
            .complexity("O(1)")
            .syntax("key field increment")
            .keySpecFlags("RW access update")
            .proc(HashCommands::hincrbyCommand),
        command("hincrbyfloat", 4, "write denyoom fast", 1, 1, 1, "hash")
            .since("2.6.0").summary("Increment the float value of a hash field by the given amount")
            .complexity("O(1)")
            .syntax("key field increment")
            .keySpecFlags("RW access update")
            .proc(HashCommands::hincrbyfloatCommand),
        command("hkeys", 2, "readonly", 1, 1, 1, "hash")
            .since("2.0.0").summary("Get all the fields in a hash")
            .complexity("O(N) where N is the size of the hash.")
            .syntax("key")
            .tips("nondeterministic_output_order")
            .keySpecFlags("RO access")
            .proc(HashCommands::hkeysCommand),
        command("hvals", 2, "readonly", 1, 1, 1, "hash")
            .since("2.0.0").summary("Get all the values in a hash")
            .complexity("O(N) where N is the size of the hash.")
            .syntax("key")
            .tips("nondeterministic_output_order")
            .keySpecFlags("RO access")
            .proc(HashCommands::hvalsCommand),
        command("hgetall", 2, "readonly", 1, 1, 1, "hash")
            .since("2.0.0").summary("Get all the fields and values in a hash")
            .complexity("O(N) where N is the size of the hash.")
            .syntax("key")
            .tips("nondeterministic_output_order")
            .keySpecFlags("RO access")
            .proc(HashCommands::hgetallCommand),
        command("hexists", 3, "readonly fast", 1, 1, 1, "hash")
            .since("2.0.0").summary("Determine if a hash field exists")
            .complexity("O(1)")
            .syntax("key field")
            .keySpecFlags("RO")
            .proc(HashCommands::hexistsCommand),
        command("hrandfield", -2, "readonly", 1, 1, 1, "hash")
            .since("6.2.0").summary("Get one or multiple random fields from a hash")
            .complexity("O(N) where N is the number of fields returned")
            .syntax("key [count [WITHVALUES]]")
            .tips("nondeterministic_output")
            .keySpecFlags("RO access")
            .proc(HashCommands::hrandfieldCommand),
        command("hscan", -3, "readonly", 1, 1, 1, "hash")
            .since("2.8.0").summary("Incrementally iterate hash fields and associated values")
            .complexity("O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")
            .syntax("key cursor [MATCH pattern] [COUNT count]")
            .tips("nondeterministic_output")
            .keySpecFlags("RO access")
            .proc(HashCommands::hscanCommand));
    }

    /**
     * What the docs syntax line cannot say about the argument trees of hash.json's commands:
     * HINCRBYFLOAT's increment is a double, and HRANDFIELD's optional block is named "options".
     */
    private static void fixArgumentDocs(CommandTable t) {
        RedisCommand incrbyfloat = t.lookupCommand(new byte[][] {Shared.bytes("hincrbyfloat")}, 1);
        if (incrbyfloat != null && incrbyfloat.args.size() == 3) incrbyfloat.args.get(2).type = CommandArg.Type.DOUBLE;
        RedisCommand randfield = t.lookupCommand(new byte[][] {Shared.bytes("hrandfield")}, 1);
        if (randfield != null && randfield.args.size() == 2) randfield.args.get(1).name = "options";
    }

    /** HRANDFIELD_SUB_STRATEGY_MUL: below this ratio of hash size to count, copy and remove. */
    static final int HRANDFIELD_SUB_STRATEGY_MUL = 3;

    // ------------------------------------------------------------------ lookups

    /** checkType(c, o, OBJ_HASH): true (after replying WRONGTYPE) if o exists and is no hash. */
    static boolean checkHash(Client c, Object o) {
        if (o != null && !(o instanceof HashValue)) {
            c.addReplyError(Shared.WRONGTYPE);
            return true;
        }
        return false;
    }

    /** hashTypeLookupWriteOrCreate: the hash at key, a new empty one added to the db, or null after WRONGTYPE. */
    static HashValue hashTypeLookupWriteOrCreate(Client c, byte[] key) {
        Object o = c.db.lookupKeyWrite(key);
        if (checkHash(c, o)) return null;
        if (o == null) {
            HashValue h = new HashValue();
            c.db.add(key, h);
            return h;
        }
        return (HashValue) o;
    }

    /** addHashFieldToReply: the value of a field as a bulk string, or a null. */
    static void addHashFieldToReply(Client c, HashValue h, byte[] field) {
        if (h == null) {
            c.addReplyNull();
            return;
        }
        if (h.isListpack()) {
            int vptr = h.lpValueOffset(field);
            if (vptr == Listpack.END) {
                c.addReplyNull();
            } else {
                Listpack lp = h.listpack();
                c.reply.addReplyBulk(lp.array(), lp.dataOffset(vptr), lp.length(vptr));
            }
            return;
        }
        byte[] v = (byte[]) h.dict().get(field);
        if (v == null) c.addReplyNull();
        else c.addReplyBulk(v);
    }

    /** The WATCH / keyspace-event / dirty bookkeeping after a write to a hash. */
    private static void afterWrite(Client c, byte[] key, String event, long dirty) {
        c.server.signalModifiedKey(c, c.db, key);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_HASH, event, key, c.db.id);
        c.server.dirty += dirty;
    }

    // ------------------------------------------------------------------ writes

    /** hsetnxCommand: sets the field only if it does not exist; 1 if set, 0 if not. */
    public static void hsetnxCommand(Client c) {
        HashValue h = hashTypeLookupWriteOrCreate(c, c.argv[1]);
        if (h == null) return;
        if (h.exists(c.argv[2])) {
            c.addReplyRaw(Shared.CZERO);
            return;
        }
        h.tryConversion(c.server, c.argv, 2, 3);
        h.set(c.server, c.argv[2], c.argv[3]);
        c.addReplyRaw(Shared.CONE);
        afterWrite(c, c.argv[1], "hset", 1);
    }

    /** hsetCommand for HSET (replies the number of fields added) and HMSET (replies OK). */
    static void hsetGenericCommand(Client c, boolean hmset) {
        if ((c.argc % 2) == 1) {
            c.addReplyError("wrong number of arguments for '" + Util.cmdName(c) + "' command"); // addReplyErrorArity
            return;
        }
        HashValue h = hashTypeLookupWriteOrCreate(c, c.argv[1]);
        if (h == null) return;
        h.tryConversion(c.server, c.argv, 2, c.argc - 1);
        long created = 0;
        for (int i = 2; i < c.argc; i += 2) {
            if (!h.set(c.server, c.argv[i], c.argv[i + 1])) created++;
        }
        if (hmset) c.addReplyRaw(Shared.OK);
        else c.addReplyLongLong(created);
        afterWrite(c, c.argv[1], "hset", (c.argc - 2) / 2);
    }

    public static void hsetCommand(Client c) {
        hsetGenericCommand(c, false);
    }

    public static void hmsetCommand(Client c) {
        hsetGenericCommand(c, true);
    }

    /** hincrbyCommand: the value must be a strict integer string; the result must fit a long long. */
    public static void hincrbyCommand(Client c) {
        if (!Util.getLongLongOrReply(c, c.argv[3], null)) return;
        long incr = Util.string2ll(c.argv[3]);
        HashValue h = hashTypeLookupWriteOrCreate(c, c.argv[1]);
        if (h == null) return;
        long value = 0;
        byte[] cur = h.get(c.argv[2]);
        if (cur != null) {
            if (!Util.isLongLong(cur)) {
                c.addReplyError("hash value is not an integer");
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
        h.set(c.server, c.argv[2], Util.ll2bytes(value));
        c.addReplyLongLong(value);
        afterWrite(c, c.argv[1], "hincrby", 1);
    }

    /**
     * hincrbyfloatCommand: long double arithmetic printed like ld2string(LD_STR_HUMAN), as
     * INCRBYFLOAT does (see {@link LongDouble}).
     */
    public static void hincrbyfloatCommand(Client c) {
        LongDouble incr = LongDouble.parse(c.argv[3]);
        if (incr == null) {
            c.addReplyError(Shared.ERR_NOT_FLOAT);
            return;
        }
        if (incr.isInfinite()) {
            c.addReplyError("value is NaN or Infinity");
            return;
        }
        HashValue h = hashTypeLookupWriteOrCreate(c, c.argv[1]);
        if (h == null) return;
        LongDouble value = LongDouble.ZERO;
        byte[] cur = h.get(c.argv[2]);
        if (cur != null) {
            value = LongDouble.parse(cur);
            if (value == null) {
                c.addReplyError("hash value is not a float");
                return;
            }
        }
        LongDouble sum = value.add(incr);
        if (sum == null || sum.isInfinite()) {
            c.addReplyError("increment would produce NaN or Infinity");
            return;
        }
        byte[] nv = sum.toHumanBytes();
        h.set(c.server, c.argv[2], nv);
        c.addReplyBulk(nv);
        afterWrite(c, c.argv[1], "hincrbyfloat", 1);
    }

    /** hdelCommand: deleting the last field deletes the key (and fires "del"). */
    public static void hdelCommand(Client c) {
        byte[] key = c.argv[1];
        Object o = c.db.lookupKeyWrite(key);
        if (o == null) {
            c.addReplyRaw(Shared.CZERO);
            return;
        }
        if (checkHash(c, o)) return;
        HashValue h = (HashValue) o;
        long deleted = 0;
        boolean keyremoved = false;
        for (int j = 2; j < c.argc; j++) {
            if (h.delete(c.argv[j])) {
                deleted++;
                if (h.length() == 0) {
                    c.db.delete(key);
                    keyremoved = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            if (!keyremoved) h.trimListpack();
            c.server.signalModifiedKey(c, c.db, key);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_HASH, "hdel", key, c.db.id);
            if (keyremoved) c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", key, c.db.id);
            c.server.dirty += deleted;
        }
        c.addReplyLongLong(deleted);
    }

    // ------------------------------------------------------------------ reads

    public static void hgetCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyNull();
            return;
        }
        if (checkHash(c, o)) return;
        addHashFieldToReply(c, (HashValue) o, c.argv[2]);
    }

    /** hmgetCommand: a missing key replies a null per field, like an empty hash. */
    public static void hmgetCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (checkHash(c, o)) return;
        HashValue h = (HashValue) o;
        c.addReplyArrayLen(c.argc - 2);
        for (int i = 2; i < c.argc; i++) addHashFieldToReply(c, h, c.argv[i]);
    }

    public static void hlenCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyRaw(Shared.CZERO);
            return;
        }
        if (checkHash(c, o)) return;
        c.addReplyLongLong(((HashValue) o).length());
    }

    public static void hstrlenCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyRaw(Shared.CZERO);
            return;
        }
        if (checkHash(c, o)) return;
        c.addReplyLongLong(((HashValue) o).valueLength(c.argv[2]));
    }

    public static void hexistsCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyRaw(Shared.CZERO);
            return;
        }
        if (checkHash(c, o)) return;
        c.addReplyRaw(((HashValue) o).exists(c.argv[2]) ? Shared.CONE : Shared.CZERO);
    }

    /**
     * genericHgetallCommand: fields, values, or both (a map in RESP3, a flat array in RESP2);
     * a missing key is an empty map or array.
     */
    static void genericHgetallCommand(Client c, int flags) {
        boolean both = flags == (HashValue.OBJ_HASH_KEY | HashValue.OBJ_HASH_VALUE);
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            if (both) c.addReplyMapLen(0);
            else c.addReplyRaw(Shared.EMPTY_ARRAY);
            return;
        }
        if (checkHash(c, o)) return;
        HashValue h = (HashValue) o;
        long length = h.length();
        if (both) c.addReplyMapLen(length);
        else c.addReplyArrayLen(length);
        long count = 0;
        try (HashValue.Iterator hi = h.iterator()) {
            while (hi.next()) {
                if ((flags & HashValue.OBJ_HASH_KEY) != 0) hi.addToReply(c, HashValue.OBJ_HASH_KEY);
                if ((flags & HashValue.OBJ_HASH_VALUE) != 0) hi.addToReply(c, HashValue.OBJ_HASH_VALUE);
                count++;
            }
        }
        if (count != length) throw new IllegalStateException("hash iterated " + count + " of " + length + " fields");
    }

    public static void hkeysCommand(Client c) {
        genericHgetallCommand(c, HashValue.OBJ_HASH_KEY);
    }

    public static void hvalsCommand(Client c) {
        genericHgetallCommand(c, HashValue.OBJ_HASH_VALUE);
    }

    public static void hgetallCommand(Client c) {
        genericHgetallCommand(c, HashValue.OBJ_HASH_KEY | HashValue.OBJ_HASH_VALUE);
    }

    // ------------------------------------------------------------------ HRANDFIELD

    /**
     * HRANDFIELD key [count [WITHVALUES]]. The count is parsed (and checked) before the key is
     * looked up; without a count the reply is one field (or a null).
     */
    public static void hrandfieldCommand(Client c) {
        if (c.argc >= 3) {
            Util.RandomCount rc = Util.randomCountOrReply(c, "withvalues");
            if (rc != null) hrandfieldWithCountCommand(c, rc.count(), rc.with());
            return;
        }
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyNull();
            return;
        }
        if (checkHash(c, o)) return;
        HashValue h = (HashValue) o;
        if (h.isListpack()) {
            Listpack lp = h.listpack();
            int f = h.lpRandomPair();
            c.reply.addReplyBulk(lp.array(), lp.dataOffset(f), lp.length(f));
        } else {
            c.addReplyBulk(h.dictRandomEntry().key);
        }
    }

    /** One field (and its value) of a listpack hash, nested as a pair in RESP3 when withvalues. */
    private static void replyLpPair(Client c, Listpack lp, int fptr, boolean withvalues) {
        if (withvalues && c.resp() > 2) c.addReplyArrayLen(2);
        c.reply.addReplyBulk(lp.array(), lp.dataOffset(fptr), lp.length(fptr));
        if (withvalues) {
            int vptr = lp.next(fptr);
            c.reply.addReplyBulk(lp.array(), lp.dataOffset(vptr), lp.length(vptr));
        }
    }

    private static void replyPair(Client c, byte[] field, byte[] value, boolean withvalues) {
        if (withvalues && c.resp() > 2) c.addReplyArrayLen(2);
        c.addReplyBulk(field);
        if (withvalues) c.addReplyBulk(value);
    }

    /**
     * hrandfieldWithCountCommand: a negative count allows repetitions (count picks), a positive
     * one returns distinct fields: the whole hash when count &gt;= size, else "copy all and
     * remove randomly" when count is more than a third of the size, else a selection sample in
     * listpack order (listpack) or "pick randomly until enough distinct" (hashtable), as 7.0
     * does.
     */
    static void hrandfieldWithCountCommand(Client c, long l, boolean withvalues) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyRaw(Shared.EMPTY_ARRAY);
            return;
        }
        if (checkHash(c, o)) return;
        HashValue h = (HashValue) o;
        long size = h.length();
        boolean uniq = l >= 0;
        long count = uniq ? l : -l;
        if (count == 0) {
            c.addReplyRaw(Shared.EMPTY_ARRAY);
            return;
        }
        boolean flat = withvalues && c.resp() == 2;

        // CASE 1: a negative count: count independent picks, repetitions allowed.
        if (!uniq || count == 1) {
            c.addReplyArrayLen(flat ? count * 2 : count);
            if (h.isListpack()) {
                // lpRandomPairs: index the pairs once, then every pick is O(1).
                Listpack lp = h.listpack();
                int[] pairs = new int[(int) size];
                int n = 0;
                for (int f = lp.first(); f != Listpack.END; f = lp.next(lp.next(f))) pairs[n++] = f;
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (count-- > 0) {
                    replyLpPair(c, lp, pairs[rnd.nextInt(n)], withvalues);
                    if ((c.flags & Client.CLOSE_ASAP) != 0) break;
                }
                return;
            }
            while (count-- > 0) {
                Dict.ValEntry de = h.dictRandomEntry();
                replyPair(c, de.key, (byte[]) de.val, withvalues);
                if ((c.flags & Client.CLOSE_ASAP) != 0) break;
            }
            return;
        }

        long replySize = Math.min(count, size);
        c.addReplyArrayLen(flat ? replySize * 2 : replySize);

        // CASE 2: asking for the whole hash or more: return it all.
        if (count >= size) {
            try (HashValue.Iterator hi = h.iterator()) {
                while (hi.next()) {
                    if (withvalues && c.resp() > 2) c.addReplyArrayLen(2);
                    hi.addToReply(c, HashValue.OBJ_HASH_KEY);
                    if (withvalues) hi.addToReply(c, HashValue.OBJ_HASH_VALUE);
                }
            }
            return;
        }

        // CASE 3: count is close to the size: copy every pair, drop random ones until count remain.
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (count * HRANDFIELD_SUB_STRATEGY_MUL > size) {
            if (h.isListpack()) {
                Listpack lp = h.listpack();
                int[] all = new int[(int) size];
                int n = 0;
                for (int f = lp.first(); f != Listpack.END; f = lp.next(lp.next(f))) all[n++] = f;
                while (n > count) all[rnd.nextInt(n)] = all[--n];
                for (int i = 0; i < n; i++) replyLpPair(c, lp, all[i], withvalues);
                return;
            }
            List<Dict.ValEntry> all = new ArrayList<>((int) size);
            try (Dict.Iterator it = h.dict().iterator()) {
                for (Dict.Entry e = it.next(); e != null; e = it.next()) all.add((Dict.ValEntry) e);
            }
            int n = all.size();
            while (n > count) all.set(rnd.nextInt(n), all.get(--n));
            for (int i = 0; i < n; i++) {
                Dict.ValEntry de = all.get(i);
                replyPair(c, de.key, (byte[]) de.val, withvalues);
            }
            return;
        }

        // CASE 4: a big hash and a small count. A listpack: lpRandomPairsUnique's selection
        // sampling (each pair taken with probability still-needed / still-available), in order.
        if (h.isListpack()) {
            Listpack lp = h.listpack();
            long remaining = count;
            long index = 0;
            for (int f = lp.first(); f != Listpack.END && remaining > 0; f = lp.next(lp.next(f)), index++) {
                if (rnd.nextLong(size - index) < remaining) {
                    replyLpPair(c, lp, f, withvalues);
                    remaining--;
                }
            }
            return;
        }
        // A hashtable: random picks, skipping the fields already given.
        Dict seen = new Dict(false);
        seen.expand(count);
        long added = 0;
        while (added < count) {
            Dict.ValEntry de = h.dictRandomEntry();
            Dict.ValEntry s = (Dict.ValEntry) seen.addOrFind(de.key);
            if (s.val != null) continue;
            s.val = Boolean.TRUE;
            added++;
            replyPair(c, de.key, (byte[]) de.val, withvalues);
        }
    }

    // ------------------------------------------------------------------ HSCAN

    /** HSCAN key cursor [MATCH pattern] [COUNT count]: the cursor is checked before the key. */
    public static void hscanCommand(Client c) {
        Long cursor = ScanArgs.cursorOrReply(c, c.argv[2]);
        if (cursor == null) return;
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyRaw(ScanArgs.EMPTY_SCAN);
            return;
        }
        if (checkHash(c, o)) return;
        scanHash(c, (HashValue) o, cursor);
    }

    /**
     * scanGenericCommand for a hash (options from argv[3]): a listpack is returned whole with
     * cursor 0; a hashtable is walked with dictScan until COUNT elements (fields and values each
     * count, as Redis counts list nodes) are collected or COUNT*10 buckets were visited. MATCH
     * filters on the field and drops its value with it.
     */
    static void scanHash(Client c, HashValue h, long cursor) {
        ScanArgs args = ScanArgs.parseOrReply(c, 3, false);
        if (args == null) return;

        if (h.isListpack()) {
            // Small encodings are returned in one go: the cursor is ignored and becomes 0.
            Listpack lp = h.listpack();
            byte[] a = lp.array();
            int n = 0;
            int[] fields = new int[lp.size() / 2];
            for (int f = lp.first(); f != Listpack.END; f = lp.next(lp.next(f))) {
                if (args.matches(a, lp.dataOffset(f), lp.length(f))) {
                    fields[n++] = f;
                }
            }
            c.addReplyArrayLen(2);
            c.reply.addReplyBulkLongLong(0);
            c.addReplyArrayLen(2L * n);
            for (int k = 0; k < n; k++) {
                int f = fields[k];
                int v = lp.next(f);
                c.reply.addReplyBulk(a, lp.dataOffset(f), lp.length(f));
                c.reply.addReplyBulk(a, lp.dataOffset(v), lp.length(v));
            }
            return;
        }

        ArrayList<byte[]> items = new ArrayList<>();
        cursor = args.scan(h.dict()::scan, cursor, e -> {
            items.add(e.key);
            items.add((byte[]) ((Dict.ValEntry) e).val);
        }, items);
        ScanArgs.addReplyScan(c, cursor, items, args.keepMatching(items, 2));
    }
}
