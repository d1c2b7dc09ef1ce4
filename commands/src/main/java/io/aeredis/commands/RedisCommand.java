package io.aeredis.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the command table: Redis 7.0's {@code struct redisCommand} (name, arity, flags,
 * key positions, docs) plus the proc and per-command stats. Built declaratively with
 * {@link #command(String, int, String, int, int, int, String)}.
 * CONTRACT SKELETON: the commands helper may add docs fields; keep these names.
 */
public final class RedisCommand {
    // CMD_* flags, named as COMMAND INFO prints them.
    public static final int WRITE = 1;
    public static final int READONLY = 1 << 1;
    public static final int DENYOOM = 1 << 2;
    public static final int ADMIN = 1 << 3;
    public static final int PUBSUB = 1 << 4;
    public static final int NOSCRIPT = 1 << 5;
    public static final int BLOCKING = 1 << 6;
    public static final int LOADING = 1 << 7;
    public static final int STALE = 1 << 8;
    public static final int SKIP_MONITOR = 1 << 9;
    public static final int SKIP_SLOWLOG = 1 << 10;
    public static final int FAST = 1 << 11;
    public static final int NO_AUTH = 1 << 12;
    public static final int MAY_REPLICATE = 1 << 13;
    public static final int NO_MULTI = 1 << 14;
    public static final int MOVABLE_KEYS = 1 << 15;
    public static final int ALLOW_BUSY = 1 << 16;
    public static final int NO_MANDATORY_KEYS = 1 << 17;

    /** Lower-case name, e.g. "get" or, for a subcommand, "setname". */
    public final String name;
    /** "get", or "client|setname" for a subcommand: what error messages print. */
    public String fullname;
    public final int arity;
    public final int flags;
    public final int firstKey;
    public final int lastKey;
    public final int keyStep;
    /** COMMAND DOCS group: "string", "generic", "server", "connection", ... */
    public final String group;
    public String since = "1.0.0";
    public String summary = "";
    public String complexity = "";
    /** The argument syntax as Redis's docs write it, e.g. "key value [NX | XX]"; feeds COMMAND DOCS. */
    public String syntax = "";
    public CommandProc proc;
    public RedisCommand parent;
    public final Map<String, RedisCommand> subcommands = new LinkedHashMap<>();

    // --- Docs / ACL / key-spec metadata (Redis 7.0 redisCommand fields), added for COMMAND INFO/DOCS.
    // doc_flags
    public static final int DOC_DEPRECATED = 1;
    public static final int DOC_SYSCMD = 1 << 1;

    /**
     * Key specifications. When none are declared, {@link CommandTable#add} derives one from
     * firstKey/lastKey/keyStep (flags from {@link #keySpecFlags}, or from the command flags).
     */
    public final List<KeySpec> keySpecs = new ArrayList<>();
    /** Flags of the key spec derived from the legacy range, e.g. "RW access delete"; null: default. */
    public String keySpecFlags;
    /**
     * ACL categories declared like the JSON files' acl_categories; when set they replace the
     * category implied by {@link #group}. -1 when not declared.
     */
    public long declaredAclCategories = -1;
    /** All ACL categories (AclCategory bits), implicit ones included; computed by CommandTable.add. */
    public long aclCategories;
    /** Command tips, e.g. "nondeterministic_output", "request_policy:all_shards". */
    public final List<String> tips = new ArrayList<>();
    /** History entries: {version, description}. */
    public final List<String[]> history = new ArrayList<>();
    public int docFlags;
    public String deprecatedSince;
    public String replacedBy;
    /** The argument tree parsed from {@link #syntax}; filled by CommandTable.add. */
    public List<CommandArg> args = List.of();
    /** Optional getkeys_proc; see {@link GetKeysProc} and KeySpec.getKeysFromCommandWithSpecs. */
    public GetKeysProc getkeysProc;
    /** Case-insensitive table of {@link #subcommands} for allocation-free lookup; built by CommandTable.add. */
    CommandTable subcommandTable;

    // INFO commandstats / errorstats
    public long calls;
    /**
     * Time spent in the proc, in nanoseconds (INFO shows microseconds). Summed unrounded: a
     * 0.3 µs GET truncated to whole microseconds per call would add up to nothing.
     */
    public long nanoseconds;
    public long rejectedCalls;
    public long failedCalls;

    private RedisCommand(String name, int arity, int flags, int firstKey, int lastKey, int keyStep, String group) {
        this.name = name;
        this.fullname = name;
        this.arity = arity;
        this.flags = flags;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.group = group;
    }

    /**
     * Declares a command. {@code flags} is a space-separated list of COMMAND INFO flag names
     * ("write denyoom fast").
     */
    public static RedisCommand command(String name, int arity, String flags, int firstKey, int lastKey, int keyStep, String group) {
        return new RedisCommand(name, arity, parseFlags(flags), firstKey, lastKey, keyStep, group);
    }

    public RedisCommand since(String v) { since = v; return this; }
    public RedisCommand summary(String v) { summary = v; return this; }
    public RedisCommand complexity(String v) { complexity = v; return this; }
    public RedisCommand syntax(String v) { syntax = v; return this; }
    public RedisCommand proc(CommandProc p) { proc = p; return this; }

    /** Adds a key spec; declare them in the order of the key arguments in {@link #syntax}. */
    public RedisCommand keySpec(KeySpec ks) { keySpecs.add(ks); return this; }
    /** Flags for the key spec derived from first/last/step, e.g. "RM delete". */
    public RedisCommand keySpecFlags(String flags) { KeySpec.parseFlags(flags); keySpecFlags = flags; return this; }
    /** Explicit ACL categories, space separated without '@': "keyspace dangerous". */
    public RedisCommand aclCategories(String names) { declaredAclCategories = AclCategory.parse(names); return this; }
    /** Space-separated command tips. */
    public RedisCommand tips(String t) {
        if (t != null && !t.isBlank()) tips.addAll(List.of(t.trim().split("\\s+")));
        return this;
    }
    public RedisCommand history(String version, String description) { history.add(new String[] {version, description}); return this; }
    /** "deprecated" and/or "syscmd". */
    public RedisCommand docFlags(String names) {
        int f = 0;
        for (String n : names.trim().split("\\s+")) {
            switch (n) {
                case "deprecated" -> f |= DOC_DEPRECATED;
                case "syscmd" -> f |= DOC_SYSCMD;
                default -> throw new IllegalArgumentException("unknown doc flag " + n);
            }
        }
        docFlags = f;
        return this;
    }
    public RedisCommand getkeys(GetKeysProc p) { getkeysProc = p; return this; }
    public RedisCommand deprecatedSince(String v) { deprecatedSince = v; return this; }
    public RedisCommand replacedBy(String v) { replacedBy = v; return this; }

    public RedisCommand subcommand(RedisCommand sub) {
        sub.parent = this;
        sub.fullname = name + "|" + sub.name;
        subcommands.put(sub.name, sub);
        return this;
    }

    public boolean has(int flag) { return (flags & flag) != 0; }

    public static int parseFlags(String flags) {
        int f = 0;
        if (flags == null || flags.isBlank()) return 0;
        for (String s : flags.trim().split("\\s+")) {
            switch (s) {
                case "write" -> f |= WRITE;
                case "readonly" -> f |= READONLY;
                case "denyoom" -> f |= DENYOOM;
                case "admin" -> f |= ADMIN;
                case "pubsub" -> f |= PUBSUB;
                case "noscript" -> f |= NOSCRIPT;
                case "blocking" -> f |= BLOCKING;
                case "loading" -> f |= LOADING;
                case "stale" -> f |= STALE;
                case "skip_monitor" -> f |= SKIP_MONITOR;
                case "skip_slowlog" -> f |= SKIP_SLOWLOG;
                case "fast" -> f |= FAST;
                case "no_auth" -> f |= NO_AUTH;
                case "may_replicate" -> f |= MAY_REPLICATE;
                case "no_multi" -> f |= NO_MULTI;
                case "movablekeys" -> f |= MOVABLE_KEYS;
                case "allow_busy" -> f |= ALLOW_BUSY;
                case "no_mandatory_keys" -> f |= NO_MANDATORY_KEYS;
                default -> throw new IllegalArgumentException("unknown command flag " + s);
            }
        }
        return f;
    }
}
