package io.aeredis.scripting;

import io.aeredis.commands.Client;

/**
 * Decides where a prepared script runs. EVAL, EVALSHA, FCALL and friends validate their
 * arguments on the calling (event loop) thread, build a {@link ScriptRun} and hand it here.
 * An executor must eventually call {@link ScriptRun#execute()} on some thread and write the
 * reply it returns to the client with {@link Reply#write} on the thread that owns the client.
 * {@link #INLINE} does both at once on the calling thread, like Redis.
 *
 * <p>A threaded executor would mark the client blocked, run {@code run.execute()} on its script
 * thread or worker pool ({@link ScriptRun#slow()} tells EVAL_SLOW_SCRIPT runs apart), then post
 * the reply back to the loop. The reply object is plain Java data, safe to pass between threads.
 */
@FunctionalInterface
public interface ScriptExecutor {
    void execute(Client c, ScriptRun run);

    /** Run now, on this thread, and reply. */
    ScriptExecutor INLINE = (c, run) -> Reply.write(c.reply, run.execute());
}
