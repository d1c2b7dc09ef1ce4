package io.aeredis.commands;

import io.aeredis.resp.ReplyBuffer;
import java.util.List;

/**
 * The reply encoders behind COMMAND, COMMAND INFO and COMMAND DOCS: server.c's
 * addReplyCommandInfo, addReplyCommandDocs and their helpers (Redis 7.0 layout). Maps and sets
 * go through addReplyMapLen/addReplySetLen so RESP3 clients get real maps and sets.
 */
public final class CommandDocs {
    private CommandDocs() {}

    /** COMMAND INFO's per-command flag names, in addReplyCommandFlags order (may_replicate is hidden). */
    private static final int[] FLAG_BITS = {
        RedisCommand.WRITE, RedisCommand.READONLY, RedisCommand.DENYOOM, RedisCommand.ADMIN,
        RedisCommand.PUBSUB, RedisCommand.NOSCRIPT, RedisCommand.BLOCKING, RedisCommand.LOADING,
        RedisCommand.STALE, RedisCommand.SKIP_MONITOR, RedisCommand.SKIP_SLOWLOG, RedisCommand.FAST,
        RedisCommand.NO_AUTH, RedisCommand.NO_MANDATORY_KEYS, RedisCommand.NO_MULTI,
        RedisCommand.MOVABLE_KEYS, RedisCommand.ALLOW_BUSY,
    };
    private static final String[] FLAG_NAMES = {
        "write", "readonly", "denyoom", "admin", "pubsub", "noscript", "blocking", "loading",
        "stale", "skip_monitor", "skip_slowlog", "fast", "no_auth", "no_mandatory_keys",
        "no_multi", "movablekeys", "allow_busy",
    };

    /**
     * addReplyCommandInfo: [name, arity, flags, first key, last key, step, ACL categories, tips,
     * key specs, subcommands], or a null for an unknown command.
     */
    public static void addReplyCommandInfo(Client c, RedisCommand cmd) {
        ReplyBuffer r = c.reply;
        if (cmd == null) {
            r.addReplyNull();
            return;
        }
        r.addReplyArrayLen(10);
        r.addReplyBulkCString(cmd.fullname);
        r.addReplyLongLong(cmd.arity);
        addReplyCommandFlags(r, cmd);
        r.addReplyLongLong(cmd.firstKey);
        r.addReplyLongLong(cmd.lastKey);
        r.addReplyLongLong(cmd.keyStep);
        addReplyStatusSet(r, AclCategory.names(cmd.aclCategories));
        r.addReplySetLen(cmd.tips.size());
        for (String tip : cmd.tips) r.addReplyBulkCString(tip);
        addReplyCommandKeySpecs(r, cmd);
        if (cmd.subcommands.isEmpty()) {
            r.addReplySetLen(0); // Redis replies an empty set, not an array, here
        } else {
            r.addReplyArrayLen(cmd.subcommands.size());
            for (RedisCommand sub : cmd.subcommands.values()) addReplyCommandInfo(c, sub);
        }
    }

