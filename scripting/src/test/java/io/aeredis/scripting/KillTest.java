package io.aeredis.scripting;

import io.aeredis.resp.ReplyBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SCRIPT KILL and FUNCTION KILL: scripts run on a worker thread (a pluggable executor, as the
 * server will do), the kill comes from the test thread.
 */
@Timeout(120)
class KillTest {
    final Harness h = new Harness();
    final ExecutorService worker = Executors.newSingleThreadExecutor();
    volatile Future<Object> pending;
    volatile ScriptRun lastRun;

    @BeforeEach
    void runScriptsOnAWorker() {
        h.scripting.setExecutor((c, run) -> {
            lastRun = run;
            pending = worker.submit(run::execute);
        });
    }

    /** Sends the command; the script runs on the worker. */
    private ScriptRun submit(String... cmd) {
        assertEquals("", h.raw(cmd));
        return lastRun;
    }

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    /** Sends the command (no reply yet: the script runs on the worker) and waits until it runs. */
    private ScriptRun start(String... cmd) throws InterruptedException {
        pending = null;
        assertEquals("", h.raw(cmd));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (h.scripting.busy() == null) {
            if (System.nanoTime() > deadline) throw new AssertionError("script did not start");
            Thread.sleep(1);
        }
        return h.scripting.busy();
    }

    /** The reply of the script started last, as raw RESP. */
    private String result() throws Exception {
        Object reply = pending.get(60, TimeUnit.SECONDS);
        ReplyBuffer rb = new ReplyBuffer();
        Reply.write(rb, reply);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        rb.writeTo((b, off, len) -> {
            out.write(b, off, len);
            return len;
        }, Long.MAX_VALUE);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void killsALoopAndTheThreadRunsTheNextScript() throws Exception {
        start("EVAL", "while (true) {}", "0");
        Thread.sleep(50);
        assertEquals("+OK\r\n", h.raw("SCRIPT", "KILL"));
        assertEquals("-ERR Script killed by user with SCRIPT KILL... script: " + Harness.sha("while (true) {}")
                + ", on @user_script:1.\r\n", result());
        assertEquals("-NOTBUSY No scripts in execution right now.\r\n", h.raw("SCRIPT", "KILL"));
        submit("EVAL", "return 1", "0");
        assertEquals(":1\r\n", result());
    }

    @Test
    void aScriptCannotCatchTheKill() throws Exception {
        String body = "for (;;) { try { for (;;) {} } catch (e) {} finally {} }";
        start("EVAL", body, "0");
        Thread.sleep(50);
        assertEquals("+OK\r\n", h.raw("SCRIPT", "KILL"));
        assertTrue(result().startsWith("-ERR Script killed by user with SCRIPT KILL... script: "));
    }

    @Test
    void killStopsRedisSpin() throws Exception {
        // A warm worker context, so that the script below is compiled and spinning (line 2)
        // when the kill comes, not still being set up (a kill then reports line 1).
        submit("EVAL", "return 1", "0");
        assertEquals(":1\r\n", result());
        long t0 = System.nanoTime();
        start("EVAL", "\nreturn redis.spin(60000)", "0");
        Thread.sleep(300);
        assertEquals("+OK\r\n", h.raw("SCRIPT", "KILL"));
        assertEquals("-ERR Script killed by user with SCRIPT KILL... script: " + Harness.sha("\nreturn redis.spin(60000)")
                + ", on @user_script:2.\r\n", result());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30));
    }

    @Test
    void aScriptThatWroteIsUnkillable() throws Exception {
        ScriptRun run = start("EVAL", "redis.call('set', 'w', '1'); redis.spin(300); return 'done'", "0");
        while (!run.wrote()) Thread.sleep(1);
        assertEquals("-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait "
                + "the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n",
                h.raw("SCRIPT", "KILL"));
        assertEquals("$4\r\ndone\r\n", result());
    }

    @Test
    void killTargetsScriptsOrFunctions() throws Exception {
        start("EVAL", "while (true) {}", "0");
        assertEquals("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n",
                h.raw("FUNCTION", "KILL"));
        assertEquals("+OK\r\n", h.raw("SCRIPT", "KILL"));
        result();

        h.scripting.setExecutor(ScriptExecutor.INLINE);
        assertEquals("$4\r\nbusy\r\n", h.raw("FUNCTION", "LOAD", "#!js name=busy\nredis.registerFunction('spin', () => { for (;;) {} })"));
        runScriptsOnAWorker();
        start("FCALL", "spin", "0");
        assertEquals("-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n",
                h.raw("SCRIPT", "KILL"));
        String stats = h.raw("FUNCTION", "STATS");
        assertTrue(stats.startsWith("*4\r\n$14\r\nrunning_script\r\n*6\r\n$4\r\nname\r\n$4\r\nspin\r\n$7\r\ncommand\r\n*3\r\n"
                + "$5\r\nFCALL\r\n$4\r\nspin\r\n$1\r\n0\r\n$11\r\nduration_ms\r\n:"), stats);
        Thread.sleep(100);
        assertEquals("+OK\r\n", h.raw("FUNCTION", "KILL"));
        // Line 2 once in the loop; line 1 if the kill came while the library was still being set up on the worker.
        String r = result();
        assertTrue(r.matches("-ERR Script killed by user with SCRIPT KILL\\.\\.\\. script: spin, on @user_function:[12]\\.\r\n"), r);
    }

    @Test
    void aKillNeverHitsTheNextScript() throws Exception {
        for (int i = 0; i < 30; i++) {
            ScriptRun run = submit("EVAL", "return redis.spin(" + (i % 3) + ")", "0");
            if (i % 2 == 0) Thread.sleep(i % 3);
            run.kill();
            String r = result();
            assertTrue(r.startsWith(":") || r.startsWith("-ERR Script killed"), r);
            submit("EVAL", "return 'next'", "0");
            assertEquals("$4\r\nnext\r\n", result(), "round " + i);
        }
    }
}
