package io.aeredis.commands;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the string, keyspace and expire families without the server or the CommandTable: looks
 * the row up by name, checks arity like processCommand, sets argv/cmd on a {@link Client}, calls
 * the proc and returns the reply bytes (as ISO-8859-1 text so tests compare exact protocol).
 */
final class KeyspaceHarness {
    final RedisCore core;
    final Map<String, RedisCommand> table = new HashMap<>();
    final Client client;

    KeyspaceHarness() {
        this(new RedisCore(RedisCore.DEFAULT_DBNUM));
    }

    KeyspaceHarness(RedisCore core) {
        this.core = core;
        for (List<RedisCommand> rows : List.of(StringCommands.commands(), KeyspaceCommands.commands(), ExpireCommands.commands())) {
            for (RedisCommand cmd : rows) table.put(cmd.name, cmd);
        }
        this.client = newClient();
    }

    Client newClient() {
        return new Client(1, core);
    }

    /** Runs a command given as strings (ISO-8859-1, so "\u00ff" is byte 0xff). */
    String call(String... args) {
        return call(client, args);
    }

    String call(Client c, String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        return exec(c, argv);
    }

    String exec(Client c, byte[]... argv) {
        String name = new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        RedisCommand cmd = table.get(name);
        if (cmd == null) throw new IllegalArgumentException("no such command in the harness: " + name);
        int argc = argv.length;
        if ((cmd.arity > 0 && cmd.arity != argc) || (argc < -cmd.arity)) {
            return "-ERR wrong number of arguments for '" + cmd.fullname + "' command\r\n";
        }
        c.argv = argv;
        c.argc = argc;
        c.cmd = cmd;
        cmd.proc.call(c);
        return drain(c);
    }

    static String drain(Client c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.reply.writeTo((b, off, len) -> {
            out.write(b, off, len);
            return len;
        }, Long.MAX_VALUE);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    static String err(String s) {
        return "-ERR " + s + "\r\n";
    }

    static String integer(long v) {
        return ":" + v + "\r\n";
    }

    static final String OK = "+OK\r\n";
    static final String NULL = "$-1\r\n";
    static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";
    static final String SYNTAX = "-ERR syntax error\r\n";
}
