package io.aeredis.scripting;

import io.aeredis.commands.RedisCore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scripting for one server: the EVAL script cache, the function libraries, the scripts
 * running now, and the two pluggable steps the server decides on:
 * <ul>
 * <li>the {@link ScriptExecutor}: on which thread a script runs (default: inline, on the
 *     thread that received EVAL/FCALL);</li>
 * <li>the {@link ScriptHost}: on which thread, and how, each {@code redis.call} runs
 *     (default: {@link InProcessScriptHost}, on the script's thread).</li>
 * </ul>
 * The JS engine itself ({@link ScriptEngine}) is shared by the whole JVM.
 */
public final class Scripting {
    private final RedisCore core;
    private final ScriptCache scripts = new ScriptCache();
    private final FunctionLibraries functions = new FunctionLibraries();
    private volatile ScriptHost host;
    private volatile ScriptExecutor executor = ScriptExecutor.INLINE;
    private final Set<ScriptRun> running = ConcurrentHashMap.newKeySet();

    public Scripting(RedisCore core) {
        this.core = core;
        this.host = new InProcessScriptHost(core);
    }

    public RedisCore core() { return core; }

    public ScriptCache scripts() { return scripts; }

    public FunctionLibraries functions() { return functions; }

    public ScriptHost host() { return host; }

    public void setHost(ScriptHost host) { this.host = host; }

    public ScriptExecutor executor() { return executor; }

    public void setExecutor(ScriptExecutor executor) { this.executor = executor; }

    void started(ScriptRun run) { running.add(run); }

    void finished(ScriptRun run) { running.remove(run); }

    /** Scripts and functions running now, oldest first. */
    public List<ScriptRun> running() {
        List<ScriptRun> l = new ArrayList<>(running);
        l.sort(Comparator.comparingLong(r -> r.startMillis));
        return l;
    }

    /**
     * The run SCRIPT KILL / FUNCTION KILL act on, or null: the one holding the keyspace (an
     * EVAL or FCALL, of which there is at most one, like Redis's single busy script) if any,
     * else the oldest EVAL_SLOW_SCRIPT running on a worker.
     */
    public ScriptRun busy() {
        List<ScriptRun> l = running();
        for (ScriptRun r : l) if (!r.slow()) return r;
        return l.isEmpty() ? null : l.get(0);
    }
}
