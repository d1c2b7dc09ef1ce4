package io.aeredis.scripting;

import io.aeredis.commands.Client;
import io.aeredis.commands.Commands;
import io.aeredis.commands.RedisCommand;
import io.aeredis.commands.RedisCore;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A keyspace with the command table and scripting registered, and a client whose commands run
 * like processCommand runs them (lookup, arity, proc) with the replies returned as raw RESP.
 */
final class Harness {
    final RedisCore core = new RedisCore(16);
    final Scripting scripting = new Scripting(core);
    final Client client = new Client(1, core);
    private byte[] out = new byte[256];
    private int outLen;

    Harness() {
        Commands.registerAll(core.commands);
        ScriptingCommands.register(core.commands, scripting);
    }

    /** Runs one command, returns the reply's raw bytes as an ISO-8859-1 string ("+OK\r\n"). */
    String raw(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        return new String(rawBytes(argv), StandardCharsets.ISO_8859_1);
    }

    byte[] rawBytes(byte[][] argv) {
        Client c = client;
        c.argv = argv;
        c.argc = argv.length;
        RedisCommand cmd = core.commands.lookupCommand(argv, argv.length);
        if (cmd == null) {
            c.addReplyError("unknown command");
        } else if ((cmd.arity > 0 && cmd.arity != c.argc) || c.argc < -cmd.arity) {
            c.addReplyError("wrong number of arguments for '" + cmd.fullname + "' command");
        } else {
            c.cmd = cmd;
            cmd.proc.call(c);
        }
        outLen = 0;
        c.reply.writeTo((src, off, len) -> {
            if (outLen + len > out.length) out = Arrays.copyOf(out, Math.max(out.length * 2, outLen + len));
            System.arraycopy(src, off, out, outLen, len);
            outLen += len;
            return len;
        }, Long.MAX_VALUE);
        c.reply.clear();
        return Arrays.copyOf(out, outLen);
    }

    /** EVAL body 0 */
    String eval(String body, String... keysThenArgsWithNumkeysFirst) {
        String[] a = new String[3 + keysThenArgsWithNumkeysFirst.length];
        a[0] = "EVAL";
        a[1] = body;
        if (keysThenArgsWithNumkeysFirst.length == 0) {
            a = new String[] {"EVAL", body, "0"};
        } else {
            System.arraycopy(keysThenArgsWithNumkeysFirst, 0, a, 2, keysThenArgsWithNumkeysFirst.length);
            a = Arrays.copyOf(a, 2 + keysThenArgsWithNumkeysFirst.length);
        }
        return raw(a);
    }

    void resp3() {
        client.reply.setResp(3);
    }

    static String sha(String body) {
        return ByteStrings.sha1hex(body.getBytes(StandardCharsets.ISO_8859_1));
    }
}
