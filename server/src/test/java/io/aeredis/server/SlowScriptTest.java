package io.aeredis.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where scripts run: EVAL_SLOW_SCRIPT on the loop thread (inline) or on the worker pool
 * (worker), and EVAL handed to the script thread with -BUSY past busy-reply-threshold. Every
 * assertion is about order and content of replies, never about how fast something was.
 */
@Timeout(120)
class SlowScriptTest {
    /** A script that burns CPU until it sees the key "stop" (or 20 s pass), so tests control its end. */
    static final String SPIN_UNTIL_STOP =
            "let t0 = Date.now(); while (redis.call('exists', 'stop') == 0 && Date.now() - t0 < 20000) { redis.spin(5) } return 'done'";

    @Test
    void workerModeServesOtherClientsWhileTheScriptRuns() throws Exception {
        try (TestServer s = TestServer.start("slow-script-mode worker");
             RawClient script = new RawClient(s.port()); RawClient other = new RawClient(s.port())) {
            assertEquals("+OK\r\n", other.call("SET", "k", "v"));
            script.sendCommand(RawClient.args("EVAL_SLOW_SCRIPT", SPIN_UNTIL_STOP, "0"));
            waitForInfo(other, "slow_scripts_running:1");
            // The loop answers while the script is still spinning: the script cannot end before "stop" exists.
            assertEquals("$1\r\nv\r\n", other.call("GET", "k"));
            assertTrue(other.call("INFO", "clients").contains("blocked_clients:1"));
            assertEquals("+OK\r\n", other.call("SET", "stop", "1"));
            assertEquals("$4\r\ndone\r\n", script.readReply());
            assertTrue(other.call("INFO", "clients").contains("blocked_clients:0"));
            // The client is usable again, its next command served normally.
            assertEquals("+PONG\r\n", script.call("PING"));
        }
    }

