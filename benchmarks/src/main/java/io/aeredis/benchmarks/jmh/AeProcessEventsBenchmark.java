package io.aeredis.benchmarks.jmh;

import io.aeredis.ae.AeEventLoop;
import io.aeredis.ae.AeFileProc;
import io.aeredis.ae.Anet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One empty turn of the event loop: {@code processEvents(AE_DONT_WAIT | AE_FILE_EVENTS |
 * AE_TIME_EVENTS)} with {@code idleFds} descriptors registered for AE_READABLE that never
 * become ready, on each ae backend. What it shows: select(2) walks every watched descriptor on
 * every call, so its cost per turn grows with the number of (idle) clients; epoll_wait (and
 * kqueue's kevent) returns only the ready ones, so it does not.
 *
 * <p>The descriptors are both ends of {@code idleFds / 2} non-blocking pipes from
 * {@link Anet#pipe()} (no data is ever written, so the read end is never readable, and the
 * write end is watched for reading, which a pipe's write end never is). select cannot watch
 * fds &gt;= 1024 (FD_SETSIZE), which is why the largest count is 1,000.
 *
 * <p>With 0 descriptors there is no system call at all: like ae.c, processEvents skips the poll
 * when nothing is registered and it must not wait. {@code backend=kqueue} exists on macOS and
 * FreeBSD only and {@code epoll} on Linux only; jmh.sh passes the backends of the OS it runs on
 * ({@code -p backend=...}); asked for one the OS lacks, the setup fails with a message saying so.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class AeProcessEventsBenchmark {
    static final int FLAGS = AeEventLoop.AE_DONT_WAIT | AeEventLoop.AE_FILE_EVENTS | AeEventLoop.AE_TIME_EVENTS;
    /** select's limit: fds must stay below FD_SETSIZE. Redis sizes the loop maxclients + 128 for the others. */
    static final int SELECT_SETSIZE = 1024;
    static final int SETSIZE = 10_128;

    @Param({"epoll", "select", "kqueue"})
    public String backend;

    @Param({"0", "1", "100", "1000"})
    public int idleFds;

    private AeEventLoop el;
    private final List<Integer> opened = new ArrayList<>();

    private static final AeFileProc NEVER_CALLED = (eventLoop, fd, clientData, mask) -> {
        throw new IllegalStateException("idle fd " + fd + " fired with mask " + mask);
    };

    @Setup(Level.Trial)
    public void setup() {
        try {
            el = AeEventLoop.create(backend.equals("select") ? SELECT_SETSIZE : SETSIZE, backend);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("backend " + backend + " is not available here (" + e.getMessage()
                    + "); pick the backends with -p backend=..., as benchmarks/jmh.sh does", e);
        }
        int watched = 0;
        while (watched < idleFds) {
            int[] p = Anet.pipe();
            if (p == null) throw new IllegalStateException("pipe: " + Anet.lastError());
            opened.add(p[0]);
            opened.add(p[1]);
            for (int fd : p) {
                if (watched == idleFds) break;
                if (el.createFileEvent(fd, AeEventLoop.AE_READABLE, NEVER_CALLED, null) == AeEventLoop.AE_ERR) {
                    throw new IllegalStateException("cannot watch fd " + fd + " with " + backend + " (set size "
                            + el.getSetSize() + "): the JVM already holds too many descriptors for " + idleFds + " more");
                }
                watched++;
            }
        }
        if (el.processEvents(FLAGS) != 0) throw new IllegalStateException("an idle fd fired");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (el != null) el.delete();
        for (int fd : opened) Anet.close(fd);
        opened.clear();
    }

    @Benchmark
    public int processEvents() {
        return el.processEvents(FLAGS);
    }
}
