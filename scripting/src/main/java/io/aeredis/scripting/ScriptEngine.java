package io.aeredis.scripting;

import org.graalvm.polyglot.Engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JavaScript engine: one GraalVM polyglot {@link Engine} for the whole JVM, so parsed and
 * (on a JIT-enabled JVM) compiled code is shared by every context, and one {@link JsContext}
 * per thread, created on the thread's first script and reused for every later one. A context is
 * single-threaded by construction, which is what Truffle wants, and a script may run on any
 * thread the server picks.
 *
 * <p>On a stock JDK (17, or 25 without the Graal compiler) Truffle runs guest code in its
 * interpreter: correct, slower. {@link #jit()} says which mode is in effect; the warning GraalVM
 * prints about it is switched off (engine.WarnInterpreterOnly=false).
 */
public final class ScriptEngine {
    private static volatile Engine engine;
    private static final ThreadLocal<JsContext> CONTEXTS = new ThreadLocal<>();
    /** Bumped by SCRIPT FLUSH; contexts drop their compiled EVAL functions when it moves. */
    private static final AtomicLong SCRIPTS_GENERATION = new AtomicLong();

    private ScriptEngine() {}

    /** The shared engine, built on first use. */
    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (ScriptEngine.class) {
                e = engine;
                if (e == null) {
                    e = Engine.newBuilder("js")
                            .option("engine.WarnInterpreterOnly", "false")
                            // Guest output never reaches the server's stdout/stderr.
                            .out(OutputStream.nullOutputStream())
                            .err(OutputStream.nullOutputStream())
                            .in(InputStream.nullInputStream())
                            .build();
                    engine = e;
                }
            }
        }
        return e;
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Builds the engine and initializes the JS language once, on a low-priority daemon thread,
     * so that the first script does not pay for it (interpreted, that is most of a second;
     * a further context then takes some tens of milliseconds).
     */
    public static void warmUpInBackground() {
        if (engine != null || !WARMING.compareAndSet(false, true)) return;
        Thread t = new Thread(() -> {
            try {
                context();
            } catch (RuntimeException ignored) {
                // the first real script will report whatever is wrong
            } finally {
                closeThreadContext();
            }
        }, "aeredis-js-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** This thread's JS context, created on first use. */
    public static JsContext context() {
        JsContext c = CONTEXTS.get();
        if (c == null) {
            c = new JsContext(engine());
            CONTEXTS.set(c);
        }
        return c;
    }

    /**
     * Closes this thread's context, if it has one (a worker thread about to end; a test).
     * The next script on this thread gets a fresh one.
     */
    public static void closeThreadContext() {
        JsContext c = CONTEXTS.get();
        if (c != null) {
            CONTEXTS.remove();
            c.close();
        }
    }

    static void scriptsFlushed() {
        SCRIPTS_GENERATION.incrementAndGet();
    }

    static long scriptsGeneration() {
        return SCRIPTS_GENERATION.get();
    }

    /**
     * The Truffle runtime's name: "Interpreted" when guest code is never compiled to machine
     * code (no Graal compiler in this JVM), else the optimizing runtime's name.
     */
    public static String runtimeName() {
        return engine().getImplementationName();
    }

    /** Whether scripts get JIT-compiled (INFO js_jit). */
    public static boolean jit() {
        return !"Interpreted".equalsIgnoreCase(runtimeName());
    }

    /** The GraalVM polyglot version on the class path, e.g. "25.0.1". */
    public static String version() {
        try (InputStream in = Engine.class.getResourceAsStream("/META-INF/graalvm/org.graalvm.polyglot/version")) {
            if (in != null) return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException ignored) {
            // fall through to the engine's own idea
        }
        return engine().getVersion();
    }

    /** INFO js_engine: "graalvm-js 25.0.1". */
    public static String description() {
        return "graalvm-js " + version();
    }
}
