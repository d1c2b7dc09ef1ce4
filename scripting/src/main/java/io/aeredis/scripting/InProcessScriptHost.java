package io.aeredis.scripting;

import io.aeredis.commands.Client;
import io.aeredis.commands.RedisCommand;
import io.aeredis.commands.RedisCore;

/**
 * Runs {@code redis.call} in-process on the calling thread, like Redis's scriptCall with its
 * fake Lua client: the command is looked up in the command table, checked the way Redis checks
 * commands from scripts, run by its proc against a private {@link Client} whose reply buffer
 * collects the RESP bytes, and the reply decoded back with {@link Reply#decode}.
 *
 * <p>Not thread safe: one instance serves one thread at a time, the one owning the keyspace
 * while the script runs (Redis runs one script at a time; a server running scripts on several
 * threads hands their calls to one thread).
 */
public class InProcessScriptHost implements ScriptHost {
    protected final RedisCore core;
    /** Redis's lua_client: never connected, replies collected, blocking commands answer at once. */
    private final Client fake;
    private byte[] out = new byte[256];
    private int outLen;

    public InProcessScriptHost(RedisCore core) {
        this.core = core;
        this.fake = new Client(0, core);
        this.fake.flags |= Client.DENY_BLOCKING;
        this.fake.authenticated = true;
    }

    @Override
    public Object call(ScriptRun run, byte[][] argv) {
        RedisCommand cmd = core.commands.lookupCommand(argv, argv.length);
        Reply.Err refused = checkCall(run, cmd, argv.length);
        if (refused != null) return refused;
        if (cmd.has(RedisCommand.WRITE) && !run.markWrite()) return Reply.error(JsContext.KILLED);
        fake.argv = argv;
        fake.argc = argv.length;
        fake.cmd = cmd;
        fake.lastcmd = cmd;
        fake.db = run.db();
        fake.reply.setResp(run.resp());
        try {
            invoke(fake, cmd);
        } finally {
            run.setDb(fake.db);
            fake.argv = null;
        }
        byte[] raw = drain();
        try {
            return Reply.decode(raw);
        } catch (RuntimeException e) {
            // A proc that replied nothing or more than once: a bug, reported like one.
            return Reply.error("ERR internal error in '" + cmd.fullname + "': bad reply");
        }
    }

    /**
     * scriptCall's checks before a command runs, in Redis's order; returns the error reply or
     * null. {@code cmd} is the looked-up command (null when unknown).
     */
    public static Reply.Err checkCall(ScriptRun run, RedisCommand cmd, int argc) {
        if (cmd == null) return Reply.error("ERR Unknown Redis command called from script");
        if ((cmd.arity > 0 && cmd.arity != argc) || argc < -cmd.arity) {
            return Reply.error("ERR Wrong number of args calling Redis command from script");
        }
        if (cmd.has(RedisCommand.NOSCRIPT)) return Reply.error("ERR This Redis command is not allowed from script");
        if (cmd.has(RedisCommand.WRITE) && run.readOnly()) {
            return Reply.error("ERR Write commands are not allowed from read-only scripts.");
        }
        return null;
    }

    /**
     * call() for a command from a script: run the proc, count it in the command's stats.
     * A server may override this to go through its own call().
     */
    protected void invoke(Client c, RedisCommand cmd) {
        long errorsBefore = c.reply.errorReplies();
        long start = System.nanoTime();
        try {
            cmd.proc.call(c);
        } catch (RuntimeException | StackOverflowError bug) {
            // As the server does for a client: a bug in one command is an error reply.
            c.addReplyError("internal error in '" + cmd.fullname + "': " + bug.getClass().getSimpleName());
        }
        cmd.calls++;
        cmd.nanoseconds += System.nanoTime() - start;
        if (c.reply.errorReplies() != errorsBefore) cmd.failedCalls++;
    }

    /** The bytes the command replied, taken out of the fake client's reply buffer. */
    private byte[] drain() {
        outLen = 0;
        fake.reply.writeTo((src, off, len) -> {
            if (outLen + len > out.length) out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, outLen + len));
            System.arraycopy(src, off, out, outLen, len);
            outLen += len;
            return len;
        }, Long.MAX_VALUE);
        fake.reply.clear();
        return java.util.Arrays.copyOf(out, outLen);
    }
}
