package io.aeredis.commands;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The command table (Redis's {@code server.commands} dict): filled from the families'
 * declarative tables, read by the dispatcher, COMMAND and COMMAND DOCS.
 *
 * <p>Lookups by argv[0] run on every command, so the table is an open-addressing hash keyed on
 * the lower-cased name and probed with a hash computed on the fly over the ASCII-lowercased
 * argument bytes: no String, no copy. Redis gets the same effect with a dict whose type hashes
 * and compares case-insensitively (commandTableDictType). {@link #all()} iterates in insertion
 * order (Redis's order is the dict's, i.e. arbitrary).
 */
public final class CommandTable {
    private byte[][] keys = new byte[64][];
    private RedisCommand[] vals = new RedisCommand[64];
    private final List<RedisCommand> order = new ArrayList<>();

    /**
     * Adds a top-level command, its subcommands (attach them with
     * {@link RedisCommand#subcommand} first) going with it. Like populateCommandStructure it
     * completes the derived fields: the key spec implied by the legacy key range, the ACL
     * categories, and the argument tree parsed from the syntax line (a malformed line throws,
     * so a typo fails at startup rather than in COMMAND DOCS).
     */
    public void add(RedisCommand cmd) {
        if (lookup(cmd.name) != null) throw new IllegalStateException("command " + cmd.name + " registered twice");
        populateCommandStructure(cmd);
        put(cmd);
    }

    /** Case-insensitive lookup of argv[0] without allocating; null if unknown. */
    public RedisCommand lookup(byte[] name) {
        return lookup(name, 0, name.length);
    }

    /** lookupCommandBySds-like: by name, e.g. "get" or "client|setname"; null if unknown. */
    public RedisCommand lookup(String name) {
        int bar = name.indexOf('|');
        if (bar < 0) {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            return lookup(b, 0, b.length);
        }
        // Only one level of subcommands exists: "a|b|c" is never a command.
        if (name.indexOf('|', bar + 1) >= 0) return null;
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        RedisCommand base = lookup(b, 0, bar);
        if (base == null || base.subcommandTable == null) return null;
        return base.subcommandTable.lookup(b, bar + 1, b.length - bar - 1);
    }

    /**
     * lookupCommand(argv, argc) (lookupCommandLogic in Redis 7.0): the command, or for a
     * container command with argc &gt;= 2 its subcommand (null if the subcommand is unknown).
     */
    public RedisCommand lookupCommand(byte[][] argv, int argc) {
        if (argc < 1) return null;
        RedisCommand base = lookup(argv[0]);
        if (base == null || base.subcommandTable == null || argc == 1) return base;
        return base.subcommandTable.lookup(argv[1]);
    }

    /** Top-level commands in insertion order. */
    public Collection<RedisCommand> all() {
        return Collections.unmodifiableList(order);
    }

    /** Number of top-level commands (COMMAND COUNT). */
    public int size() {
        return order.size();
    }

    // ------------------------------------------------------------------ populateCommandStructure

    private static void populateCommandStructure(RedisCommand cmd) {
        if (cmd.keySpecs.isEmpty() && cmd.firstKey > 0) {
            int flags = cmd.keySpecFlags != null ? KeySpec.parseFlags(cmd.keySpecFlags) : defaultKeySpecFlags(cmd);
            cmd.keySpecs.add(KeySpec.fromLegacyRange(cmd.firstKey, cmd.lastKey, cmd.keyStep, flags));
        }

        // The JSON files give most commands the category of their group; containers only
        // carry the categories their flags imply (CLIENT, CONFIG: just @slow).
        long declared;
        if (cmd.declaredAclCategories >= 0) {
            declared = cmd.declaredAclCategories;
        } else {
            declared = cmd.subcommands.isEmpty() ? AclCategory.forGroup(cmd.group) : 0;
        }
        cmd.aclCategories = AclCategory.withImplicit(declared, cmd.flags);

        List<CommandArg> args = ArgumentSyntax.parse(cmd.syntax);
        ArgumentSyntax.assignKeySpecIndexes(args, cmd.keySpecs.size());
        cmd.args = Collections.unmodifiableList(args);

        if (!cmd.subcommands.isEmpty()) {
            CommandTable subs = new CommandTable();
            for (RedisCommand sub : cmd.subcommands.values()) {
                populateCommandStructure(sub);
                subs.put(sub);
            }
            cmd.subcommandTable = subs;
        }
    }

    /** Without declared key-spec flags, assume the worst the command flags allow. */
    private static int defaultKeySpecFlags(RedisCommand cmd) {
        if (cmd.has(RedisCommand.WRITE)) return KeySpec.RW | KeySpec.ACCESS | KeySpec.UPDATE;
        if (cmd.has(RedisCommand.READONLY)) return KeySpec.RO | KeySpec.ACCESS;
        return KeySpec.RO;
    }

    // ------------------------------------------------------------------ the hash table

    private void put(RedisCommand cmd) {
        if ((order.size() + 1) * 2 > keys.length) grow();
        byte[] k = cmd.name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < k.length; i++) k[i] = lower(k[i]);
        insert(keys, vals, k, cmd);
        order.add(cmd);
    }

    private static void insert(byte[][] ks, RedisCommand[] vs, byte[] k, RedisCommand cmd) {
        int mask = ks.length - 1;
        int i = hash(k, 0, k.length) & mask;
        while (ks[i] != null) i = (i + 1) & mask;
        ks[i] = k;
        vs[i] = cmd;
    }

    private void grow() {
        byte[][] nk = new byte[keys.length * 2][];
        RedisCommand[] nv = new RedisCommand[nk.length];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) insert(nk, nv, keys[i], vals[i]);
        }
        keys = nk;
        vals = nv;
    }

    private RedisCommand lookup(byte[] name, int off, int len) {
        int mask = keys.length - 1;
        for (int i = hash(name, off, len) & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) return null;
            if (equalsLowered(k, name, off, len)) return vals[i];
        }
    }

    /** FNV-1a over the ASCII-lowercased bytes. */
    private static int hash(byte[] b, int off, int len) {
        int h = 0x811c9dc5;
        for (int i = off; i < off + len; i++) {
            h ^= lower(b[i]) & 0xff;
            h *= 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private static boolean equalsLowered(byte[] lowered, byte[] b, int off, int len) {
        if (lowered.length != len) return false;
        for (int i = 0; i < len; i++) {
            if (lowered[i] != lower(b[off + i])) return false;
        }
        return true;
    }

    private static byte lower(byte c) {
        return c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
    }
}
