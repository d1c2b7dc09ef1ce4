package io.aeredis.commands;

import static io.aeredis.commands.RedisCommand.command;

import java.util.ArrayList;
import java.util.List;

/**
 * The list commands of t_list.c: pushes and pops (with COUNT), LLEN, LRANGE, LINDEX, LSET,
 * LINSERT, LREM, LTRIM, LPOS, LMOVE/RPOPLPUSH, LMPOP, and the blocking BLPOP, BRPOP, BLMOVE,
 * BRPOPLPUSH and BLMPOP. Lists are {@link Quicklist} values.
 *
 * <p>Blocking commands serve at once when a key holds data, exactly like their non-blocking
 * forms; otherwise they block through {@link Blocking#blockForKeys}, or, where blocking is not
 * allowed (MULTI, scripts), reply as on timeout. When a key they wait on gets data the server
 * runs the same command again, which then finds the data.
 */
public final class ListCommands {
    private ListCommands() {}

    /** LIST_HEAD / LIST_TAIL. */
    static final int LIST_HEAD = Quicklist.HEAD;
    static final int LIST_TAIL = Quicklist.TAIL;

    /** shared.outofrangeerr */
    static final String ERR_OUT_OF_RANGE = "index out of range";

    /** Adds this family's rows to the command table. */
    public static void register(CommandTable t) {
        for (RedisCommand cmd : commands()) t.add(cmd);
    }

    private static final String PUSH_COMPLEXITY =
        "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.";
    private static final String MPOP_COMPLEXITY =
        "O(N+M) where N is the number of provided keys and M is the number of elements returned.";