    @Test
    void inlineModeFreezesEveryoneUntilTheScriptEnds() throws Exception {
        try (TestServer s = TestServer.start("slow-script-mode inline");
             RawClient script = new RawClient(s.port()); RawClient other = new RawClient(s.port())) {
            script.sendCommand(RawClient.args("EVAL_SLOW_SCRIPT", "return redis.spin(700)", "0"));
            Thread.sleep(150); // let the loop pick the script up
            long t0 = System.nanoTime();
            other.sendCommand(RawClient.args("PING"));
            CompletableFuture<String> pong = CompletableFuture.supplyAsync(() -> {
                try {
                    return other.readReply();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            String scriptReply = script.readReply();
            assertTrue(scriptReply.startsWith(":"), scriptReply);
            // The PING was sent while the script ran; it could only be answered after it.
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("+PONG\r\n", pong.get());
            assertTrue(waitedMs >= 300, "PING answered after " + waitedMs + " ms although the loop was running a 700 ms script");
        }
    }

    @Test
    void workerScriptCallsRunOnTheLoopAndSeeOtherClientsWrites() throws Exception {
        try (TestServer s = TestServer.start("");
             RawClient script = new RawClient(s.port()); RawClient other = new RawClient(s.port())) {
            String body = "redis.call('set', KEYS[1], 'from-script'); "
                    + "let t0 = Date.now(); while (redis.call('get', 'go') === null && Date.now() - t0 < 20000) { redis.spin(2) } "
                    + "return redis.call('incrby', KEYS[2], ARGV[1])";
            script.sendCommand(RawClient.args("EVAL_SLOW_SCRIPT", body, "2", "a", "n", "5"));
            waitForInfo(other, "slow_scripts_running:1");
            // Not atomic: the script's first write is visible before it ends, and it sees ours.
            waitForReply(other, "$11\r\nfrom-script\r\n", "GET", "a");
            assertEquals(":10\r\n", other.call("INCRBY", "n", "10"));
            assertEquals("+OK\r\n", other.call("SET", "go", "1"));
            assertEquals(":15\r\n", script.readReply());
        }
    }

    @Test
    void scriptKillStopsAWorkerScriptThatHasNotWritten() throws Exception {
        try (TestServer s = TestServer.start("");
             RawClient script = new RawClient(s.port()); RawClient other = new RawClient(s.port())) {
            script.sendCommand(RawClient.args("EVAL_SLOW_SCRIPT", "return redis.spin(20000)", "0"));
            // The worker counts the script as running a moment before the script registers itself.
            waitForReply(other, "+OK\r\n", "SCRIPT", "KILL");
            String reply = script.readReply();
            assertTrue(reply.startsWith("-ERR Script killed by user with SCRIPT KILL..."), reply);
            assertEquals("+PONG\r\n", script.call("PING"));
        }
    }

    @Test
    void scriptKillIsRefusedOnceAWorkerScriptWrote() throws Exception {
        try (TestServer s = TestServer.start("");
             RawClient script = new RawClient(s.port()); RawClient other = new RawClient(s.port())) {
            script.sendCommand(RawClient.args("EVAL_SLOW_SCRIPT", "redis.call('set', 'w', 1); " + SPIN_UNTIL_STOP, "0"));
            waitForReply(other, "$1\r\n1\r\n", "GET", "w");
            String kill = other.call("SCRIPT", "KILL");
            assertTrue(kill.startsWith("-UNKILLABLE Sorry the script already executed write commands"), kill);
            other.call("SET", "stop", "1");
            assertEquals("$4\r\ndone\r\n", script.readReply());
        }
    }

    @Test
    void aClientThatDisconnectsWhileItsScriptRunsIsReleased() throws Exception {
        try (TestServer s = TestServer.start(""); RawClient other = new RawClient(s.port())) {
            RawClient script = new RawClient(s.port());
            script.sendCommand(RawClient.args("EVAL_SLOW_SCRIPT", "return redis.spin(20000)", "0"));
            waitForInfo(other, "slow_scripts_running:1");
            script.close();
            // The script had not written, so the disconnect kills it; the worker and the client slot are freed.
            waitForInfo(other, "slow_scripts_running:0");
            waitForInfo(other, "slow_scripts_completed:1");
            assertTrue(other.call("INFO", "clients").contains("blocked_clients:0"));
            assertTrue(other.call("INFO", "clients").contains("connected_clients:1"));
            assertEquals("+PONG\r\n", other.call("PING"));
        }
    }

    @Test
    void aFullQueueIsAnErrorReplyNotAHang() throws Exception {
        try (TestServer s = TestServer.start("slow-script-workers 1\nslow-script-queue 1");
             RawClient admin = new RawClient(s.port())) {
            List<RawClient> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) clients.add(new RawClient(s.port()));
            clients.get(0).sendCommand(RawClient.args("EVAL_SLOW_SCRIPT", SPIN_UNTIL_STOP, "0"));
            waitForInfo(admin, "slow_scripts_running:1");
            clients.get(1).sendCommand(RawClient.args("EVAL_SLOW_SCRIPT", "return 'second'", "0"));
            waitForInfo(admin, "slow_scripts_queued:1");
            String third = clients.get(2).call("EVAL_SLOW_SCRIPT", "return 'third'", "0");
            assertEquals("-BUSY the slow-script worker queue is full (slow-script-queue 1); try again later\r\n", third);
            assertTrue(admin.call("INFO", "server").contains("slow_scripts_rejected:1"));
            admin.call("SET", "stop", "1");
            assertEquals("$4\r\ndone\r\n", clients.get(0).readReply());
            assertEquals("$6\r\nsecond\r\n", clients.get(1).readReply());
            for (RawClient c : clients) c.close();
        }
    }

    @Test
    void evalPastTheBusyThresholdMakesOthersGetBusyUntilScriptKill() throws Exception {
        try (TestServer s = TestServer.start("busy-reply-threshold 200");
             RawClient script = new RawClient(s.port()); RawClient other = new RawClient(s.port())) {
            script.sendCommand(RawClient.args("EVAL", "return redis.spin(20000)", "0"));
            String busy = waitForReply(other, "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n", "GET", "k");
            assertTrue(busy.startsWith("-BUSY"));
            assertEquals("+OK\r\n", other.call("SCRIPT", "KILL"));
            String reply = script.readReply();
            assertTrue(reply.startsWith("-ERR Script killed by user with SCRIPT KILL..."), reply);
            assertEquals("$-1\r\n", other.call("GET", "k"));
            // The caller's own pipeline resumes after its script.
            assertEquals("+PONG\r\n", script.call("PING"));
        }
    }

    @Test
    void aBusyFunctionIsStoppedWithFunctionKill() throws Exception {
        try (TestServer s = TestServer.start("busy-reply-threshold 200");
             RawClient caller = new RawClient(s.port()); RawClient other = new RawClient(s.port())) {
            String lib = "#!js name=spinlib\nredis.registerFunction('spin', (keys, args) => redis.spin(20000))";
            assertEquals("$7\r\nspinlib\r\n", caller.call("FUNCTION", "LOAD", lib));
            caller.sendCommand(RawClient.args("FCALL", "spin", "0"));
            waitForReply(other, "-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n", "PING");
            // SCRIPT KILL is for EVAL scripts: Redis points at FUNCTION KILL instead.
            assertTrue(other.call("SCRIPT", "KILL").startsWith("-BUSY"));
            assertEquals("+OK\r\n", other.call("FUNCTION", "KILL"));
            String reply = caller.readReply();
            assertTrue(reply.startsWith("-ERR Script killed by user with"), reply);
            assertEquals("+PONG\r\n", other.call("PING"));
        }
    }

    @Test
    void aBusyEvalThatWroteIsUnkillableAndStaysAtomic() throws Exception {
        try (TestServer s = TestServer.start("busy-reply-threshold 400");
             RawClient script = new RawClient(s.port()); RawClient other = new RawClient(s.port())) {
            // A warm script thread, so the script below writes long before BUSY starts at 400 ms
            // (the first EVAL of a cold thread also builds its JS context).
            assertEquals(":1\r\n", script.call("EVAL", "return 1", "0"));
            // The script writes, then waits for a key nobody can write while it is busy: it ends on its own after 1.5 s.
            script.sendCommand(RawClient.args("EVAL", "redis.call('set', 'w', 1); redis.spin(1500); return redis.call('get', 'x')", "0"));
            waitForReply(other, "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n", "SET", "x", "1");
            String kill = other.call("SCRIPT", "KILL");
            assertTrue(kill.startsWith("-UNKILLABLE"), kill);
            // Atomic: the SET x was refused, so the script still sees no x.
            assertEquals("$-1\r\n", script.readReply());
            assertEquals("$1\r\n1\r\n", other.call("GET", "w"));
        }
    }

    @Test
    void insideMultiASlowScriptRunsInPlaceInsteadOfBlocking() throws Exception {
        try (TestServer s = TestServer.start("slow-script-mode worker"); RawClient c = new RawClient(s.port())) {
            assertEquals("+OK\r\n", c.call("MULTI"));
            assertEquals("+QUEUED\r\n", c.call("EVAL_SLOW_SCRIPT", "return redis.call('incr', KEYS[1])", "1", "n"));
            assertEquals("+QUEUED\r\n", c.call("INCR", "n"));
            // EXEC is atomic: the script cannot go to a worker, so it runs before the INCR after it.
            assertEquals("*2\r\n:1\r\n:2\r\n", c.call("EXEC"));
            assertTrue(c.call("INFO", "server").contains("slow_scripts_completed:1"));
        }
    }

    @Test
    void aSlowScriptIsALatencyEventInBothModes() throws Exception {
        try (TestServer s = TestServer.start("latency-monitor-threshold 100\nslow-script-mode inline");
             RawClient c = new RawClient(s.port())) {
            assertTrue(c.call("EVAL_SLOW_SCRIPT", "return redis.spin(250)", "0").startsWith(":"));
            String latest = c.call("LATENCY", "LATEST");
            assertTrue(latest.contains("$11\r\nslow-script\r\n"), latest);
            // Inline, the script was also one long loop iteration.
            assertTrue(latest.contains("$9\r\neventloop\r\n"), latest);
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "slow-script-mode", "worker"));
            assertTrue(c.call("LATENCY", "RESET").startsWith(":"));
            assertEquals("+OK\r\n", c.call("SLOWLOG", "RESET"));
            assertTrue(c.call("EVAL_SLOW_SCRIPT", "return redis.spin(250)", "0").startsWith(":"));
            latest = c.call("LATENCY", "LATEST");
            assertTrue(latest.contains("$11\r\nslow-script\r\n"), latest);
            // A worker script is a blocked command: it reaches the slow log when it ends.
            String slowlog = c.call("SLOWLOG", "GET");
            assertTrue(slowlog.contains("$16\r\nEVAL_SLOW_SCRIPT\r\n"), slowlog);
        }
    }

    /** Polls INFO until it contains {@code needle} (the server is asynchronous by design). */
    static void waitForInfo(RawClient c, String needle) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String info = "";
        while (System.nanoTime() < deadline) {
            info = c.call("INFO", "everything");
            if (info.contains(needle + "\r\n")) return;
            Thread.sleep(10);
        }
        throw new AssertionError("INFO never showed " + needle + ":\n" + info);
    }

    static String waitForReply(RawClient c, String want, String... cmd) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String got = "";
        while (System.nanoTime() < deadline) {
            got = c.call(cmd);
            if (got.equals(want)) return got;
            Thread.sleep(10);
        }
        throw new AssertionError(String.join(" ", cmd) + " never replied " + want + ", last: " + got);
    }
}
