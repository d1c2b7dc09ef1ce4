package io.aeredis.server;

import io.aeredis.ae.AeEventLoop;
import io.aeredis.ae.OpenFilesLimit;
import io.aeredis.ae.Anet;
import io.aeredis.commands.Client;
import io.aeredis.commands.Commands;
import io.aeredis.commands.RedisCommand;
import io.aeredis.commands.RedisCore;
import io.aeredis.scripting.InProcessScriptHost;
import io.aeredis.scripting.Scripting;
import io.aeredis.scripting.ScriptingCommands;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The server: Redis's {@code server.c} — initServer, the listeners, processCommand and call,
 * beforeSleep and serverCron. One instance owns one event loop; every method runs on the loop
 * thread except {@link #shutdownAsync()} and the accessors tests use after start.
 */
public final class RedisServer {
    public static final String REDIS_VERSION = "7.0.15";
    public static final String AEREDIS_VERSION = "0.1.0";
    /** CONFIG_MIN_RESERVED_FDS: descriptors kept for the server itself (listeners, logs, pipes). */
    static final int CONFIG_MIN_RESERVED_FDS = 32;
    /** CONFIG_MIN_RESERVED_FDS + CONFIG_FDSET_INCR: head-room Redis adds to maxclients for the loop's setsize. */
    static final int CONFIG_FDSET_INCR = CONFIG_MIN_RESERVED_FDS + 96;

    final ServerConfig config;
    final RedisCore core;
    /** EVAL, FUNCTION and friends: scripts run inline and their redis.call on this (loop) thread for now. */
    final Scripting scripting;
    final ScriptThreads scriptThreads;
    final ServerStats stats = new ServerStats();
    /** Loop-iteration stats, LATENCY and SLOWLOG (StallMonitor). */
    final StallMonitor stalls;
    /** multi.c, pubsub.c and notify.c state. */
    final MultiCommands multi = new MultiCommands(this);
    final ClientPause pause = new ClientPause(this);
    final PubSub pubsub = new PubSub(this);
    final BlockedClients blockedClients;
    /** MONITOR clients (server.monitors) and the feeding of commands to them. */
    final Monitors monitors = new Monitors(this);
    /** Startup and peak heap figures, MEMORY STATS' server half. */
    final ServerMemory memory = new ServerMemory(this);
    AeEventLoop el;
    Networking networking;
    private final List<Integer> listeners = new ArrayList<>();
    final long startTimeMs = System.currentTimeMillis();
    final String runId;
    String configFile = "";
    long cronloops;
    private volatile boolean shutdownAsap;
    private int boundPort;

    public RedisServer(ServerConfig config) {
        this.config = config;
        this.stalls = new StallMonitor(config);
        ServerCore serverCore = new ServerCore(config.databases);
        serverCore.attach(multi, new Notify(serverCore, pubsub));
        serverCore.attachPause(pause);
        serverCore.attachMemory(memory);
        this.core = serverCore;
        config.applyTo(core);
        this.runId = randomHex(40);
        Commands.registerAll(core.commands);
        blockedClients = new BlockedClients(this);
        core.blocking.setHooks(blockedClients);
        ServerCommands.register(core.commands, this);
        scripting = new Scripting(core);
        scriptThreads = new ScriptThreads(this, new InProcessScriptHost(core) {
            @Override
            public void log(int level, String message) {
                Log.log(level, message);
            }

            /** call() for a script's redis.call: monitors see it as "[db lua]". */
            @Override
            protected void invoke(Client c, RedisCommand cmd) {
                super.invoke(c, cmd);
                if (!monitors.isEmpty()) monitors.afterCall(c, cmd);
            }
        });
        scripting.setHost(scriptThreads);
        scripting.setExecutor(scriptThreads);
        ScriptingCommands.register(core.commands, scripting);
        monitors.wrapScriptCommands(core.commands);
        Monitors.register(core.commands, monitors);
        MultiCommands.register(core.commands, multi);
        PubSub.register(core.commands, pubsub);
        ResetCommand.register(core.commands, this);
        config.setOnChange(this::applyConfigChange);
    }

    /** initServer + listenToPort: create the loop, bind, register the accept handler and serverCron. */
    public void init() {
        adjustOpenFilesLimit();
        el = config.aeBackend.isEmpty()
                ? AeEventLoop.create(config.maxclients + CONFIG_FDSET_INCR)
                : AeEventLoop.create(config.maxclients + CONFIG_FDSET_INCR, config.aeBackend);
        networking = new Networking(this);
        listenToPort();
        for (int fd : listeners) {
            if (el.createFileEvent(fd, AeEventLoop.AE_READABLE, networking.acceptHandler, null) == AeEventLoop.AE_ERR) {
                throw new IllegalStateException("Unrecoverable error creating server.ipfd file event.");
            }
        }
        el.createTimeEvent(1, this::serverCron, null, null);
        scriptThreads.init(el);
        el.setBeforeSleepProc(this::beforeSleep);
        el.setAfterSleepProc(this::afterSleep);
        io.aeredis.scripting.ScriptEngine.warmUpInBackground();
        memory.initialMemoryUsage();
    }

    /**
     * adjustOpenFilesLimit: make sure the process may open maxclients + CONFIG_MIN_RESERVED_FDS
     * descriptors. If RLIMIT_NOFILE is lower, raise it (soft and hard, which needs privileges
     * for the hard one), trying 16 fewer at a time down to the current limit; if the best it
     * gets is still too low, lower maxclients to fit, with Redis's warnings. (The JVM already
     * raises its soft limit to the hard one at startup, HotSpot's MaxFDLimit, so in practice
     * this only acts when the hard limit itself is too low.)
     */
    void adjustOpenFilesLimit() {
        long maxfiles = (long) config.maxclients + CONFIG_MIN_RESERVED_FDS;
        long[] limit = OpenFilesLimit.get();
        if (limit == null) {
            Log.warning("Unable to obtain the current NOFILE limit (" + OpenFilesLimit.strerror(OpenFilesLimit.lastErrno())
                    + "), assuming 1024 and setting the max clients configuration accordingly.");
            config.maxclients = 1024 - CONFIG_MIN_RESERVED_FDS;
            return;
        }
        long oldlimit = limit[0];
        if (oldlimit >= maxfiles) return;
        long bestlimit = maxfiles;
        int setrlimitError = 0;
        final long decrStep = 16;
        while (bestlimit > oldlimit) {
            if (OpenFilesLimit.set(bestlimit, bestlimit)) break;
            setrlimitError = OpenFilesLimit.lastErrno();
            // Could not get bestlimit: try a few descriptors fewer.
            if (bestlimit < decrStep) {
                bestlimit = oldlimit;
                break;
            }
            bestlimit -= decrStep;
        }
        // The limit we started with still holds if our last try went below it.
        if (bestlimit < oldlimit) bestlimit = oldlimit;
        if (bestlimit < maxfiles) {
            int oldMaxclients = config.maxclients;
            if (bestlimit <= CONFIG_MIN_RESERVED_FDS) {
                // Logged by the caller (Main), which then exits.
                throw new IllegalStateException("Your current 'ulimit -n' of " + oldlimit + " is not enough for the server to start. "
                        + "Please increase your open file limit to at least " + maxfiles + ". Exiting.");
            }
            config.maxclients = (int) (bestlimit - CONFIG_MIN_RESERVED_FDS);
            Log.warning("You requested maxclients of " + oldMaxclients + " requiring at least " + maxfiles + " max file descriptors.");
            Log.warning("Server can't set maximum open files to " + maxfiles + " because of OS error: "
                    + OpenFilesLimit.strerror(setrlimitError) + ".");
            Log.warning("Current maximum open files is " + bestlimit + ". maxclients has been reduced to " + config.maxclients
                    + " to compensate for low ulimit. If you need higher maxclients increase 'ulimit -n'.");
        } else {
            Log.notice("Increased maximum number of open files to " + maxfiles + " (it was originally set to " + oldlimit + ").");
        }
    }

    /**
     * updateMaxclients, CONFIG SET maxclients's apply step: raise the descriptor limit (if the
     * OS refuses, the error says how many clients it can take), then grow the event loop.
     * Returns an error text (the caller restores the old value) or null.
     */
    private String updateMaxclients() {
        int requested = config.maxclients;
        adjustOpenFilesLimit();
        if (config.maxclients != requested) {
            return "The operating system is not able to handle the specified number of clients, try with " + config.maxclients;
        }
        if (el.getSetSize() < config.maxclients + CONFIG_FDSET_INCR
                && el.resizeSetSize(config.maxclients + CONFIG_FDSET_INCR) == AeEventLoop.AE_ERR) {
            return "The event loop API used by Redis is not able to handle the specified number of clients";
        }
        return null;
    }

    /** listenToPort: bind every address in {@code bind}; a leading '-' makes an address optional. */
    private void listenToPort() {
        for (String raw : config.bind) {
            boolean optional = raw.startsWith("-");
            String addr = optional ? raw.substring(1) : raw;
            boolean v6 = addr.contains(":");
            String bindAddr = addr.equals("*") ? null : (addr.equals("::*") ? "::" : addr);
            int port = boundPort != 0 ? boundPort : config.port;
            int fd = v6 ? Anet.tcp6Server(port, bindAddr, config.tcpBacklog)
                    : Anet.tcpServer(port, bindAddr, config.tcpBacklog);
            if (fd < 0) {
                String err = Anet.lastError();
                if (optional) {
                    Log.verbose("Skipping optional bind address " + addr + ": " + err);
                    continue;
                }
                Log.warning("Warning: Could not create server TCP listening socket " + addr + ":" + config.port + ": " + err);
                closeListeners();
                throw new IllegalStateException("Failed listening on port " + config.port + " (TCP), aborting.");
            }
            Anet.nonBlock(fd);
            Anet.cloexec(fd);
            if (boundPort == 0) boundPort = Anet.boundPort(fd);
            listeners.add(fd);
        }
        if (listeners.isEmpty()) throw new IllegalStateException("Failed listening on port " + config.port + " (TCP), aborting.");
    }

    private void closeListeners() {
        for (int fd : listeners) Anet.close(fd);
        listeners.clear();
    }

    /** The TCP port actually bound (differs from the config when port 0 asked for any free port). */
    public int port() { return boundPort; }

    public String backendName() { return el.getApiName(); }

    /** aeMain on the calling thread, until SHUTDOWN or {@link #shutdownAsync()}. */
    public void run() {
        Log.notice("Ready to accept connections tcp");
        scriptThreads.loopThreadIs(Thread.currentThread());
        el.main();
        scriptThreads.shutdown();
        closeListeners();
        networking.freeAllClients();
        el.delete();
    }

    /** Stop the loop from any thread (tests, signal handlers): like a SIGTERM handled in serverCron. */
    public void shutdownAsync() { shutdownAsap = true; }

    // ------------------------------------------------------------------ command dispatch

    /** authRequired(): a password is set and this client has not authenticated. */
    boolean authRequired(Client c) {
        return !config.requirepass.isEmpty() && !c.authenticated;
    }

    /**
     * processCommand: look the command up, check arity and authentication, then call it.
     * Like Redis, QUIT is answered here without a table lookup.
     */
    void processCommand(ServerClient c) {
        core.updateCachedTime();
        byte[] name = c.argv[0];
        if (name.length == 4 && equalsIgnoreCase(name, QUIT)) {
            c.addReplyRaw(OK);
            c.flags |= Client.CLOSE_AFTER_REPLY;
            // QUIT is a command in Redis 7.0, so monitors see it.
            if (!monitors.isEmpty()) monitors.feed(c, c.db.id, c.argv, c.argc, null);
            return;
        }
        RedisCommand cmd = core.commands.lookupCommand(c.argv, c.argc);
        c.cmd = cmd;
        if (cmd == null) {
            RedisCommand base = core.commands.lookup(name);
            if (base != null && !base.subcommands.isEmpty()) {
                rejectCommand(c, null, "unknown subcommand '" + truncate(c.argv[1], 128) + "'. Try "
                        + cstr(name).toUpperCase(java.util.Locale.ROOT) + " HELP.");
            } else {
                rejectCommand(c, null, unknownCommandError(c));
            }
            return;
        }
        c.lastcmd = cmd;
        if ((cmd.arity > 0 && cmd.arity != c.argc) || c.argc < -cmd.arity) {
            rejectCommand(c, cmd, "wrong number of arguments for '" + cmd.fullname + "' command");
            return;
        }
        if (authRequired(c) && !cmd.has(RedisCommand.NO_AUTH)) {
            rejectCommand(c, cmd, "-NOAUTH Authentication required.");
            return;
        }
        if ((c.flags & Client.MULTI) != 0 && cmd.has(RedisCommand.NO_MULTI)) {
            rejectCommand(c, cmd, "Command not allowed inside a transaction");
            return;
        }
        // Subscribed (RESP2) and monitoring clients may only run some commands: one test for both.
        if ((c.flags & (Client.PUBSUB | Client.MONITOR)) != 0) {
            String error = restrictedModeError(c, cmd);
            if (error != null) {
                rejectCommand(c, cmd, error);
                return;
            }
        }
        // A script past busy-reply-threshold holds the keyspace: only allow_busy commands run.
        if (scriptThreads.isBusy() && !cmd.has(RedisCommand.ALLOW_BUSY)) {
            rejectCommand(c, cmd, scriptThreads.busyError());
            return;
        }
        // CLIENT PAUSE: the command waits, even one that would only be queued (Redis 7.0's order).
        if (pause.mustPostpone(c, cmd)) {
            pause.blockPostponeClient(c);
            return;
        }
        if ((c.flags & Client.MULTI) != 0 && !MultiCommands.runsInsideMulti(cmd)) {
            multi.queueMultiCommand(c, cmd);
            return;
        }
        call(c, cmd);
        // A write may have made keys ready for blocked clients: serve them now, in arrival order.
        if (core.blocking.hasReadyKeys()) core.blocking.handleClientsBlockedOnKeys();
    }

    /**
     * The error for a command a client may not run in its mode, or null. RESP2 has no room for
     * replies between pushed messages: subscribed mode is a mode. A monitor is a replica to
     * Redis (CLIENT_SLAVE), and replicas may not touch the keyspace: no command that reads,
     * writes or may replicate (PUBLISH, EVAL, FCALL).
     */
    private static String restrictedModeError(ServerClient c, RedisCommand cmd) {
        if ((c.flags & Client.PUBSUB) != 0 && c.resp() == 2 && !PubSub.allowedInSubscribedContext(cmd)) {
            return PubSub.subscribedContextError(cmd);
        }
        if ((c.flags & Client.MONITOR) != 0
                && cmd.has(RedisCommand.READONLY | RedisCommand.WRITE | RedisCommand.MAY_REPLICATE)) {
            return "Replica can't interact with the keyspace";
        }
        return null;
    }

    /**
     * call(): run the proc and account its time, and any error replies, to the command's
     * stats; then show it to the monitors, if there are any.
     */
    void call(ServerClient c, RedisCommand cmd) {
        long errorsBefore = c.reply.errorReplies();
        stalls.callStarted();
        long start = System.nanoTime();
        try {
            cmd.proc.call(c);
        } catch (RuntimeException | StackOverflowError bug) {
            // Redis would panic; a Java bug in one command should not take every client down.
            Log.warning("Command '" + cmd.fullname + "' failed with " + bug + "\n" + stackTrace(bug));
            c.addReplyError("internal error in '" + cmd.fullname + "': " + bug.getClass().getSimpleName());
        }
        long elapsedNs = System.nanoTime() - start;
        // A command that blocked is counted when it is finally served (updateStatsOnUnblock).
        countCall(c, cmd, !c.isBlocked(), elapsedNs, errorsBefore);
        stalls.callFinished(c, cmd, elapsedNs);
        if (!monitors.isEmpty()) monitors.afterCall(c, cmd);
    }

    /**
     * The commandstats of one execution: a call taking {@code durationNs} when {@code ended}
     * (a command that blocked is not a call yet), and the error replies it sent since
     * {@code errorsBefore}.
     */
    private void countCall(ServerClient c, RedisCommand cmd, boolean ended, long durationNs, long errorsBefore) {
        if (ended) {
            cmd.calls++;
            cmd.nanoseconds += durationNs;
            stats.numcommands++;
        }
        if (c.reply.errorReplies() != errorsBefore) {
            cmd.failedCalls++;
            afterErrorReply(c, errorsBefore);
        }
    }

    /**
     * updateStatsOnUnblock: a command that blocked is counted once, when it ends without being
     * run again (its timeout fired, or its worker script finished): calls, time, errors since
     * {@code errorsBefore}, the slow log and the latency histogram.
     */
    void updateStatsOnUnblock(ServerClient c, RedisCommand cmd, long durationUs, long errorsBefore) {
        countCall(c, cmd, true, durationUs * 1000, errorsBefore);
        stalls.blockedCommandEnded(c, cmd, durationUs);
    }

    /**
     * latencyAddSampleIfNeeded: record a latency event of {@code ms} milliseconds (e.g.
     * "slow-script") when it reaches latency-monitor-threshold. For subsystems outside call().
     */
    public void latencyAddSampleIfNeeded(String event, long ms) {
        stalls.latency.latencyAddSampleIfNeeded(event, ms);
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    /**
     * The bulk length limit handed to the parser: proto-max-bulk-len, capped below the largest
     * Java array so that a bigger bulk is refused as "invalid bulk length" instead of overflowing.
     */
    long effectiveMaxBulkLen() {
        return Math.min(config.protoMaxBulkLen, Integer.MAX_VALUE - 64);
    }

    /**
     * rejectCommand: an error reply for a command that never ran. Inside MULTI it dooms the
     * transaction; a rejected EXEC discards it at once (execCommandAbort).
     */
    private void rejectCommand(ServerClient c, RedisCommand cmd, String error) {
        MultiCommands.flagTransaction(c);
        if (cmd != null) cmd.rejectedCalls++;
        if (cmd != null && cmd.parent == null && cmd.name.equals("exec")) {
            long errorsBefore = c.reply.errorReplies();
            multi.execCommandAbort(c, error);
            afterErrorReply(c, errorsBefore);
            return;
        }
        addReplyErrorCounted(c, error.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** An error reply sent outside call() (rejected command, protocol error), counted like call() counts. */
    void addReplyErrorCounted(ServerClient c, byte[] msg) {
        long errorsBefore = c.reply.errorReplies();
        c.reply.addReplyErrorBytes(msg, 0, msg.length);
        afterErrorReply(c, errorsBefore);
    }

    /** afterErrorReply: count the error replies a client got since {@code errorsBefore}, per error code. */
    void afterErrorReply(ServerClient c, long errorsBefore) {
        long n = c.reply.errorReplies() - errorsBefore;
        stats.totalErrorReplies += n;
        stats.incrementErrorCount(c.reply.lastErrorCode(), n);
    }

    private static String unknownCommandError(ServerClient c) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < c.argc && args.length() < 128; i++) {
            args.append('\'').append(truncate(c.argv[i], 128 - args.length())).append("' ");
        }
        return "unknown command '" + truncate(c.argv[0], 128) + "', with args beginning with: " + args;
    }

    /**
     * C's "%.*s" of an argument: at most {@code max} bytes, stopping at the first NUL as a C
     * string does, each byte one char (ISO-8859-1) so {@link #addReplyErrorRaw} sends it back
     * unchanged.
     */
    static String truncate(byte[] b, int max) {
        int n = Math.min(b.length, Math.max(0, max));
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                n = i;
                break;
            }
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** C's "%s" of an argument (stops at the first NUL). */
    static String cstr(byte[] b) {
        return truncate(b, Integer.MAX_VALUE);
    }

    /** addReplyErrorFormat for texts quoting user bytes: one byte per char, as Redis sends them. */
    static void addReplyErrorRaw(Client c, String msg) {
        byte[] b = msg.getBytes(StandardCharsets.ISO_8859_1);
        c.reply.addReplyErrorBytes(b, 0, b.length);
    }

    /**
     * addReplySubcommandSyntaxError (server.c): an unknown subcommand, or a known one with the
     * wrong arguments, of the container in argv[0] (named upper-cased in the hint).
     */
    static void addReplySubcommandSyntaxError(Client c) {
        addReplyErrorRaw(c, "unknown subcommand or wrong number of arguments for '" + truncate(c.argv[1], 128)
                + "'. Try " + cstr(c.argv[0]).toUpperCase(java.util.Locale.ROOT) + " HELP.");
    }

    private static final byte[] QUIT = {'q', 'u', 'i', 't'};
    static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

    static boolean equalsIgnoreCase(byte[] a, byte[] lower) {
        if (a.length != lower.length) return false;
        for (int i = 0; i < a.length; i++) {
            int x = a[i];
            if (x >= 'A' && x <= 'Z') x += 32;
            if (x != lower[i]) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ loop hooks

    /** beforeSleep: resume unblocked clients, flush replies, free clients closed asynchronously. */
    void beforeSleep(AeEventLoop loop) {
        blockedClients.processUnblockedClients();
        networking.handleClientsWithPendingWrites();
        networking.freeClientsInAsyncFreeQueue();
        stalls.beforeSleepDone(); // keep last: the iteration's busy time ends here
    }

    /** afterSleep: refresh the cached clock once per loop turn. */
    void afterSleep(AeEventLoop loop) {
        stalls.afterSleep();
        core.updateCachedTime();
    }

    /** serverCron: runs hz times per second. */
    long serverCron(AeEventLoop loop, long id, Object clientData) {
        core.updateCachedTime();
        long now = core.mstime;
        // run_with_period(100): instantaneous metrics.
        if (cronloops % Math.max(1, config.hz / 10) == 0) {
            stats.trackInstantaneousMetric(ServerStats.METRIC_COMMAND, stats.numcommands, now);
            stats.trackInstantaneousMetric(ServerStats.METRIC_NET_INPUT, stats.netInputBytes, now);
            stats.trackInstantaneousMetric(ServerStats.METRIC_NET_OUTPUT, stats.netOutputBytes, now);
            stats.trackInstantaneousMetric(ServerStats.METRIC_EL_CYCLE, stalls.eventLoop.cycles, now);
            stats.trackInstantaneousMetric(ServerStats.METRIC_EL_DURATION, stalls.eventLoop.durationSumUs(), stalls.eventLoop.cycles, 1);
        }
        clientsCron(now);
        memory.cron();
        // Active expiry (25% of a cron period), table resizing and incremental rehashing.
        core.databasesCron();
        if (shutdownAsap) {
            Log.warning("Received shutdown request, scheduling shutdown...");
            prepareForShutdown();
            el.stop();
        }
        cronloops++;
        return 1000 / config.hz;
    }

    /** CLIENTS_CRON_MIN_ITERATIONS: clientsCron visits at least this many clients per call. */
    static final int CLIENTS_CRON_MIN_ITERATIONS = 5;
    /** CLIENTS_PEAK_MEM_USAGE_SLOTS: INFO's client_recent_max_* cover this many seconds. */
    static final int CLIENTS_PEAK_MEM_USAGE_SLOTS = 8;
    /** A client idle this long gives back its query and reply buffers (Redis: querybuf after 2 s; see clientsCronResizeQueryBuffer). */
    static final long CLIENT_IDLE_BUFFERS_MS = 2000;
    /** ClientsPeakMemInput / ClientsPeakMemOutput: per-second maxima, for INFO clients. */
    final long[] clientsPeakMemInput = new long[CLIENTS_PEAK_MEM_USAGE_SLOTS];
    final long[] clientsPeakMemOutput = new long[CLIENTS_PEAK_MEM_USAGE_SLOTS];

    /**
     * clientsCron: visit numclients/hz clients per call (at least CLIENTS_CRON_MIN_ITERATIONS),
     * so every client is seen about once a second however many there are: idle timeout, query
     * and reply buffer resizing (an idle client ends up with neither), and the input/output
     * peaks INFO reports.
     */
    private void clientsCron(long now) {
        ArrayList<ServerClient> list = networking.cronClients;
        int numclients = list.size();
        int iterations = numclients / config.hz;
        if (iterations < CLIENTS_CRON_MIN_ITERATIONS) iterations = Math.min(numclients, CLIENTS_CRON_MIN_ITERATIONS);
        int slot = (int) ((now / 1000) % CLIENTS_PEAK_MEM_USAGE_SLOTS);
        // Always zero the next sample, so a second only records what happened in it.
        int zeroidx = (slot + 1) % CLIENTS_PEAK_MEM_USAGE_SLOTS;
        clientsPeakMemInput[zeroidx] = 0;
        clientsPeakMemOutput[zeroidx] = 0;
        while (iterations-- > 0 && !list.isEmpty()) {
            if (networking.cronCursor >= list.size()) networking.cronCursor = 0;
            ServerClient c = list.get(networking.cronCursor);
            // A freed client's slot now holds another client: visit that one next.
            if (clientsCronHandleTimeout(c, now)) continue;
            networking.cronCursor++;
            networking.clientsCronResizeQueryBuffer(c, now);
            c.reply.clientsCronResizeOutputBuffer(now, io.aeredis.resp.ReplyBuffer.REPLY_BUFFER_PEAK_RESET_TIME_MS);
            if (now - c.lastinteraction > CLIENT_IDLE_BUFFERS_MS) {
                c.reply.releaseBufferIfEmpty();
                c.parser.releaseIdleBuffers();
            }
            clientsCronTrackExpansiveClients(c, slot);
        }
    }

    /**
     * clientsCronHandleTimeout: close a client idle for more than {@code timeout} seconds;
     * blocked and Pub/Sub clients are exempt, as in Redis. Returns true if it was freed.
     */
    private boolean clientsCronHandleTimeout(ServerClient c, long now) {
        if (config.maxidletime <= 0) return false;
        if ((c.flags & (Client.BLOCKED | Client.PUBSUB)) != 0) return false;
        if (now - c.lastinteraction <= config.maxidletime * 1000) return false;
        Log.verbose("Closing idle client");
        networking.freeClient(c);
        return true;
    }

    /** clientsCronTrackExpansiveClients: this second's largest input and output buffers. */
    private void clientsCronTrackExpansiveClients(ServerClient c, int slot) {
        long in = networking.queryBufferSize(c) + Networking.argvMem(c);
        long out = c.reply.listBytes();
        if (in > clientsPeakMemInput[slot]) clientsPeakMemInput[slot] = in;
        if (out > clientsPeakMemOutput[slot]) clientsPeakMemOutput[slot] = out;
    }

    /** checkClientOutputBufferLimits, called after each command that left replies in the list. */
    void checkOutputBufferLimits(ServerClient c) {
        int cls = (c.flags & Client.PUBSUB) != 0 ? ClientBufferLimits.CLASS_PUBSUB : ClientBufferLimits.CLASS_NORMAL;
        long hard = config.obufLimits.hard(cls);
        long soft = config.obufLimits.soft(cls);
        if (hard == 0 && soft == 0) return;
        long used = c.reply.listBytes();
        boolean hardReached = hard > 0 && used >= hard;
        boolean softReached = false;
        if (soft > 0 && used >= soft) {
            if (c.obufSoftLimitReachedTime == 0) c.obufSoftLimitReachedTime = core.mstime;
            softReached = core.mstime - c.obufSoftLimitReachedTime > config.obufLimits.softSeconds(cls) * 1000;
        } else {
            c.obufSoftLimitReachedTime = 0;
        }
        if (hardReached || softReached) {
            Log.warning("Client " + networking.clientInfoString(c) + " scheduled to be closed ASAP for overcoming of output buffer limits.");
            c.reply.clear();
            networking.freeClientAsync(c);
        }
    }

    void clientFreed(ServerClient c) {
        monitors.remove(c);
        multi.unwatchAllKeys(c);
        pubsub.unsubscribeAll(c);
        // A blocked client that disconnects leaves its queues: no reply, no lost push.
        scriptThreads.clientFreed(c);
        if (c.isBlocked()) core.blocking.unblockClient(c);
    }

    /** prepareForShutdown: log and close listeners; there is no persistence to flush yet. */
    void prepareForShutdown() {
        Log.warning("User requested shutdown...");
        Log.warning("Redis is now ready to exit, bye bye...");
    }

    private boolean shutdownRequested;

    /** SHUTDOWN ran (a busy script's wait gives up then). */
    boolean shutdownRequested() { return shutdownRequested; }

    void requestShutdownFromCommand() {
        shutdownRequested = true;
        prepareForShutdown();
        el.stop();
    }

    /** Apply a CONFIG SET to the running server; an error text makes CONFIG SET fail and restore the old value. */
    private String applyConfigChange(String name) {
        config.applyTo(core);
        switch (name) {
            case "proto-max-bulk-len" -> {
                for (ServerClient c : networking.clients.values()) c.parser.setMaxBulkLen(effectiveMaxBulkLen());
            }
            case "slow-script-workers" -> scriptThreads.resizeWorkers();
            case "maxclients" -> {
                return updateMaxclients();
            }
            default -> { }
        }
        return null;
    }

    private static String randomHex(int n) {
        java.security.SecureRandom r = new java.security.SecureRandom();
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append("0123456789abcdef".charAt(r.nextInt(16)));
        return sb.toString();
    }
}