    /** The flag names COMMAND INFO prints for {@code cmd}, in Redis's order. */
    public static List<String> flagNames(int flags) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < FLAG_BITS.length; i++) {
            if ((flags & FLAG_BITS[i]) != 0) out.add(FLAG_NAMES[i]);
        }
        return out;
    }

    private static void addReplyCommandFlags(ReplyBuffer r, RedisCommand cmd) {
        addReplyStatusSet(r, flagNames(cmd.flags | (hasMovableKeySpec(cmd) ? RedisCommand.MOVABLE_KEYS : 0)));
    }

    /**
     * populateCommandMovableKeys: a key spec that is not index+range means the keys move with
     * the arguments, so Redis shows "movablekeys" whether or not the table declared it.
     */
    static boolean hasMovableKeySpec(RedisCommand cmd) {
        for (KeySpec ks : cmd.keySpecs) {
            if (ks.beginSearch != KeySpec.BeginSearch.INDEX || ks.findKeys != KeySpec.FindKeys.RANGE) return true;
        }
        return false;
    }

    private static void addReplyStatusSet(ReplyBuffer r, List<String> items) {
        r.addReplySetLen(items.size());
        for (String s : items) r.addReplyStatus(s);
    }

    /** addReplyCommandKeySpecs: a set of maps {[notes], flags, begin_search, find_keys}. */
    private static void addReplyCommandKeySpecs(ReplyBuffer r, RedisCommand cmd) {
        r.addReplySetLen(cmd.keySpecs.size());
        for (KeySpec ks : cmd.keySpecs) {
            r.addReplyMapLen(ks.notes != null ? 4 : 3);
            if (ks.notes != null) {
                r.addReplyBulkCString("notes");
                r.addReplyBulkCString(ks.notes);
            }
            r.addReplyBulkCString("flags");
            addReplyStatusSet(r, KeySpec.flagNames(ks.flags));

            r.addReplyBulkCString("begin_search");
            r.addReplyMapLen(2);
            r.addReplyBulkCString("type");
            if (ks.beginSearch == KeySpec.BeginSearch.INDEX) {
                r.addReplyBulkCString("index");
                r.addReplyBulkCString("spec");
                r.addReplyMapLen(1);
                r.addReplyBulkCString("index");
                r.addReplyLongLong(ks.bsIndex);
            } else {
                r.addReplyBulkCString("keyword");
                r.addReplyBulkCString("spec");
                r.addReplyMapLen(2);
                r.addReplyBulkCString("keyword");
                r.addReplyBulkCString(ks.bsKeyword);
                r.addReplyBulkCString("startfrom");
                r.addReplyLongLong(ks.bsStartFrom);
            }

            r.addReplyBulkCString("find_keys");
            r.addReplyMapLen(2);
            r.addReplyBulkCString("type");
            if (ks.findKeys == KeySpec.FindKeys.RANGE) {
                r.addReplyBulkCString("range");
                r.addReplyBulkCString("spec");
                r.addReplyMapLen(3);
                r.addReplyBulkCString("lastkey");
                r.addReplyLongLong(ks.fkLastKey);
                r.addReplyBulkCString("keystep");
                r.addReplyLongLong(ks.fkKeyStep);
                r.addReplyBulkCString("limit");
                r.addReplyLongLong(ks.fkLimit);
            } else {
                r.addReplyBulkCString("keynum");
                r.addReplyBulkCString("spec");
                r.addReplyMapLen(3);
                r.addReplyBulkCString("keynumidx");
                r.addReplyLongLong(ks.fkKeynumIdx);
                r.addReplyBulkCString("firstkey");
                r.addReplyLongLong(ks.fkFirstKey);
                r.addReplyBulkCString("keystep");
                r.addReplyLongLong(ks.fkKeyStep);
            }
        }
    }

    /**
     * addReplyCommandDocs: a map {summary, since, group, complexity, [doc_flags],
     * [deprecated_since], [replaced_by], [history], [arguments], [subcommands]}; subcommands
     * is a map fullname → docs.
     */
    public static void addReplyCommandDocs(Client c, RedisCommand cmd) {
        ReplyBuffer r = c.reply;
        int maplen = 2; // summary and group are always there
        if (!cmd.since.isEmpty()) maplen++;
        if (!cmd.complexity.isEmpty()) maplen++;
        if (cmd.docFlags != 0) maplen++;
        if (cmd.deprecatedSince != null) maplen++;
        if (cmd.replacedBy != null) maplen++;
        if (!cmd.history.isEmpty()) maplen++;
        if (!cmd.args.isEmpty()) maplen++;
        if (!cmd.subcommands.isEmpty()) maplen++;
        r.addReplyMapLen(maplen);

        r.addReplyBulkCString("summary");
        r.addReplyBulkCString(cmd.summary);
        if (!cmd.since.isEmpty()) {
            r.addReplyBulkCString("since");
            r.addReplyBulkCString(cmd.since);
        }
        r.addReplyBulkCString("group");
        r.addReplyBulkCString(cmd.group);
        if (!cmd.complexity.isEmpty()) {
            r.addReplyBulkCString("complexity");
            r.addReplyBulkCString(cmd.complexity);
        }
        if (cmd.docFlags != 0) {
            r.addReplyBulkCString("doc_flags");
            int n = Integer.bitCount(cmd.docFlags & (RedisCommand.DOC_DEPRECATED | RedisCommand.DOC_SYSCMD));
            r.addReplySetLen(n);
            if ((cmd.docFlags & RedisCommand.DOC_DEPRECATED) != 0) r.addReplyStatus("deprecated");
            if ((cmd.docFlags & RedisCommand.DOC_SYSCMD) != 0) r.addReplyStatus("syscmd");
        }
        if (cmd.deprecatedSince != null) {
            r.addReplyBulkCString("deprecated_since");
            r.addReplyBulkCString(cmd.deprecatedSince);
        }
        if (cmd.replacedBy != null) {
            r.addReplyBulkCString("replaced_by");
            r.addReplyBulkCString(cmd.replacedBy);
        }
        if (!cmd.history.isEmpty()) {
            r.addReplyBulkCString("history");
            r.addReplySetLen(cmd.history.size());
            for (String[] h : cmd.history) {
                r.addReplyArrayLen(2);
                r.addReplyBulkCString(h[0]);
                r.addReplyBulkCString(h[1]);
            }
        }
        if (!cmd.args.isEmpty()) {
            r.addReplyBulkCString("arguments");
            addReplyCommandArgList(r, cmd.args);
        }
        if (!cmd.subcommands.isEmpty()) {
            r.addReplyBulkCString("subcommands");
            r.addReplyMapLen(cmd.subcommands.size());
            for (RedisCommand sub : cmd.subcommands.values()) {
                r.addReplyBulkCString(sub.fullname);
                addReplyCommandDocs(c, sub);
            }
        }
    }

    /** addReplyCommandArgList: each argument a map {name, type, [key_spec_index], [token], [flags], [arguments]}. */
    private static void addReplyCommandArgList(ReplyBuffer r, List<CommandArg> args) {
        r.addReplyArrayLen(args.size());
        for (CommandArg a : args) {
            boolean nested = a.type == CommandArg.Type.ONEOF || a.type == CommandArg.Type.BLOCK;
            int maplen = 2;
            if (a.keySpecIndex >= 0) maplen++;
            if (a.token != null) maplen++;
            if (a.flags != 0) maplen++;
            if (nested) maplen++;
            r.addReplyMapLen(maplen);
            r.addReplyBulkCString("name");
            r.addReplyBulkCString(a.name);
            r.addReplyBulkCString("type");
            r.addReplyBulkCString(a.type.docName);
            if (a.keySpecIndex >= 0) {
                r.addReplyBulkCString("key_spec_index");
                r.addReplyLongLong(a.keySpecIndex);
            }
            if (a.token != null) {
                r.addReplyBulkCString("token");
                r.addReplyBulkCString(a.token);
            }
            if (a.flags != 0) {
                r.addReplyBulkCString("flags");
                addReplyStatusSet(r, CommandArg.flagNames(a.flags));
            }
            if (nested) {
                r.addReplyBulkCString("arguments");
                addReplyCommandArgList(r, a.subargs);
            }
        }
    }
}
