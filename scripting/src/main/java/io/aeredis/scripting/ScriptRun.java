package io.aeredis.scripting;

import io.aeredis.commands.Client;
import io.aeredis.commands.Db;

/**
 * One execution of a script or function (Redis's scriptRunCtx): what runs, with which keys and
 * arguments, for which client, and its state while it runs: the db its redis.call commands
 * use, the RESP version they reply in, whether it has written, whether it was killed.
 *
 * <p>Built on the caller's thread by the EVAL/FCALL procs; {@link #execute()} may then run on
 * any thread (see {@link ScriptExecutor}), and {@link #kill()} is called from yet another.
 */
public final class ScriptRun {
    public enum Kind { EVAL, FUNCTION }

    /** What SCRIPT KILL / FUNCTION KILL did. */
    public enum KillResult {
        /** The script will stop with "Script killed by user". */
        KILLED,
        /** It has already written: Redis refuses to kill it (UNKILLABLE). */
        UNKILLABLE,
        /** It had already finished. */
        NOT_RUNNING
    }

    final Scripting scripting;
    final Kind kind;
    final boolean slow;
    /** EVAL: the cached entry (body, flags); null for a function. */
    final ScriptCache.Entry script;
    /** FCALL: the function; null for a script. */
    final FunctionLibraries.Function function;
    final byte[][] keys;
    final byte[][] args;
    /** The command as the client sent it, for FUNCTION STATS. */
    final byte[][] commandArgv;
    final Client caller;
    final boolean readOnly;
    final long startMillis = System.currentTimeMillis();

    private volatile Db db;
    private volatile int resp = 2;
    private volatile boolean wrote;
    private volatile boolean killed;
    /** Set while {@link #execute()} runs: the context to interrupt on kill. */
    volatile JsContext context;

    ScriptRun(Scripting scripting, Kind kind, boolean slow, ScriptCache.Entry script, FunctionLibraries.Function function,
              Client caller, int numkeys, boolean readOnly) {
        this.scripting = scripting;
        this.kind = kind;
        this.slow = slow;
        this.script = script;
        this.function = function;
        this.caller = caller;
        this.readOnly = readOnly;
        this.db = caller.db;
        this.commandArgv = java.util.Arrays.copyOf(caller.argv, caller.argc);
        this.keys = java.util.Arrays.copyOfRange(caller.argv, 3, 3 + numkeys);
        this.args = java.util.Arrays.copyOfRange(caller.argv, 3 + numkeys, caller.argc);
    }

    /**
     * Runs the script on the current thread, in this thread's JS context, and returns its
     * reply (an error reply for compile errors, uncaught exceptions and kills). The reply is
     * plain data: write it with {@link Reply#write} on the client's thread.
     */
    public Object execute() {
        // Running (for SCRIPT KILL and BUSY) from the start, also while a cold thread builds its
        // context: a kill meanwhile marks the run, and it ends killed before its first step.
        scripting.started(this);
        try {
            JsContext js = ScriptEngine.context();
            return kind == Kind.EVAL ? js.runScript(this) : js.runFunction(this);
        } finally {
            scripting.finished(this);
        }
    }

    /**
     * SCRIPT KILL / FUNCTION KILL from any thread: refused once the script has written,
     * otherwise the script stops at its next step (its JS context is interrupted, and
     * redis.call and redis.spin give up), replying "Script killed by user with SCRIPT KILL...".
     */
    public KillResult kill() {
        synchronized (this) {
            if (wrote) return KillResult.UNKILLABLE;
            killed = true;
        }
        JsContext js = context;
        if (js == null) return KillResult.NOT_RUNNING;
        js.interrupt(this);
        return KillResult.KILLED;
    }

    // ------------------------------------------------------------------ for hosts

    public Kind kind() { return kind; }

    public boolean isEval() { return kind == Kind.EVAL; }

    /** True for EVAL_SLOW_SCRIPT: the server may run it on a worker pool. */
    public boolean slow() { return slow; }

    /** The script's SHA1, or the function's name: what error messages call it. */
    public String name() { return kind == Kind.EVAL ? script.sha() : function.name; }

    /** The client that sent EVAL/FCALL. Touch it only on the thread that owns it. */
    public Client caller() { return caller; }

    /** Whether writes are refused (EVAL_RO, FCALL_RO, the no-writes flag). */
    public boolean readOnly() { return readOnly; }

    /** The db redis.call runs in: the caller's at the start, then whatever SELECT made it. */
    public Db db() { return db; }

    public void setDb(Db db) { this.db = db; }

    /** The RESP version redis.call replies in (redis.setresp), 2 at the start. */
    public int resp() { return resp; }

    void setResp(int resp) { this.resp = resp; }

    /** Whether a write command has run (SCRIPT_WRITE_DIRTY): such a script cannot be killed. */
    public boolean wrote() { return wrote; }

    /**
     * Marks that a write command is about to run; false if the script was killed first (the
     * write must then not happen: a killed script must not have written).
     */
    public synchronized boolean markWrite() {
        if (killed) return false;
        wrote = true;
        return true;
    }

    public boolean killed() { return killed; }

    /** The command that started it (argv), for FUNCTION STATS. */
    public byte[][] commandArgv() { return commandArgv; }

    /** How long it has been running. */
    public long durationMillis() { return System.currentTimeMillis() - startMillis; }

    /** KEYS (or a function's keys), as sent. */
    public byte[][] keys() { return keys; }

    /** ARGV (or a function's args), as sent. */
    public byte[][] args() { return args; }
}
