package io.aeredis.commands;

import java.util.ArrayList;
import java.util.List;

/**
 * One node of a command's argument tree: Redis 7.0's {@code redisCommandArg} (server.h), as
 * COMMAND DOCS prints it. Built from the docs syntax line by {@link ArgumentSyntax}.
 */
public final class CommandArg {
    // CMD_ARG_* flags, in the order COMMAND DOCS prints them.
    public static final int OPTIONAL = 1;
    public static final int MULTIPLE = 1 << 1;
    public static final int MULTIPLE_TOKEN = 1 << 2;

    static final String[] FLAG_NAMES = {"optional", "multiple", "multiple_token"};

    /** redisCommandArgType, named as COMMAND DOCS prints it. */
    public enum Type {
        STRING("string"), INTEGER("integer"), DOUBLE("double"), KEY("key"), PATTERN("pattern"),
        UNIX_TIME("unix-time"), PURE_TOKEN("pure-token"), ONEOF("oneof"), BLOCK("block");

        public final String docName;

        Type(String docName) { this.docName = docName; }
    }

    public String name;
    public Type type;
    /** The literal preceding the value (e.g. "EX"), or the whole argument for a pure-token; null if none. */
    public String token;
    /** Index into the command's key specs for a KEY argument; -1 otherwise. */
    public int keySpecIndex = -1;
    public int flags;
    /** Children of a ONEOF or BLOCK; empty otherwise. */
    public final List<CommandArg> subargs = new ArrayList<>();

    CommandArg(String name, Type type) {
        this.name = name;
        this.type = type;
    }

    public boolean has(int flag) { return (flags & flag) != 0; }

    public static List<String> flagNames(int flags) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) out.add(FLAG_NAMES[i]);
        }
        return out;
    }

    /** A compact rendering for tests and debugging: {@code name:type[token](flags){children}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(':').append(type.docName);
        if (token != null) sb.append('[').append(token).append(']');
        if (keySpecIndex >= 0) sb.append('#').append(keySpecIndex);
        if (flags != 0) sb.append('(').append(String.join(",", flagNames(flags))).append(')');
        if (!subargs.isEmpty()) {
            sb.append('{');
            for (int i = 0; i < subargs.size(); i++) {
                if (i > 0) sb.append(' ');
                sb.append(subargs.get(i));
            }
            sb.append('}');
        }
        return sb.toString();
    }
}
