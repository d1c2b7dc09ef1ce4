package io.aeredis.scripting;

/**
 * What a running script needs from the server: executing one {@code redis.call} /
 * {@code redis.pcall}, and the server log for {@code redis.log}. The server decides on which
 * thread a call runs: {@link InProcessScriptHost} runs it on the calling thread (the one that
 * owns the keyspace while the script runs); a host for scripts on worker threads can hand each
 * call to the event loop and wait for its reply.
 *
 * <p>{@link #call} is invoked on the script's thread, inside the script's JS context. It must
 * not throw: every failure is an error reply ({@link Reply.Err}), which {@code redis.call}
 * raises and {@code redis.pcall} returns. While blocked waiting for another thread it should
 * give up with an error reply when {@link ScriptRun#killed()} turns true (SCRIPT KILL also
 * interrupts the JS context, which the host may observe as a Thread interrupt).
 */
public interface ScriptHost {
    /**
     * Runs one Redis command for {@code run} and returns its reply decoded (see {@link Reply}).
     * {@code argv} holds the command name and its arguments exactly as the script passed them.
     * The checks of Redis's scriptCall (unknown command, arity, noscript, writes from read-only
     * scripts) belong here, see {@link InProcessScriptHost#checkCall}.
     */
    Object call(ScriptRun run, byte[][] argv);

    /** redis.log: {@code level} is 0 debug, 1 verbose, 2 notice, 3 warning (LL_* of server.h). */
    default void log(int level, String message) {}
}
