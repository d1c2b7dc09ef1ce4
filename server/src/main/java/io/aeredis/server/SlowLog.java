package io.aeredis.server;

import io.aeredis.commands.Client;
import io.aeredis.commands.RedisCommand;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The slow log (slowlog.c): every command that ran for at least {@code slowlog-log-slower-than}
 * microseconds is remembered, newest first, up to {@code slowlog-max-len} entries. An entry
 * keeps a trimmed copy of the arguments (at most {@link #SLOWLOG_ENTRY_MAX_ARGC} of them, each
 * at most {@link #SLOWLOG_ENTRY_MAX_STRING} bytes) so that a huge MSET cannot make the log
 * itself a memory problem. Loop thread only.
 */
final class SlowLog {
    /** SLOWLOG_ENTRY_MAX_ARGC: past this many arguments the last one says how many were left out. */
    static final int SLOWLOG_ENTRY_MAX_ARGC = 32;
    /** SLOWLOG_ENTRY_MAX_STRING: longer arguments are cut here and say how many bytes were left out. */
    static final int SLOWLOG_ENTRY_MAX_STRING = 128;
    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    /** slowlogEntry: id, unix time, duration in microseconds, trimmed argv, peer id, client name. */
    record Entry(long id, long time, long duration, byte[][] argv, String peerid, byte[] cname) {}

    private final ServerConfig config;
    /** server.slowlog: newest entry first. */
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    /** server.slowlog_entry_id: never reset, so ids stay unique across SLOWLOG RESET. */
    private long nextId;

    SlowLog(ServerConfig config) {
        this.config = config;
    }

    /**
     * slowlogPushCurrentCommand: log the command {@code c} just ran, unless its table row says
     * skip_slowlog (EXEC: its commands are logged one by one).
     */
    void pushCurrentCommand(Client c, RedisCommand cmd, long durationUs) {
        if (cmd.has(RedisCommand.SKIP_SLOWLOG)) return;
        pushEntryIfNeeded(c, c.argv, c.argc, durationUs, cmd);
    }

    /**
     * slowlogPushEntryIfNeeded: log when {@code duration >= slowlog-log-slower-than} (a negative
     * threshold disables the log), then trim to {@code slowlog-max-len}. As in Redis 7.0 an
     * entry takes an id even when max-len 0 drops it at once.
     */
    void pushEntryIfNeeded(Client c, byte[][] argv, int argc, long durationUs, RedisCommand cmd) {
        long slowerThan = config.slowlogLogSlowerThan;
        if (slowerThan < 0) return;
        if (durationUs >= slowerThan) entries.addFirst(createEntry(c, argv, argc, durationUs, cmd));
        while (entries.size() > config.slowlogMaxLen) entries.removeLast();
    }

    /** slowlogCreateEntry. */
    private Entry createEntry(Client c, byte[][] argv, int argc, long durationUs, RedisCommand cmd) {
        int slargc = Math.min(argc, SLOWLOG_ENTRY_MAX_ARGC);
        byte[][] out = new byte[slargc][];
        boolean[] redacted = redactedArguments(cmd, argv, argc);
        for (int j = 0; j < slargc; j++) {
            if (slargc != argc && j == slargc - 1) {
                out[j] = ("... (" + (argc - slargc + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
            } else if (redacted != null && redacted[j]) {
                out[j] = REDACTED;
            } else if (argv[j].length > SLOWLOG_ENTRY_MAX_STRING) {
                byte[] suffix = ("... (" + (argv[j].length - SLOWLOG_ENTRY_MAX_STRING) + " more bytes)")
                        .getBytes(StandardCharsets.US_ASCII);
                byte[] s = new byte[SLOWLOG_ENTRY_MAX_STRING + suffix.length];
                System.arraycopy(argv[j], 0, s, 0, SLOWLOG_ENTRY_MAX_STRING);
                System.arraycopy(suffix, 0, s, SLOWLOG_ENTRY_MAX_STRING, suffix.length);
                out[j] = s;
            } else {
                // argv arrays are never written after parsing, so sharing them is a copy.
                out[j] = argv[j];
            }
        }
        String peerid = c instanceof ServerClient sc ? sc.addr : "?:0";
        byte[] cname = c.name == null ? new byte[0] : c.name;
        return new Entry(nextId++, System.currentTimeMillis() / 1000, durationUs, out, peerid, cname);
    }

    /**
     * redactClientCommandArgument, as AUTH and HELLO apply it in Redis 7.0: passwords never
     * reach the slow log. Only the arguments those commands would have accepted are redacted
     * (AUTH with one or two arguments; HELLO's AUTH pair, while its options parse).
     * Returns null when nothing is redacted.
     */
    static boolean[] redactedArguments(RedisCommand cmd, byte[][] argv, int argc) {
        if (cmd == null) return null;
        switch (cmd.fullname) {
            case "auth" -> {
                if (argc > 3) return null;
                boolean[] r = new boolean[argc];
                for (int j = 1; j < argc; j++) r[j] = true;
                return r;
            }
            case "hello" -> {
                if (argc < 2) return null;
                String ver = new String(argv[1], StandardCharsets.ISO_8859_1);
                if (!ver.equals("2") && !ver.equals("3")) return null;
                boolean[] r = null;
                for (int j = 2; j < argc; j++) {
                    int moreargs = argc - 1 - j;
                    if (RedisServer.equalsIgnoreCase(argv[j], AUTH) && moreargs >= 2) {
                        if (r == null) r = new boolean[argc];
                        r[j + 1] = true;
                        r[j + 2] = true;
                        j += 2;
                    } else if (RedisServer.equalsIgnoreCase(argv[j], SETNAME) && moreargs > 0) {
                        j++;
                    } else {
                        break;
                    }
                }
                return r;
            }
            default -> {
                return null;
            }
        }
    }

    private static final byte[] AUTH = {'a', 'u', 't', 'h'};
    private static final byte[] SETNAME = {'s', 'e', 't', 'n', 'a', 'm', 'e'};

    /** slowlogReset. */
    void reset() {
        entries.clear();
    }

    int length() {
        return entries.size();
    }

    /** The entries, newest first. */
    Iterator<Entry> newestFirst() {
        return entries.iterator();
    }
}