    /** The rows, with Redis 7.0's arity, flags, key specs, ACL categories and docs. */
    static List<RedisCommand> commands() {
        return List.of(
        command("lpush", -3, "write denyoom fast", 1, 1, 1, "list")
            .since("1.0.0").summary("Prepend one or multiple elements to a list")
            .complexity(PUSH_COMPLEXITY)
            .syntax("key element [element ...]")
            .history("2.4.0", "Accepts multiple `element` arguments.")
            .keySpecFlags("RW insert")
            .proc(ListCommands::lpushCommand),
        command("rpush", -3, "write denyoom fast", 1, 1, 1, "list")
            .since("1.0.0").summary("Append one or multiple elements to a list")
            .complexity(PUSH_COMPLEXITY)
            .syntax("key element [element ...]")
            .history("2.4.0", "Accepts multiple `element` arguments.")
            .keySpecFlags("RW insert")
            .proc(ListCommands::rpushCommand),
        command("lpushx", -3, "write denyoom fast", 1, 1, 1, "list")
            .since("2.2.0").summary("Prepend an element to a list, only if the list exists")
            .complexity(PUSH_COMPLEXITY)
            .syntax("key element [element ...]")
            .history("4.0.0", "Accepts multiple `element` arguments.")
            .keySpecFlags("RW insert")
            .proc(ListCommands::lpushxCommand),
        command("rpushx", -3, "write denyoom fast", 1, 1, 1, "list")
            .since("2.2.0").summary("Append an element to a list, only if the list exists")
            .complexity(PUSH_COMPLEXITY)
            .syntax("key element [element ...]")
            .history("4.0.0", "Accepts multiple `element` arguments.")
            .keySpecFlags("RW insert")
            .proc(ListCommands::rpushxCommand),
        command("lpop", -2, "write fast", 1, 1, 1, "list")
            .since("1.0.0").summary("Remove and get the first elements in a list")
            .complexity("O(N) where N is the number of elements returned")
            .syntax("key [count]")
            .history("6.2.0", "Added the `count` argument.")
            .keySpecFlags("RW access delete")
            .proc(ListCommands::lpopCommand),
        command("rpop", -2, "write fast", 1, 1, 1, "list")
            .since("1.0.0").summary("Remove and get the last elements in a list")
            .complexity("O(N) where N is the number of elements returned")
            .syntax("key [count]")
            .history("6.2.0", "Added the `count` argument.")
            .keySpecFlags("RW access delete")
            .proc(ListCommands::rpopCommand),
        command("llen", 2, "readonly fast", 1, 1, 1, "list")
            .since("1.0.0").summary("Get the length of a list")
            .complexity("O(1)")
            .syntax("key")
            .keySpecFlags("RO")
            .proc(ListCommands::llenCommand),
        command("lrange", 4, "readonly", 1, 1, 1, "list")
            .since("1.0.0").summary("Get a range of elements from a list")
            .complexity("O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.")
            .syntax("key start stop")
            .keySpecFlags("RO access")
            .proc(ListCommands::lrangeCommand),
        command("lindex", 3, "readonly", 1, 1, 1, "list")
            .since("1.0.0").summary("Get an element from a list by its index")
            .complexity("O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).")
            .syntax("key index")
            .keySpecFlags("RO access")
            .proc(ListCommands::lindexCommand),
        command("lset", 4, "write denyoom", 1, 1, 1, "list")
            .since("1.0.0").summary("Set the value of an element in a list by its index")
            .complexity("O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).")
            .syntax("key index element")
            .keySpecFlags("RW update")
            .proc(ListCommands::lsetCommand),
        command("linsert", 5, "write denyoom", 1, 1, 1, "list")
            .since("2.2.0").summary("Insert an element before or after another element in a list")
            .complexity("O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).")
            .syntax("key <BEFORE | AFTER> pivot element")
            .keySpecFlags("RW insert")
            .proc(ListCommands::linsertCommand),
        command("lrem", 4, "write", 1, 1, 1, "list")
            .since("1.0.0").summary("Remove elements from a list")
            .complexity("O(N+M) where N is the length of the list and M is the number of elements removed.")
            .syntax("key count element")
            .keySpecFlags("RW delete")
            .proc(ListCommands::lremCommand),
        command("ltrim", 4, "write", 1, 1, 1, "list")
            .since("1.0.0").summary("Trim a list to the specified range")
            .complexity("O(N) where N is the number of elements to be removed by the operation.")
            .syntax("key start stop")
            .keySpecFlags("RW delete")
            .proc(ListCommands::ltrimCommand),
        command("lpos", -3, "readonly", 1, 1, 1, "list")
            .since("6.0.6").summary("Return the index of matching elements on a list")
            .complexity("O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.")
            .syntax("key element [RANK rank] [COUNT num-matches] [MAXLEN len]")
            .keySpecFlags("RO access")
            .proc(ListCommands::lposCommand),
        command("lmove", 5, "write denyoom", 1, 2, 1, "list")
            .since("6.2.0").summary("Pop an element from a list, push it to another list and return it")
            .complexity("O(1)")
            .syntax("source destination <LEFT | RIGHT> <LEFT | RIGHT>")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("RW access delete"))
            .keySpec(KeySpec.index(2).range(0, 1, 0).flags("RW insert"))
            .proc(ListCommands::lmoveCommand),
        command("rpoplpush", 3, "write denyoom", 1, 2, 1, "list")
            .since("1.2.0").summary("Remove the last element in a list, prepend it to another list and return it")
            .complexity("O(1)")
            .syntax("source destination")
            .docFlags("deprecated")
            .deprecatedSince("6.2.0")
            .replacedBy("`LMOVE` with the `RIGHT` and `LEFT` arguments")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("RW access delete"))
            .keySpec(KeySpec.index(2).range(0, 1, 0).flags("RW insert"))
            .proc(ListCommands::rpoplpushCommand),
        command("lmpop", -4, "write movablekeys", 0, 0, 0, "list")
            .since("7.0.0").summary("Pop elements from a list")
            .complexity(MPOP_COMPLEXITY)
            .syntax("numkeys key [key ...] <LEFT | RIGHT> [COUNT count]")
            .keySpec(KeySpec.index(1).keynum(0, 1, 1).flags("RW access delete"))
            .proc(ListCommands::lmpopCommand),
        command("blpop", -3, "write noscript blocking", 1, -2, 1, "list")
            .since("2.0.0").summary("Remove and get the first element in a list, or block until one is available")
            .complexity("O(N) where N is the number of provided keys.")
            .syntax("key [key ...] timeout")
            .history("6.0.0", "`timeout` is interpreted as a double instead of an integer.")
            .keySpecFlags("RW access delete")
            .proc(ListCommands::blpopCommand),
        command("brpop", -3, "write noscript blocking", 1, -2, 1, "list")
            .since("2.0.0").summary("Remove and get the last element in a list, or block until one is available")
            .complexity("O(N) where N is the number of provided keys.")
            .syntax("key [key ...] timeout")
            .history("6.0.0", "`timeout` is interpreted as a double instead of an integer.")
            .keySpecFlags("RW access delete")
            .proc(ListCommands::brpopCommand),
        command("blmove", 6, "write denyoom noscript blocking", 1, 2, 1, "list")
            .since("6.2.0").summary("Pop an element from a list, push it to another list and return it; or block until one is available")
            .complexity("O(1)")
            .syntax("source destination <LEFT | RIGHT> <LEFT | RIGHT> timeout")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("RW access delete"))
            .keySpec(KeySpec.index(2).range(0, 1, 0).flags("RW insert"))
            .proc(ListCommands::blmoveCommand),
        command("brpoplpush", 4, "write denyoom noscript blocking", 1, 2, 1, "list")
            .since("2.2.0").summary("Pop an element from a list, push it to another list and return it; or block until one is available")
            .complexity("O(1)")
            .syntax("source destination timeout")
            .history("6.0.0", "`timeout` is interpreted as a double instead of an integer.")
            .docFlags("deprecated")
            .deprecatedSince("6.2.0")
            .replacedBy("`BLMOVE` with the `RIGHT` and `LEFT` arguments")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("RW access delete"))
            .keySpec(KeySpec.index(2).range(0, 1, 0).flags("RW insert"))
            .proc(ListCommands::brpoplpushCommand),
        command("blmpop", -5, "write blocking movablekeys", 0, 0, 0, "list")
            .since("7.0.0").summary("Pop elements from a list, or block until one is available")
            .complexity(MPOP_COMPLEXITY)
            .syntax("timeout numkeys key [key ...] <LEFT | RIGHT> [COUNT count]")
            .keySpec(KeySpec.index(2).keynum(0, 1, 1).flags("RW access delete"))
            .proc(ListCommands::blmpopCommand));
    }

    // ------------------------------------------------------------------ list type helpers

    /** createQuicklistObject + quicklistSetOptions(list-max-listpack-size). */
    static Quicklist createList(Client c) {
        return new Quicklist(c.server.listMaxListpackSize);
    }

    /** checkType(c, o, OBJ_LIST): true (after replying WRONGTYPE) if o exists and is no list. */
    static boolean checkList(Client c, Object o) {
        if (o != null && !(o instanceof Quicklist)) {
            c.addReplyError(Shared.WRONGTYPE);
            return true;
        }
        return false;
    }

    /** The bulk reply for the iterator's current entry, straight from the node's bytes. */
    private static void addReplyEntry(Client c, Quicklist.Iter it) {
        c.reply.addReplyBulk(it.array(), it.dataOffset(), it.length());
    }

    /**
     * addListRangeReply: the elements from {@code start} to {@code end} (inclusive, negative
     * counting from the tail, clipped to the list), from the tail backwards when
     * {@code reverse}.
     */
    static void addListRangeReply(Client c, Quicklist o, long start, long end, boolean reverse) {
        long llen = o.size();
        if (start < 0) start = llen + start;
        if (end < 0) end = llen + end;
        if (start < 0) start = 0;
        // Invariant: start >= 0, so this test is true when end < 0. The range is empty when start > end or start >= length.
        if (start > end || start >= llen) {
            c.addReplyArrayLen(0);
            return;
        }
        if (end >= llen) end = llen - 1;
        long rangelen = end - start + 1;
        c.addReplyArrayLen(rangelen);
        Quicklist.Iter it = o.iterator(reverse ? end : start, !reverse);
        while (rangelen-- > 0) {
            it.next();
            addReplyEntry(c, it);
        }
    }

    /**
     * listElementsRemoved: the pop event, deleting the key when the list is now empty, then
     * WATCH and dirty. Returns whether the key was deleted.
     */
    static boolean listElementsRemoved(Client c, byte[] key, int where, Quicklist o, long count) {
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_LIST, where == LIST_HEAD ? "lpop" : "rpop", key, c.db.id);
        boolean deleted = false;
        if (o.size() == 0) {
            c.db.delete(key);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", key, c.db.id);
            deleted = true;
        }
        c.server.signalModifiedKey(c, c.db, key);
        c.server.dirty += count;
        return deleted;
    }

    /** getListPositionFromObjectOrReply: LEFT or RIGHT; -2 after a syntax error reply. */
    static int getListPositionOrReply(Client c, byte[] arg) {
        if (Util.strcasecmp(arg, "right")) return LIST_TAIL;
        if (Util.strcasecmp(arg, "left")) return LIST_HEAD;
        c.addReplyError(Shared.ERR_SYNTAX);
        return -2;
    }

    // ------------------------------------------------------------------ push

    /** pushGenericCommand: LPUSH/RPUSH, and with {@code xx} LPUSHX/RPUSHX (only an existing list). */
    static void pushGenericCommand(Client c, int where, boolean xx) {
        byte[] key = c.argv[1];
        Object o = c.db.lookupKeyWrite(key);
        if (checkList(c, o)) return;
        Quicklist list = (Quicklist) o;
        if (list == null) {
            if (xx) {
                c.addReplyLongLong(0);
                return;
            }
            list = createList(c);
            c.db.add(key, list);
        }
        for (int j = 2; j < c.argc; j++) {
            list.push(c.argv[j], where);
            c.server.dirty++;
        }
        c.addReplyLongLong(list.size());
        c.server.signalModifiedKey(c, c.db, key);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_LIST, where == LIST_HEAD ? "lpush" : "rpush", key, c.db.id);
    }

    static void lpushCommand(Client c) { pushGenericCommand(c, LIST_HEAD, false); }

    static void rpushCommand(Client c) { pushGenericCommand(c, LIST_TAIL, false); }

    static void lpushxCommand(Client c) { pushGenericCommand(c, LIST_HEAD, true); }

    static void rpushxCommand(Client c) { pushGenericCommand(c, LIST_TAIL, true); }

    // ------------------------------------------------------------------ linsert / llen / lindex / lset

    /** linsertCommand: LINSERT key BEFORE|AFTER pivot element; -1 when the pivot is missing. */
    static void linsertCommand(Client c) {
        boolean after;
        if (Util.strcasecmp(c.argv[2], "after")) {
            after = true;
        } else if (Util.strcasecmp(c.argv[2], "before")) {
            after = false;
        } else {
            c.addReplyError(Shared.ERR_SYNTAX);
            return;
        }
        byte[] key = c.argv[1];
        Object o = c.db.lookupKeyWrite(key);
        if (o == null) {
            c.addReplyLongLong(0);
            return;
        }
        if (checkList(c, o)) return;
        Quicklist list = (Quicklist) o;
        byte[] pivot = c.argv[3];
        boolean inserted = false;
        // Seek the pivot from head to tail.
        Quicklist.Iter it = list.iterator(0, true);
        while (it.next()) {
            if (it.equalsCurrent(pivot)) {
                it.insert(c.argv[4], after);
                inserted = true;
                break;
            }
        }
        if (!inserted) {
            c.addReplyLongLong(-1);
            return;
        }
        c.server.signalModifiedKey(c, c.db, key);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_LIST, "linsert", key, c.db.id);
        c.server.dirty++;
        c.addReplyLongLong(list.size());
    }

    static void llenCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyLongLong(0);
            return;
        }
        if (checkList(c, o)) return;
        c.addReplyLongLong(((Quicklist) o).size());
    }

    /** lindexCommand: the key is looked up before the index is parsed, as Redis does. */
    static void lindexCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyNull();
            return;
        }
        if (checkList(c, o)) return;
        if (!Util.getLongLongOrReply(c, c.argv[2], null)) return;
        byte[] v = ((Quicklist) o).index(Util.string2ll(c.argv[2]));
        if (v == null) c.addReplyNull();
        else c.addReplyBulk(v);
    }

    static void lsetCommand(Client c) {
        byte[] key = c.argv[1];
        Object o = c.db.lookupKeyWrite(key);
        if (o == null) {
            c.addReplyError(Shared.ERR_NO_SUCH_KEY);
            return;
        }
        if (checkList(c, o)) return;
        if (!Util.getLongLongOrReply(c, c.argv[2], null)) return;
        if (!((Quicklist) o).replaceAtIndex(Util.string2ll(c.argv[2]), c.argv[3])) {
            c.addReplyError(ERR_OUT_OF_RANGE);
            return;
        }
        c.addReplyRaw(Shared.OK);
        c.server.signalModifiedKey(c, c.db, key);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_LIST, "lset", key, c.db.id);
        c.server.dirty++;
    }

    // ------------------------------------------------------------------ pop

    /**
     * popGenericCommand: LPOP/RPOP key [count]. Without count a bulk (null when missing); with
     * count an array (null array when missing, empty for count 0).
     */
    static void popGenericCommand(Client c, int where) {
        boolean hascount = c.argc == 3;
        long count = 0;
        if (c.argc > 3) {
            c.addReplyError("wrong number of arguments for '" + Util.cmdName(c) + "' command");
            return;
        } else if (hascount) {
            if (!Util.getRangeLongOrReply(c, c.argv[2], 0, Long.MAX_VALUE, "value is out of range, must be positive")) return;
            count = Util.string2ll(c.argv[2]);
        }
        byte[] key = c.argv[1];
        Object o = c.db.lookupKeyWrite(key);
        if (o == null) {
            if (hascount) c.addReplyNullArray();
            else c.addReplyNull();
            return;
        }
        if (checkList(c, o)) return;
        Quicklist list = (Quicklist) o;
        if (hascount && count == 0) {
            c.addReplyArrayLen(0);
            return;
        }
        if (count == 0) {
            // POP's original behaviour: one element as a bulk.
            c.addReplyBulk(list.pop(where));
            listElementsRemoved(c, key, where, list, 1);
        } else {
            long popped = popRangeAndReply(c, list, where, count);
            listElementsRemoved(c, key, where, list, popped);
        }
    }

    /**
     * Replies up to {@code count} elements from the {@code where} end (the tail ones in pop
     * order) and removes them. Returns how many.
     */
    private static long popRangeAndReply(Client c, Quicklist list, int where, long count) {
        long llen = list.size();
        long rangelen = Math.min(count, llen);
        long rangestart = where == LIST_HEAD ? 0 : -rangelen;
        long rangeend = where == LIST_HEAD ? rangelen - 1 : -1;
        addListRangeReply(c, list, rangestart, rangeend, where != LIST_HEAD);
        list.delRange(rangestart, rangelen);
        return rangelen;
    }

    static void lpopCommand(Client c) { popGenericCommand(c, LIST_HEAD); }

    static void rpopCommand(Client c) { popGenericCommand(c, LIST_TAIL); }

    // ------------------------------------------------------------------ lrange / ltrim / lpos / lrem

    static void lrangeCommand(Client c) {
        if (!Util.getLongLongOrReply(c, c.argv[2], null) || !Util.getLongLongOrReply(c, c.argv[3], null)) return;
        long start = Util.string2ll(c.argv[2]);
        long end = Util.string2ll(c.argv[3]);
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyArrayLen(0);
            return;
        }
        if (checkList(c, o)) return;
        addListRangeReply(c, (Quicklist) o, start, end, false);
    }

    static void ltrimCommand(Client c) {
        if (!Util.getLongLongOrReply(c, c.argv[2], null) || !Util.getLongLongOrReply(c, c.argv[3], null)) return;
        long start = Util.string2ll(c.argv[2]);
        long end = Util.string2ll(c.argv[3]);
        byte[] key = c.argv[1];
        Object o = c.db.lookupKeyWrite(key);
        if (o == null) {
            c.addReplyRaw(Shared.OK);
            return;
        }
        if (checkList(c, o)) return;
        Quicklist list = (Quicklist) o;
        long llen = list.size();
        if (start < 0) start = llen + start;
        if (end < 0) end = llen + end;
        if (start < 0) start = 0;
        long ltrim;
        long rtrim;
        if (start > end || start >= llen) {
            // Out of range start or start > end: the result is an empty list.
            ltrim = llen;
            rtrim = 0;
        } else {
            if (end >= llen) end = llen - 1;
            ltrim = start;
            rtrim = llen - end - 1;
        }
        list.delRange(0, ltrim);
        list.delRange(-rtrim, rtrim);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_LIST, "ltrim", key, c.db.id);
        if (list.size() == 0) {
            c.db.delete(key);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", key, c.db.id);
        }
        c.server.signalModifiedKey(c, c.db, key);
        c.server.dirty += ltrim + rtrim;
        c.addReplyRaw(Shared.OK);
    }

    /**
     * lposCommand: LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. Options are
     * parsed (and rejected) before the key is looked up.
     */
    static void lposCommand(Client c) {
        byte[] ele = c.argv[2];
        boolean forward = true;
        long rank = 1;
        long count = -1; // -1: no COUNT option
        long maxlen = 0;
        for (int j = 3; j < c.argc; j++) {
            byte[] opt = c.argv[j];
            int moreargs = (c.argc - 1) - j;
            if (Util.strcasecmp(opt, "RANK") && moreargs > 0) {
                j++;
                // Redis 7.0 reads RANK with getLongFromObjectOrReply: LLONG_MIN is accepted.
                if (!Util.getLongLongOrReply(c, c.argv[j], null)) return;
                rank = Util.string2ll(c.argv[j]);
                if (rank == 0) {
                    c.addReplyError("RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
                        + "or use negative to start from the end of the list");
                    return;
                }
            } else if (Util.strcasecmp(opt, "COUNT") && moreargs > 0) {
                j++;
                if (!Util.getRangeLongOrReply(c, c.argv[j], 0, Long.MAX_VALUE, "COUNT can't be negative")) return;
                count = Util.string2ll(c.argv[j]);
            } else if (Util.strcasecmp(opt, "MAXLEN") && moreargs > 0) {
                j++;
                if (!Util.getRangeLongOrReply(c, c.argv[j], 0, Long.MAX_VALUE, "MAXLEN can't be negative")) return;
                maxlen = Util.string2ll(c.argv[j]);
            } else {
                c.addReplyError(Shared.ERR_SYNTAX);
                return;
            }
        }
        // A negative rank means start from the tail (-LLONG_MIN stays negative, as in C).
        if (rank < 0) {
            rank = -rank;
            forward = false;
        }
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            if (count != -1) c.addReplyArrayLen(0);
            else c.addReplyNull();
            return;
        }
        if (checkList(c, o)) return;
        Quicklist list = (Quicklist) o;

        Object arraylenptr = count != -1 ? c.reply.addReplyDeferredLen() : null;
        Quicklist.Iter it = list.iterator(forward ? 0 : -1, forward);
        long llen = list.size();
        long index = 0;
        long matches = 0;
        long matchindex = -1;
        long arraylen = 0;
        while ((maxlen == 0 || index < maxlen) && it.next()) {
            if (it.equalsCurrent(ele)) {
                matches++;
                matchindex = forward ? index : llen - index - 1;
                if (matches >= rank) {
                    if (arraylenptr != null) {
                        arraylen++;
                        c.addReplyLongLong(matchindex);
                        if (count != 0 && matches - rank + 1 >= count) break;
                    } else {
                        break;
                    }
                }
            }
            index++;
            matchindex = -1; // remember that the loop ended without a match
        }
        if (arraylenptr != null) {
            c.reply.setDeferredArrayLen(arraylenptr, arraylen);
        } else if (matchindex != -1) {
            c.addReplyLongLong(matchindex);
        } else {
            c.addReplyNull();
        }
    }

    /** lremCommand: count &gt; 0 from the head, &lt; 0 from the tail, 0 all. */
    static void lremCommand(Client c) {
        if (!Util.getLongLongOrReply(c, c.argv[2], null)) return;
        long toremove = Util.string2ll(c.argv[2]);
        byte[] key = c.argv[1];
        byte[] obj = c.argv[3];
        Object o = c.db.lookupKeyWrite(key);
        if (o == null) {
            c.addReplyLongLong(0);
            return;
        }
        if (checkList(c, o)) return;
        Quicklist list = (Quicklist) o;
        Quicklist.Iter it;
        if (toremove < 0) {
            toremove = -toremove;
            it = list.iterator(-1, false);
        } else {
            it = list.iterator(0, true);
        }
        long removed = 0;
        while (it.next()) {
            if (it.equalsCurrent(obj)) {
                it.delete();
                c.server.dirty++;
                removed++;
                if (toremove != 0 && removed == toremove) break;
            }
        }
        it.finish();
        if (removed > 0) {
            c.server.signalModifiedKey(c, c.db, key);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_LIST, "lrem", key, c.db.id);
        }
        if (list.size() == 0) {
            c.db.delete(key);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", key, c.db.id);
        }
        c.addReplyLongLong(removed);
    }

    // ------------------------------------------------------------------ lmove / rpoplpush

    /** lmoveHandlePush: pushes {@code value} to the destination (created if missing) and replies it. */
    static void lmoveHandlePush(Client c, byte[] dstkey, Quicklist dstobj, byte[] value, int where) {
        if (dstobj == null) {
            dstobj = createList(c);
            c.db.add(dstkey, dstobj);
        }
        c.server.signalModifiedKey(c, c.db, dstkey);
        dstobj.push(value, where);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_LIST, where == LIST_HEAD ? "lpush" : "rpush", dstkey, c.db.id);
        // Always send the pushed value to the client.
        c.addReplyBulk(value);
    }

    /** lmoveGenericCommand: moves one element from argv[1] to argv[2]. */
    static void lmoveGenericCommand(Client c, int wherefrom, int whereto) {
        byte[] srckey = c.argv[1];
        byte[] dstkey = c.argv[2];
        Object sobj = c.db.lookupKeyWrite(srckey);
        if (sobj == null) {
            c.addReplyNull();
            return;
        }
        if (checkList(c, sobj)) return;
        Quicklist src = (Quicklist) sobj;
        if (src.size() == 0) {
            c.addReplyNull();
            return;
        }
        Object dobj = c.db.lookupKeyWrite(dstkey);
        if (checkList(c, dobj)) return;
        byte[] value = src.pop(wherefrom);
        // With the same key for both, the element goes back into the same list before the
        // emptiness check, so a one-element list survives its rotation.
        lmoveHandlePush(c, dstkey, (Quicklist) dobj, value, whereto);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_LIST, wherefrom == LIST_HEAD ? "lpop" : "rpop", srckey, c.db.id);
        if (src.size() == 0) {
            c.db.delete(srckey);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", srckey, c.db.id);
        }
        c.server.signalModifiedKey(c, c.db, srckey);
        c.server.dirty++;
    }

    static void rpoplpushCommand(Client c) { lmoveGenericCommand(c, LIST_TAIL, LIST_HEAD); }

    static void lmoveCommand(Client c) {
        int wherefrom = getListPositionOrReply(c, c.argv[3]);
        if (wherefrom == -2) return;
        int whereto = getListPositionOrReply(c, c.argv[4]);
        if (whereto == -2) return;
        lmoveGenericCommand(c, wherefrom, whereto);
    }

    // ------------------------------------------------------------------ lmpop

    /**
     * lmpopGenericCommand: [timeout] numkeys key [key ...] LEFT|RIGHT [COUNT count], with
     * numkeys at {@code numkeysIdx}. Arguments are checked in Redis's order: numkeys, the
     * direction, COUNT, and (blocking) the timeout last.
     */
    static void lmpopGenericCommand(Client c, int numkeysIdx, boolean isBlock) {
        if (!Util.getRangeLongOrReply(c, c.argv[numkeysIdx], 1, Long.MAX_VALUE, "numkeys should be greater than 0")) return;
        long numkeys = Util.string2ll(c.argv[numkeysIdx]);
        // where_idx must be an argument; a numkeys larger than the arguments is a syntax error.
        if (numkeys > c.argc - numkeysIdx - 2) {
            c.addReplyError(Shared.ERR_SYNTAX);
            return;
        }
        int whereIdx = numkeysIdx + (int) numkeys + 1;
        int where = getListPositionOrReply(c, c.argv[whereIdx]);
        if (where == -2) return;
        long count = Util.mpopCountOrReply(c, whereIdx + 1);
        if (count == -1) return;
        List<byte[]> keys = new ArrayList<>((int) numkeys);
        for (int j = 0; j < numkeys; j++) keys.add(c.argv[numkeysIdx + 1 + j]);
        if (isBlock) {
            blockingPopGenericCommand(c, keys, where, 1, count);
        } else {
            mpopGenericCommand(c, keys, where, count);
        }
    }

    /** mpopGenericCommand: pops from the first non-empty list; null array when there is none. */
    static void mpopGenericCommand(Client c, List<byte[]> keys, int where, long count) {
        for (byte[] key : keys) {
            Object o = c.db.lookupKeyWrite(key);
            if (o == null) continue;
            if (checkList(c, o)) return;
            Quicklist list = (Quicklist) o;
            if (list.size() == 0) continue;
            listPopRangeAndReplyWithKey(c, list, key, where, count);
            return;
        }
        c.addReplyNullArray();
    }

    /** listPopRangeAndReplyWithKey: [key, [elements...]], popping up to {@code count}. */
    static void listPopRangeAndReplyWithKey(Client c, Quicklist list, byte[] key, int where, long count) {
        c.addReplyArrayLen(2);
        c.addReplyBulk(key);
        long popped = popRangeAndReply(c, list, where, count);
        listElementsRemoved(c, key, where, list, popped);
    }

    static void lmpopCommand(Client c) { lmpopGenericCommand(c, 1, false); }

    // ------------------------------------------------------------------ blocking

    /**
     * blockingPopGenericCommand: BLPOP/BRPOP ({@code count} -1, reply [key, element]) and
     * BLMPOP (reply [key, [elements...]]). The timeout at {@code timeoutIdx} is parsed first;
     * then the first key holding a non-empty list is served; a key of another type on the way
     * is WRONGTYPE. With nothing to pop the client blocks, or gets a null array where it may
     * not block.
     */
    static void blockingPopGenericCommand(Client c, List<byte[]> keys, int where, int timeoutIdx, long count) {
        long timeout = Blocking.getTimeoutOrReply(c, c.argv[timeoutIdx]);
        if (timeout < 0) return;
        for (byte[] key : keys) {
            Object o = c.db.lookupKeyWrite(key);
            if (o == null) continue;
            if (checkList(c, o)) return;
            Quicklist list = (Quicklist) o;
            if (list.size() == 0) continue;
            if (count != -1) {
                listPopRangeAndReplyWithKey(c, list, key, where, count);
                return;
            }
            byte[] value = list.pop(where);
            c.addReplyArrayLen(2);
            c.addReplyBulk(key);
            c.addReplyBulk(value);
            listElementsRemoved(c, key, where, list, 1);
            return;
        }
        // Not allowed to block: the only thing to do is to treat it as a timeout (even with timeout 0).
        if (c.denyBlocking()) {
            c.addReplyNullArray();
            return;
        }
        c.server.blocking.blockForKeys(c, Blocking.BLOCKED_LIST, keys, timeout);
    }

    private static List<byte[]> keysBeforeTimeout(Client c) {
        List<byte[]> keys = new ArrayList<>(c.argc - 2);
        for (int j = 1; j < c.argc - 1; j++) keys.add(c.argv[j]);
        return keys;
    }

    static void blpopCommand(Client c) { blockingPopGenericCommand(c, keysBeforeTimeout(c), LIST_HEAD, c.argc - 1, -1); }

    static void brpopCommand(Client c) { blockingPopGenericCommand(c, keysBeforeTimeout(c), LIST_TAIL, c.argc - 1, -1); }

    static void blmpopCommand(Client c) { lmpopGenericCommand(c, 2, true); }

    /**
     * blmoveGenericCommand: LMOVE when the source has data; otherwise block on the source (a
     * null bulk reply where blocking is not allowed, as Redis 7.0 sends).
     */
    static void blmoveGenericCommand(Client c, int wherefrom, int whereto, long timeout) {
        Object o = c.db.lookupKeyWrite(c.argv[1]);
        if (checkList(c, o)) return;
        if (o == null) {
            if (c.denyBlocking()) {
                // Blocking against an empty list in a MULTI state returns immediately.
                c.addReplyNull();
                return;
            }
            c.server.blocking.blockForKeys(c, Blocking.BLOCKED_LIST, List.of(c.argv[1]), timeout);
            return;
        }
        // The list exists and has elements: the regular LMOVE.
        lmoveGenericCommand(c, wherefrom, whereto);
    }

    static void blmoveCommand(Client c) {
        int wherefrom = getListPositionOrReply(c, c.argv[3]);
        if (wherefrom == -2) return;
        int whereto = getListPositionOrReply(c, c.argv[4]);
        if (whereto == -2) return;
        long timeout = Blocking.getTimeoutOrReply(c, c.argv[5]);
        if (timeout < 0) return;
        blmoveGenericCommand(c, wherefrom, whereto, timeout);
    }

    static void brpoplpushCommand(Client c) {
        long timeout = Blocking.getTimeoutOrReply(c, c.argv[3]);
        if (timeout < 0) return;
        blmoveGenericCommand(c, LIST_TAIL, LIST_HEAD, timeout);
    }
}
