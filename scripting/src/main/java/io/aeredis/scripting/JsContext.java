package io.aeredis.scripting;

import io.aeredis.resp.DoubleFormat;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sandboxed JS context, owned by one thread (see {@link ScriptEngine#context()}): the
 * global {@code redis} object, the EVAL scripts compiled here (by SHA1) and the libraries
 * evaluated here. It converts between {@link Reply} values and JS values in both directions
 * and turns JS exceptions into Redis's script error replies.
 *
 * <p>The sandbox: no host access (the only host objects a script can reach are the few
 * functions behind {@code redis}), no host class lookup or loading, no I/O, threads,
 * processes, environment, native access or polyglot access, output to nowhere, and the global
 * scope stripped to ECMAScript's built-ins (no print, load, console, Java, Polyglot, Graal...)
 * and frozen.
 *
 * <p>Everything here runs on the owning thread, except {@link #interrupt(ScriptRun)}.
 */
public final class JsContext {
    static final String SCRIPT_SOURCE = "user_script";
    static final String FUNCTION_SOURCE = "user_function";
    /** Redis's text for a killed script (the function variant says SCRIPT KILL too). */
    static final String KILLED = "ERR Script killed by user with SCRIPT KILL...";
    /**
     * The limit on evaluating a library's top-level code, against endless loops. Redis 7.0
     * allows 500 ms of Lua; interpreted JS on a busy machine needs more slack.
     */
    static volatile long loadTimeoutMillis = 5000;

    /** JS numbers hold integers exactly up to 2^53; beyond, a reply integer becomes a BigInt. */
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    /** Above this an array goes to JS element by element instead of as call arguments. */
    private static final int MAX_VARARGS = 1024;
    /** Deepest reply nesting converted before giving up (cycles, absurd structures). */
    private static final int MAX_DEPTH = 1000;

    private static final String REDIS_VERSION = "7.0.15";
    private static final int REDIS_VERSION_NUM = 0x07000f;

    /** Runs SCRIPT KILL's interrupts and FUNCTION LOAD's timeouts, off the threads that ask. */
    private static final ScheduledExecutorService INTERRUPTER = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "aeredis-script-interrupter");
        t.setDaemon(true);
        return t;
    });
    private static final ExecutorService KILLERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "aeredis-script-killer");
        t.setDaemon(true);
        return t;
    });

    private final Context context;
    private final Value mkList, mkNewArray, mkArgs, mkFail, mkOk, mkErr, mkBigint, mkDouble, mkBigNumber,
            mkMap, mkSet, mkVerbatim, mkIsBigInt, mkKeys, mkMapEntries, mkKind;

    /** EVAL scripts compiled here: SHA1 → the function. */
    private final Map<String, Value> scripts = new HashMap<>();
    private long scriptsGeneration = ScriptEngine.scriptsGeneration();
    /** Libraries evaluated here: their callbacks by function name. Gone with the library. */
    private final Map<FunctionLibraries.Library, Map<String, Value>> libraries = new WeakHashMap<>();

    /** The run in progress, or null. Guarded by this for {@link #interrupt}. */
    private ScriptRun current;
    /** Functions registered by the library being evaluated, or null outside library evaluation. */
    private LinkedHashMap<String, Pending> loading;
    /** Where redis.log goes: the current run's host, or the loading server's. */
    private ScriptHost logHost;
    /** An interrupt in flight: the next run waits for it so that it cannot hit that run. */
    private Future<?> pendingInterrupt;

    private record Pending(FunctionLibraries.Registered meta, Value callback) {}

    JsContext(Engine engine) {
        context = Context.newBuilder("js")
                .engine(engine)
                .allowHostAccess(HostAccess.NONE)
                .allowHostClassLookup(name -> false)
                .allowHostClassLoading(false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowInnerContextOptions(false)
                .allowValueSharing(false)
                .allowExperimentalOptions(true)
                .option("js.print", "false")
                .option("js.load", "false")
                .option("js.console", "false")
                .option("js.graal-builtin", "false")
                .option("js.polyglot-builtin", "false")
                .option("js.java-package-globals", "false")
                .option("js.global-arguments", "false")
                .option("js.shared-array-buffer", "false")
                .option("js.atomics", "false")
                .option("js.intl-402", "false")
                .build();
        Value prelude = context.eval(Source.newBuilder("js", preludeText(), "aeredis_prelude").internal(true).buildLiteral());
        Value mk = prelude.execute(
                (ProxyExecutable) this::hostCall,
                (ProxyExecutable) this::hostLog,
                (ProxyExecutable) a -> ByteStrings.sha1hex(ByteStrings.fromJs(a[0].asString())),
                (ProxyExecutable) this::hostSetResp,
                (ProxyExecutable) this::hostSpin,
                (ProxyExecutable) this::hostRegister,
                REDIS_VERSION, REDIS_VERSION_NUM);
        mkList = mk.getMember("list");
        mkNewArray = mk.getMember("newArray");
        mkArgs = mk.getMember("args");
        mkFail = mk.getMember("fail");
        mkOk = mk.getMember("ok");
        mkErr = mk.getMember("err");
        mkBigint = mk.getMember("bigint");
        mkDouble = mk.getMember("double");
        mkBigNumber = mk.getMember("bigNumber");
        mkMap = mk.getMember("map");
        mkSet = mk.getMember("set");
        mkVerbatim = mk.getMember("verbatim");
        mkIsBigInt = mk.getMember("isBigInt");
        mkKeys = mk.getMember("keys");
        mkMapEntries = mk.getMember("mapEntries");
        mkKind = mk.getMember("kind");
    }

    private static String preludeText() {
        try (InputStream in = JsContext.class.getResourceAsStream("prelude.js")) {
            if (in == null) throw new IllegalStateException("prelude.js missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void close() {
        context.close(true);
    }

    /** Evaluates JS source in this context (tests: probing the sandbox). */
    Value eval(String js) {
        return context.eval("js", js);
    }

    // ------------------------------------------------------------------ running scripts

    /** EVAL: compile the script here if needed (then it joins the script cache) and run it. */
    Object runScript(ScriptRun run) {
        begin(run, run.scripting.host());
        try {
            if (run.killed()) return killedReply(run, SCRIPT_SOURCE, 1);
            Value fn;
            try {
                fn = compiledScript(run.script);
            } catch (PolyglotException e) {
                if (e.isInterrupted() || e.isCancelled()) return killedReply(run, SCRIPT_SOURCE, 1);
                return compileError(e, "Error compiling script (new function)", SCRIPT_SOURCE);
            }
            if (fn == null) return NOT_A_FUNCTION;
            run.scripting.scripts().put(run.script);
            Value result = fn.execute(args(run.keys), args(run.args));
            // Killed at its very end: SCRIPT KILL said OK, so the script ends killed.
            if (run.killed()) return killedReply(run, SCRIPT_SOURCE, 1);
            return result(result, run);
        } catch (PolyglotException e) {
            return scriptError(e, run, SCRIPT_SOURCE);
        } finally {
            end();
        }
    }

    /** FCALL: evaluate the function's library here if this thread has not yet, then call it. */
    Object runFunction(ScriptRun run) {
        begin(run, run.scripting.host());
        try {
            if (run.killed()) return killedReply(run, FUNCTION_SOURCE, 1);
            FunctionLibraries.Library lib = run.function.library;
            Map<String, Value> callbacks = libraries.get(lib);
            if (callbacks == null) {
                LibraryEval ev = evaluate(lib.code);
                if (ev.error != null) return run.killed() ? killedReply(run, FUNCTION_SOURCE, 1) : Reply.Err.of(ev.error);
                callbacks = ev.callbacks;
                libraries.put(lib, callbacks);
            }
            Value fn = callbacks.get(run.function.name);
            // The code registered other functions on this thread than when it was loaded.
            if (fn == null) return Reply.error("ERR Function not found");
            Value result = fn.execute(args(run.keys), args(run.args));
            if (run.killed()) return killedReply(run, FUNCTION_SOURCE, 1);
            return result(result, run);
        } catch (PolyglotException e) {
            return scriptError(e, run, FUNCTION_SOURCE);
        } finally {
            end();
        }
    }

    /**
     * SCRIPT LOAD: compiles a script here, for the syntax check and the warm cache. Returns
     * null, or the compile error reply.
     */
    Reply.Err compile(ScriptCache.Entry script) {
        awaitPendingInterrupt();
        try {
            return compiledScript(script) == null ? NOT_A_FUNCTION : null;
        } catch (PolyglotException e) {
            return compileError(e, "Error compiling script (new function)", SCRIPT_SOURCE);
        }
    }

    private static final Reply.Err NOT_A_FUNCTION =
            Reply.Err.of("ERR Error compiling script (new function): user_script:1: the script is not a function body");

    /** The script's function, compiled here on first use; null if the body is no function body. */
    private Value compiledScript(ScriptCache.Entry script) {
        long gen = ScriptEngine.scriptsGeneration();
        if (gen != scriptsGeneration) {
            scripts.clear();
            scriptsGeneration = gen;
        }
        Value fn = scripts.get(script.sha());
        if (fn != null) return fn;
        String body = ByteStrings.toJs(script.body());
        // One line of wrapper before the body keeps the body's line numbers; a shebang line
        // becomes a comment; the newline closes a trailing // comment.
        String src = "(function (KEYS, ARGV) { 'use strict'; " + (body.startsWith("#!") ? "//" : "") + body + "\n})";
        fn = context.eval(Source.newBuilder("js", src, SCRIPT_SOURCE).buildLiteral());
        // Only a body that closes the wrapper early can get here.
        if (!fn.canExecute()) return null;
        scripts.put(script.sha(), fn);
        return fn;
    }

    // ------------------------------------------------------------------ libraries

    /** The outcome of evaluating a library's code: an error text, or what it registered. */
    static final class LibraryEval {
        final String error;
        final List<FunctionLibraries.Registered> registered = new ArrayList<>();
        final Map<String, Value> callbacks = new HashMap<>();

        LibraryEval(String error) { this.error = error; }
    }

    /**
     * FUNCTION LOAD / RESTORE: evaluates a library's code (its header already checked) on
     * this thread, within {@link #loadTimeoutMillis}, collecting the functions it registers.
     */
    LibraryEval evaluateLibrary(byte[] code, ScriptHost host) {
        awaitPendingInterrupt();
        ScriptHost saved = logHost;
        logHost = host;
        try {
            return evaluate(code);
        } finally {
            logHost = saved;
        }
    }

    /** Keeps the callbacks of a library evaluated here (FUNCTION LOAD), so FCALL needs no second evaluation. */
    void adopt(FunctionLibraries.Library lib, LibraryEval ev) {
        libraries.put(lib, ev.callbacks);
    }

    private LibraryEval evaluate(byte[] code) {
        String src = "(function () { 'use strict'; //" + ByteStrings.toJs(code) + "\n})";
        Value fn;
        try {
            fn = context.eval(Source.newBuilder("js", src, FUNCTION_SOURCE).buildLiteral());
        } catch (PolyglotException e) {
            if (e.isInterrupted() || e.isCancelled()) return new LibraryEval("ERR Error registering functions: FUNCTION LOAD timeout");
            return new LibraryEval(compileError(e, "Error compiling function", FUNCTION_SOURCE).string());
        }
        LinkedHashMap<String, Pending> saved = loading;
        loading = new LinkedHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        ScheduledFuture<?> timer = INTERRUPTER.schedule(() -> {
            timedOut.set(true);
            interruptNow();
        }, loadTimeoutMillis, TimeUnit.MILLISECONDS);
        LinkedHashMap<String, Pending> registered;
        try {
            fn.execute();
        } catch (PolyglotException e) {
            if (e.isInterrupted() || e.isCancelled()) {
                return new LibraryEval("ERR Error registering functions: FUNCTION LOAD timeout");
            }
            return new LibraryEval("ERR Error registering functions: " + errorText(e, FUNCTION_SOURCE, userLine(e, FUNCTION_SOURCE)));
        } finally {
            registered = loading;
            loading = saved;
            if (!timer.cancel(false)) awaitQuietly(timer);
        }
        if (timedOut.get()) return new LibraryEval("ERR Error registering functions: FUNCTION LOAD timeout");
        if (registered.isEmpty()) return new LibraryEval("ERR No functions registered");
        LibraryEval ev = new LibraryEval(null);
        for (Pending p : registered.values()) {
            ev.registered.add(p.meta);
            ev.callbacks.put(p.meta.name(), p.callback);
        }
        return ev;
    }

    // ------------------------------------------------------------------ run bracketing and kills

    private void begin(ScriptRun run, ScriptHost host) {
        awaitPendingInterrupt();
        synchronized (this) {
            current = run;
            run.context = this;
        }
        logHost = host;
    }

    private void end() {
        synchronized (this) {
            if (current != null) current.context = null;
            current = null;
        }
        logHost = null;
    }

    private void awaitPendingInterrupt() {
        Future<?> f;
        synchronized (this) {
            f = pendingInterrupt;
            pendingInterrupt = null;
        }
        if (f != null) awaitQuietly(f);
    }

    private static void awaitQuietly(Future<?> f) {
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                break;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Interrupts {@code run} if it is still the one running here, from another thread and
     * without waiting: the interrupt reaches the script at its next safepoint and cannot be
     * caught by it (only finally blocks run).
     *
     * <p>Truffle's interrupt only reaches a thread that is executing guest code at that moment;
     * one busy in host code between two guest calls (compiling, then calling; a long command
     * inside redis.call) counts as idle and is missed. So the interrupter keeps at it until the
     * run is over. The next run on this context waits for the interrupter to finish first
     * ({@link #awaitPendingInterrupt}), so it can never be hit.
     */
    void interrupt(ScriptRun run) {
        synchronized (this) {
            if (current != run) return;
            pendingInterrupt = KILLERS.submit(() -> {
                while (true) {
                    synchronized (this) {
                        if (current != run) return;
                    }
                    try {
                        context.interrupt(Duration.ofSeconds(1));
                    } catch (TimeoutException e) {
                        // still running guest code that did not reach a safepoint: try again
                    } catch (RuntimeException e) {
                        return; // the context was closed
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
    }

    /** The load timeout: interrupt whatever runs now (the library evaluation it was armed for). */
    private void interruptNow() {
        try {
            context.interrupt(Duration.ofSeconds(5));
        } catch (TimeoutException | RuntimeException ignored) {
            // the evaluation finished meanwhile, or cannot be stopped
        }
    }

    // ------------------------------------------------------------------ the host functions behind `redis`

    /** redis.call / redis.pcall: a reply value, or a CallFailure for an error reply. Never throws. */
    private Object hostCall(Value[] a) {
        try {
            ScriptRun run = current;
            if (run == null || loading != null) {
                return mkFail.execute("ERR redis.call and redis.pcall can only be used while a script or function runs");
            }
            if (a.length == 0) return mkFail.execute("ERR Please specify at least one argument for this redis lib call");
            byte[][] argv = new byte[a.length][];
            for (int i = 0; i < a.length; i++) {
                argv[i] = argBytes(a[i]);
                if (argv[i] == null) return mkFail.execute("ERR Lua redis lib command arguments must be strings or integers");
            }
            if (run.killed()) return mkFail.execute(KILLED);
            Object reply = run.scripting.host().call(run, argv);
            return toJs(reply, true, 0);
        } catch (PolyglotException e) {
            throw e; // an interrupt: let it through
        } catch (RuntimeException e) {
            return mkFail.execute("ERR internal error in redis.call: " + e.getClass().getSimpleName());
        }
    }

    /**
     * A redis.call argument: a string as its bytes, a number as Lua prints numbers ("%.17g",
     * so 1.5 is "1.5" and 0.1 is "0.10000000000000001"), a BigInt in decimal. Null for any
     * other type.
     */
    private byte[] argBytes(Value v) {
        if (v.isString()) return ByteStrings.fromJs(v.asString());
        if (v.isNumber()) {
            if (v.fitsInInt()) return Integer.toString(v.asInt()).getBytes(StandardCharsets.US_ASCII);
            String s = mkIsBigInt.execute(v).asBoolean() ? v.asBigInteger().toString() : DoubleFormat.formatG17(v.asDouble());
            return s.getBytes(StandardCharsets.US_ASCII);
        }
        return null;
    }

    private Object hostLog(Value[] a) {
        ScriptHost h = logHost;
        if (h != null) {
            try {
                h.log(a[0].asInt(), a[1].asString());
            } catch (RuntimeException ignored) {
                // logging must not fail a script
            }
        }
        return null;
    }

    private Object hostSetResp(Value[] a) {
        ScriptRun run = current;
        if (run != null) run.setResp(a[0].asInt());
        return null;
    }

    /** redis.spin(ms): busy-loop on the clock; stops early when killed. */
    private Object hostSpin(Value[] a) {
        double ms = a.length > 0 && a[0].isNumber() ? a[0].asDouble() : 0;
        if (!(ms > 0)) return 0L;
        ScriptRun run = current;
        long deadline = System.nanoTime() + (long) Math.min(ms * 1e6, (double) Long.MAX_VALUE / 4);
        long iterations = 0;
        while (System.nanoTime() - deadline < 0) {
            iterations++;
            if ((iterations & 1023) == 0 && run != null && run.killed()) return mkFail.execute(KILLED);
        }
        return iterations;
    }

    /** redis.register_function after the JS side checked the argument types. Returns null or an error text. */
    private Object hostRegister(Value[] a) {
        if (loading == null) return "ERR redis.register_function can only be called on FUNCTION LOAD command";
        String name = a[0].asString();
        if (!Shebang.validName(name)) return "ERR " + Shebang.INVALID_NAME;
        int flags = 0;
        String csv = a[2].asString();
        if (!csv.isEmpty()) {
            for (String f : csv.split(",", -1)) {
                int bit = Shebang.flagOf(f);
                if (bit == 0) return "ERR unknown flag given";
                flags |= bit;
            }
        }
        String key = name.toLowerCase(java.util.Locale.ROOT);
        if (loading.containsKey(key)) return "ERR Function already exists in the library";
        String description = a[3].isNull() ? null : a[3].asString();
        loading.put(key, new Pending(new FunctionLibraries.Registered(name, flags, description), a[1]));
        return null;
    }

    // ------------------------------------------------------------------ Redis reply -> JS

    /** KEYS / ARGV: 1-based arrays of byte strings. */
    private Value args(byte[][] items) {
        if (items.length < MAX_VARARGS) {
            Object[] s = new Object[items.length];
            for (int i = 0; i < items.length; i++) s[i] = ByteStrings.toJs(items[i]);
            return mkArgs.execute(s);
        }
        Value arr = mkNewArray.execute(items.length + 1);
        for (int i = 0; i < items.length; i++) arr.setArrayElement(i + 1, ByteStrings.toJs(items[i]));
        return arr;
    }

    /**
     * A reply as redis.call returns it (see README "Conversions"). At the top level an error
     * reply becomes the CallFailure marker that redis.call throws and redis.pcall returns as
     * {err}; nested errors are {err} objects.
     */
    Object toJs(Object r, boolean top, int depth) {
        if (r == null) return null;
        if (r instanceof Long l) {
            long v = l;
            return (v >= -MAX_SAFE_INTEGER && v <= MAX_SAFE_INTEGER) ? l : mkBigint.execute(Long.toString(v));
        }
        if (r instanceof byte[] b) return ByteStrings.toJs(b);
        if (r instanceof Reply.Status s) return mkOk.execute(ByteStrings.toJs(s.text()));
        if (r instanceof Reply.Err e) return (top ? mkFail : mkErr).execute(ByteStrings.toJs(e.text()));
        if (depth > MAX_DEPTH) return mkFail.execute("ERR reached script stack limit");
        if (r instanceof List<?> list) return jsArray(list, depth, KEYS_NONE);
        if (r instanceof Double d) return mkDouble.execute(d);
        if (r instanceof Boolean b) return b;
        if (r instanceof Reply.BigNumber n) return mkBigNumber.execute(n.digits());
        if (r instanceof Reply.Verbatim v) return mkVerbatim.execute(v.format(), ByteStrings.toJs(v.text()));
        if (r instanceof Reply.MapReply m) return mkMap.execute(jsArray(m.keysAndValues(), depth, KEYS_EVEN));
        if (r instanceof Reply.SetReply s) return mkSet.execute(jsArray(s.members(), depth, KEYS_ALL));
        throw new IllegalArgumentException("not a reply value: " + r.getClass().getName());
    }

    private static final int KEYS_NONE = 0;
    private static final int KEYS_EVEN = 1;
    private static final int KEYS_ALL = 2;

    /** An array of converted items; map keys (even items) and set members are property keys. */
    private Value jsArray(List<?> list, int depth, int keys) {
        int n = list.size();
        if (n < MAX_VARARGS) {
            Object[] items = new Object[n];
            for (int i = 0; i < n; i++) items[i] = item(list.get(i), depth, isKey(keys, i));
            return mkList.execute(items);
        }
        Value arr = mkNewArray.execute(n);
        for (int i = 0; i < n; i++) arr.setArrayElement(i, item(list.get(i), depth, isKey(keys, i)));
        return arr;
    }

    private static boolean isKey(int keys, int i) {
        return keys == KEYS_ALL || (keys == KEYS_EVEN && i % 2 == 0);
    }

    /** A status string as a map key or set member is its text, as a string key would be. */
    private Object item(Object o, int depth, boolean key) {
        if (key && o instanceof Reply.Status s) return ByteStrings.toJs(s.text());
        return toJs(o, false, depth + 1);
    }

    // ------------------------------------------------------------------ JS -> Redis reply

    /**
     * A script's return value as a reply (see README "Conversions"): the Lua rules where JS has
     * the same thing, and the natural reading of JS-only values.
     */
    Object toReply(Value v, ScriptRun run, int depth) {
        if (v == null || v.isNull()) return null;
        if (v.isBoolean()) {
            boolean b = v.asBoolean();
            // Lua: true is 1 and false is nil, unless the script switched to RESP3.
            if (run.resp() == 3) return b;
            return b ? 1L : null;
        }
        if (v.isString()) return ByteStrings.fromJs(v.asString());
        if (v.isNumber()) {
            if (v.fitsInLong()) return v.asLong();
            if (mkIsBigInt.execute(v).asBoolean()) return new Reply.BigNumber(v.asBigInteger().toString());
            // Lua casts to long long: truncation toward zero (Java saturates out of range, NaN is 0).
            return (long) v.asDouble();
        }
        if (depth > MAX_DEPTH) throw TooDeep.INSTANCE;
        if (v.hasArrayElements()) {
            long n = v.getArraySize();
            List<Object> out = new ArrayList<>((int) Math.min(n, 1 << 16));
            for (long i = 0; i < n; i++) out.add(toReply(v.getArrayElement(i), run, depth + 1));
            return out;
        }
        if (v.canExecute()) return null;
        if (!v.hasMembers()) return null;
        switch (mkKind.execute(v).asInt()) {
            case 1: return new Reply.Err(ByteStrings.fromJs(v.getMember("err").asString()));
            case 2: return new Reply.Status(ByteStrings.fromJs(v.getMember("ok").asString()));
            case 3: return v.getMember("double").asDouble();
            case 4: return mapReply(v.getMember("map"), run, depth);
            case 5: {
                List<Object> members = new ArrayList<>();
                for (Object k : keysOf(v.getMember("set"))) members.add(ByteStrings.fromJs((String) k));
                return new Reply.SetReply(members);
            }
            case 6: return new Reply.BigNumber(v.getMember("big_number").asString());
            case 7: {
                Value vs = v.getMember("verbatim_string");
                return new Reply.Verbatim(vs.getMember("format").asString(), ByteStrings.fromJs(vs.getMember("string").asString()));
            }
            case 8: {
                Value entries = mkMapEntries.execute(v);
                List<Object> kv = new ArrayList<>();
                long n = entries.getArraySize();
                for (long i = 0; i < n; i++) {
                    Value e = entries.getArrayElement(i);
                    kv.add(toReply(e.getArrayElement(0), run, depth + 1));
                    kv.add(toReply(e.getArrayElement(1), run, depth + 1));
                }
                return new Reply.MapReply(kv);
            }
            default: return mapReply(v, run, depth);
        }
    }

    /** A reply nested deeper than {@link #MAX_DEPTH} (a cycle, most likely). */
    private static final class TooDeep extends RuntimeException {
        static final TooDeep INSTANCE = new TooDeep();

        private TooDeep() { super("reached script stack limit", null, false, false); }
    }

    private static final Reply.Err TOO_DEEP = Reply.Err.of("ERR reached script stack limit");

    /** The top of {@link #toReply}: a too deep value is an error reply. */
    private Object result(Value v, ScriptRun run) {
        try {
            return toReply(v, run, 0);
        } catch (TooDeep e) {
            return TOO_DEEP;
        }
    }

    /** A plain object as a map: its own enumerable keys, in order. */
    private Object mapReply(Value obj, ScriptRun run, int depth) {
        List<Object> kv = new ArrayList<>();
        for (Object k : keysOf(obj)) {
            String key = (String) k;
            kv.add(ByteStrings.fromJs(key));
            kv.add(toReply(obj.getMember(key), run, depth + 1));
        }
        return new Reply.MapReply(kv);
    }

    private List<Object> keysOf(Value obj) {
        Value keys = mkKeys.execute(obj);
        long n = keys.getArraySize();
        List<Object> out = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) out.add(keys.getArrayElement(i).asString());
        return out;
    }

    // ------------------------------------------------------------------ errors

    /**
     * Redis 7.0's text for a script that failed: the error, then " script: &lt;sha or
     * function&gt;, on @user_script:&lt;line&gt;.". The error is the Redis error a redis.call
     * raised (or any thrown object's string {@code err}), else "ERR user_script:&lt;line&gt;:
     * &lt;the JS exception&gt;" as Lua prefixes its error positions.
     */
    private Reply.Err scriptError(PolyglotException e, ScriptRun run, String sourceName) {
        int line = userLine(e, sourceName);
        // An interrupt may also surface through a host frame (when it hit inside redis.*).
        if (e.isInterrupted() || e.isCancelled() || run.killed()) return killedReply(run, sourceName, line);
        String text = errorText(e, sourceName, line);
        return new Reply.Err(ByteStrings.fromJs(text + " script: " + run.name() + ", on @" + sourceName + ":" + line + "."));
    }

    private static Reply.Err killedReply(ScriptRun run, String sourceName, int line) {
        return Reply.Err.of(KILLED + " script: " + run.name() + ", on @" + sourceName + ":" + line + ".");
    }

    private static String errorText(PolyglotException e, String sourceName, int line) {
        if (e.isHostException()) return "ERR internal error: " + e.asHostException().getClass().getSimpleName();
        if (e.isGuestException()) {
            Value g = e.getGuestObject();
            if (g != null && g.hasMembers()) {
                Value err = g.getMember("err");
                if (err != null && err.isString()) return err.asString();
            }
        }
        return "ERR " + sourceName + ":" + line + ": " + firstLine(e.getMessage());
    }

    /** The line of the innermost frame in the user's code (1 if there is none). */
    private static int userLine(PolyglotException e, String sourceName) {
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            if (f.isHostFrame()) continue;
            SourceSection s = f.getSourceLocation();
            if (s != null && sourceName.equals(s.getSource().getName())) return s.getStartLine();
        }
        SourceSection s = e.getSourceLocation();
        return s != null && sourceName.equals(s.getSource().getName()) ? s.getStartLine() : 1;
    }

    private static final Pattern SYNTAX = Pattern.compile("^(?:SyntaxError: )?(\\S+):(\\d+):\\d+ (.*)$");

    /**
     * "ERR Error compiling script (new function): user_script:1: &lt;message&gt;", from
     * GraalJS's "SyntaxError: user_script:1:9 Expected ; but found x" plus a source excerpt.
     */
    private static Reply.Err compileError(PolyglotException e, String what, String sourceName) {
        String first = firstLine(e.getMessage());
        Matcher m = SYNTAX.matcher(first);
        String line;
        String msg;
        if (m.matches() && m.group(1).equals(sourceName)) {
            line = m.group(2);
            msg = m.group(3);
        } else {
            line = Integer.toString(userLine(e, sourceName));
            msg = first;
        }
        return new Reply.Err(ByteStrings.fromJs("ERR " + what + ": " + sourceName + ":" + line + ": " + msg));
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** For tests: the number of scripts compiled here. */
    int compiledScripts() {
        if (ScriptEngine.scriptsGeneration() != scriptsGeneration) return 0;
        return scripts.size();
    }

    /** For tests: whether this context holds a library's callbacks. */
    boolean hasLibrary(FunctionLibraries.Library lib) {
        return libraries.containsKey(lib);
    }
}
