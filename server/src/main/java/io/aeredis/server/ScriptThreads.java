package io.aeredis.server;

import io.aeredis.ae.AeAsync;
import io.aeredis.ae.AeEventLoop;
import io.aeredis.commands.Blocking;
import io.aeredis.commands.Client;
import io.aeredis.commands.RedisCommand;
import io.aeredis.scripting.InProcessScriptHost;
import io.aeredis.scripting.Reply;
import io.aeredis.scripting.ScriptExecutor;
import io.aeredis.scripting.ScriptHost;
import io.aeredis.scripting.ScriptRun;
import io.aeredis.scripting.ScriptingCommands;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where scripts run, and where their {@code redis.call}s run. Three paths:
 *
 * <ul>
 * <li><b>EVAL, EVALSHA, FCALL</b> (and EVAL_SLOW_SCRIPT called where it may not block): the
 *     loop thread hands the keyspace to the script thread and waits, so the script is atomic as
 *     in Redis. Past {@code busy-reply-threshold} the loop starts serving the network again, as
 *     Redis's processEventsWhileBlocked does, answering every command -BUSY except the
 *     allow_busy ones (SCRIPT KILL, FUNCTION KILL, SHUTDOWN NOSAVE, ...). GraalVM has no
 *     instruction hook to call back into the loop from the script, hence the second thread.</li>
 * <li><b>EVAL_SLOW_SCRIPT, {@code slow-script-mode inline}</b>: the script runs on the loop
 *     thread itself. Nothing else happens until it ends: no accept, no reads, no replies, no
 *     timers, not even BUSY replies. This is the stall the demo shows.</li>
 * <li><b>EVAL_SLOW_SCRIPT, {@code slow-script-mode worker}</b> (default): libuv's
 *     {@code uv_queue_work}. The client is blocked like a BLPOP client and the script goes to a
 *     fixed pool ({@code slow-script-workers}, bounded queue {@code slow-script-queue}: full
 *     means an error reply). Each {@code redis.call} is posted to the loop and runs there,
 *     atomically, between other clients' commands; the script as a whole is not atomic. The
 *     result comes back through an {@link AeAsync} wake-up ({@code after_work}) and the loop
 *     thread writes the reply.</li>
 * </ul>
 *
 * <p>One thread owns the keyspace at any time: the loop thread, or the script thread while
 * it runs a handed-over script. {@link #keyspaceLock} is held by whoever touches it during a
 * hand-over, because in the BUSY phase the loop thread also touches clients (a PUBLISH from the
 * script writes into other clients' reply buffers).
 */
final class ScriptThreads implements ScriptExecutor, ScriptHost {
    static final String QUEUE_FULL = "-BUSY the slow-script worker queue is full (slow-script-queue %d); try again later";

    /** How long the loop spins for a handed-over script before it parks. */
    static final long SPIN_NANOS = Long.getLong("aeredis.script.spin-nanos", 50_000);

    private final RedisServer server;
    private final InProcessScriptHost inProcess;
    private final ReentrantLock keyspaceLock = new ReentrantLock();
    /** The thread allowed to run redis.call in process: the loop thread or the hand-over script thread. */
    private volatile Thread keyspaceOwner;
    private final ExecutorService scriptThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new SpinningQueue(), r -> daemon(r, "aeredis-script"));
    private ThreadPoolExecutor workers;
    private AeAsync afterWork;

    /** redis.calls posted by worker scripts, run by the loop thread. */
    private final ConcurrentLinkedQueue<PostedCall> calls = new ConcurrentLinkedQueue<>();
    /** Finished worker scripts, replied to by the loop thread (after_work). */
    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
    /** Clients waiting for a worker script, and the script each waits for. */
    private final Map<Client, ScriptRun> waiting = new IdentityHashMap<>();

    /** The hand-over run in progress, or null. */
    private ScriptRun handover;
    /** True once the hand-over passed busy-reply-threshold: the loop is answering -BUSY. */
    private boolean busy;
    private Client busyCaller;

    // INFO figures
    long slowScriptsCompleted;
    long slowScriptsRejected;
    private final AtomicInteger slowScriptsRunning = new AtomicInteger();

    private record PostedCall(ScriptRun run, byte[][] argv, CompletableFuture<Object> reply) {}

    private record Finished(Client client, ScriptRun run, Object reply, long millis) {}

    ScriptThreads(RedisServer server, InProcessScriptHost inProcess) {
        this.server = server;
        this.inProcess = inProcess;
    }

    /** On the loop thread, once the loop exists. */
    void init(AeEventLoop el) {
        keyspaceOwner = Thread.currentThread();
        afterWork = new AeAsync(el, this::afterWork);
        int n = Math.max(1, server.config.slowScriptWorkers);
        AtomicInteger ids = new AtomicInteger();
        workers = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, server.config.slowScriptQueue)),
                r -> daemon(r, "aeredis-slow-script-" + ids.incrementAndGet()));
        warmUp();
    }

    /**
     * Create every thread's JS context now, in the background, so that the first slow script
     * on a worker (or the first EVAL) does not pay for it: a context costs tens of ms, and the
     * first one in the JVM most of a second when interpreted.
     */
    private void warmUp() {
        int n = workers.getCorePoolSize();
        java.util.concurrent.CountDownLatch allStarted = new java.util.concurrent.CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            workers.execute(() -> {
                // Hold each worker until all have a task, so every thread gets exactly one.
                allStarted.countDown();
                try {
                    allStarted.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                io.aeredis.scripting.ScriptEngine.context();
            });
        }
        scriptThread.execute(io.aeredis.scripting.ScriptEngine::context);
    }

    /** The loop thread may have changed (tests start a server per thread): it owns the keyspace. */
    void loopThreadIs(Thread t) { keyspaceOwner = t; }

    void resizeWorkers() {
        if (workers == null) return;
        int n = Math.max(1, server.config.slowScriptWorkers);
        if (n >= workers.getMaximumPoolSize()) {
            workers.setMaximumPoolSize(n);
            workers.setCorePoolSize(n);
        } else {
            workers.setCorePoolSize(n);
            workers.setMaximumPoolSize(n);
        }
    }

    void shutdown() {
        scriptThread.shutdownNow();
        if (workers != null) workers.shutdownNow();
        if (afterWork != null) afterWork.close();
    }

    // ------------------------------------------------------------------ ScriptExecutor

    @Override
    public void execute(Client c, ScriptRun run) {
        if (run.slow() && !c.denyBlocking() && server.config.slowScriptMode.equals("worker")) {
            queueWork(c, run);
        } else if (run.slow() && server.config.slowScriptMode.equals("inline")) {
            runInline(c, run);
        } else {
            runHandedOver(c, run);
        }
    }

    /** slow-script-mode inline: on the loop thread; the whole server waits. */
    private void runInline(Client c, ScriptRun run) {
        long start = System.currentTimeMillis();
        Object reply = run.execute();
        Reply.write(c.reply, reply);
        slowScriptFinished(System.currentTimeMillis() - start);
    }

    /**
     * EVAL semantics: the script thread runs it while the loop waits; after
     * busy-reply-threshold the loop serves the network, answering -BUSY.
     */
    private void runHandedOver(Client c, ScriptRun run) {
        Thread loop = Thread.currentThread();
        long start = System.currentTimeMillis();
        handover = run;
        Future<Object> result = scriptThread.submit(() -> {
            keyspaceOwner = Thread.currentThread();
            try {
                return run.execute();
            } finally {
                keyspaceOwner = loop;
                afterWork.send(); // wake a loop that is serving -BUSY
            }
        });
        Object reply;
        try {
            reply = waitForHandover(c, run, result);
        } finally {
            handover = null;
            busy = false;
            busyCaller = null;
            keyspaceOwner = loop;
        }
        Reply.write(c.reply, reply);
        if (run.slow()) slowScriptFinished(System.currentTimeMillis() - start);
        // Worker calls that arrived while the keyspace was handed over run now.
        if (!calls.isEmpty() || !finished.isEmpty()) afterWork.send();
    }

    private Object waitForHandover(Client c, ScriptRun run, Future<Object> result) {
        long threshold = server.config.busyReplyThreshold;
        try {
            // Most scripts take microseconds: spin briefly before parking, since a park and
            // an unpark cost more than the script itself.
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (!result.isDone() && System.nanoTime() < spinUntil) Thread.onSpinWait();
            if (result.isDone()) return result.get();
            if (threshold > 0) return result.get(threshold, TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            // fall through to the BUSY phase
        } catch (InterruptedException | ExecutionException e) {
            return Reply.error("ERR script failed: " + e);
        }
        Log.warning("Slow script detected: still in execution after " + run.durationMillis()
                + " milliseconds. You can try killing the script using the SCRIPT KILL command. Script name is: "
                + run.name() + ".");
        busy = true;
        busyCaller = c;
        while (true) {
            try {
                return result.get(2, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                processEventsWhileBlocked();
                if (server.shutdownRequested()) {
                    run.kill();
                    return Reply.error("ERR server is shutting down");
                }
            } catch (InterruptedException | ExecutionException e) {
                return Reply.error("ERR script failed: " + e);
            }
        }
    }

    /**
     * processEventsWhileBlocked: one non-blocking turn of file events (no timers, no cron),
     * then the writes beforeSleep would do. Runs with the keyspace lock so that the script's
     * redis.calls never overlap the loop touching clients.
     */
    private void processEventsWhileBlocked() {
        keyspaceLock.lock();
        try {
            server.el.processEvents(AeEventLoop.AE_FILE_EVENTS | AeEventLoop.AE_DONT_WAIT);
            server.networking.handleClientsWithPendingWrites();
        } finally {
            keyspaceLock.unlock();
        }
    }

    /** An EVAL_SLOW_SCRIPT ended, wherever it ran: count it, and report it to LATENCY as "slow-script". */
    private void slowScriptFinished(long millis) {
        slowScriptsCompleted++;
        server.latencyAddSampleIfNeeded("slow-script", millis);
    }

    /** Whether processCommand must answer -BUSY; and with which text. */
    boolean isBusy() { return busy; }

    String busyError() {
        ScriptRun run = handover;
        return run != null && !run.isEval() ? ScriptingCommands.BUSY_FUNCTION : ScriptingCommands.BUSY_SCRIPT;
    }

    /** The client whose script is running: its further input waits (protectClient). */
    boolean isProtected(Client c) { return busy && c == busyCaller; }

    // ------------------------------------------------------------------ worker pool

    /** uv_queue_work: block the client, run the script on the pool. */
    private void queueWork(Client c, ScriptRun run) {
        long start = System.currentTimeMillis();
        try {
            workers.execute(() -> {
                slowScriptsRunning.incrementAndGet();
                Object reply;
                try {
                    reply = run.execute();
                } catch (RuntimeException | StackOverflowError e) {
                    reply = Reply.error("ERR slow script failed: " + e);
                } finally {
                    slowScriptsRunning.decrementAndGet();
                }
                finished.add(new Finished(c, run, reply, System.currentTimeMillis() - start));
                afterWork.send();
            });
        } catch (RejectedExecutionException full) {
            slowScriptsRejected++;
            String msg = String.format(QUEUE_FULL, server.config.slowScriptQueue);
            c.addReplyError(msg);
            return;
        }
        waiting.put(c, run);
        server.core.blocking.blockClient(c, Blocking.BLOCKED_SLOW_SCRIPT);
    }

    /** after_work, on the loop thread: run posted redis.calls, then reply to finished scripts. */
    private void afterWork() {
        if (handover != null) return; // the keyspace is handed over: calls wait for it to come back
        for (PostedCall pc; (pc = calls.poll()) != null; ) {
            Object reply;
            keyspaceLock.lock();
            try {
                server.core.updateCachedTime();
                reply = inProcess.call(pc.run, pc.argv);
            } finally {
                keyspaceLock.unlock();
            }
            pc.reply.complete(reply);
            // Like after any command: a push may have readied blocked clients.
            if (server.core.blocking.hasReadyKeys()) server.core.blocking.handleClientsBlockedOnKeys();
        }
        for (Finished f; (f = finished.poll()) != null; ) {
            waiting.remove(f.client);
            slowScriptFinished(f.millis);
            ServerClient c = (ServerClient) f.client;
            if (c.freed) continue;
            RedisCommand cmd = c.cmd;
            server.core.blocking.unblockClient(c);
            long errorsBefore = c.reply.errorReplies();
            Reply.write(c.reply, f.reply);
            if (cmd != null) server.updateStatsOnUnblock(c, cmd, f.millis * 1000, errorsBefore);
            server.networking.queueWriteIfNeeded(c);
        }
    }

    /**
     * A client waiting for a worker script disconnected: stop the script if it has not written
     * (RedisServer.clientFreed then unblocks the client, as for any blocked client).
     */
    void clientFreed(Client c) {
        ScriptRun run = waiting.remove(c);
        if (run != null) run.kill();
    }

    // ------------------------------------------------------------------ ScriptHost

    @Override
    public Object call(ScriptRun run, byte[][] argv) {
        if (Thread.currentThread() == keyspaceOwner) {
            keyspaceLock.lock();
            try {
                return inProcess.call(run, argv);
            } finally {
                keyspaceLock.unlock();
            }
        }
        // A worker: post the call to the loop and wait for its reply.
        PostedCall pc = new PostedCall(run, argv, new CompletableFuture<>());
        calls.add(pc);
        afterWork.send();
        while (true) {
            try {
                return pc.reply.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                if (run.killed()) return Reply.error("ERR Script killed by user with SCRIPT KILL...");
            } catch (InterruptedException e) {
                return Reply.error("ERR Script killed by user with SCRIPT KILL...");
            } catch (ExecutionException e) {
                return Reply.error("ERR " + e.getCause());
            }
        }
    }

    @Override
    public void log(int level, String message) {
        inProcess.log(level, message);
    }

    // ------------------------------------------------------------------ INFO

    int running() { return slowScriptsRunning.get(); }

    int queued() { return workers == null ? 0 : workers.getQueue().size(); }

    /**
     * The script thread's queue: after a script it spins briefly for the next one before
     * parking, because EVALs often come back to back and waking a parked thread costs more
     * than a short script.
     */
    static final class SpinningQueue extends java.util.concurrent.LinkedBlockingQueue<Runnable> {
        static final long SPIN_NANOS = Long.getLong("aeredis.script.queue-spin-nanos", 20_000);

        @Override
        public Runnable take() throws InterruptedException {
            long until = System.nanoTime() + SPIN_NANOS;
            do {
                Runnable r = poll();
                if (r != null) return r;
                Thread.onSpinWait();
            } while (System.nanoTime() < until);
            return super.take();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
