package io.aeredis.ae;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.aeredis.ae.AeEventLoop.AE_ALL_EVENTS;
import static io.aeredis.ae.AeEventLoop.AE_BARRIER;
import static io.aeredis.ae.AeEventLoop.AE_CALL_AFTER_SLEEP;
import static io.aeredis.ae.AeEventLoop.AE_CALL_BEFORE_SLEEP;
import static io.aeredis.ae.AeEventLoop.AE_DONT_WAIT;
import static io.aeredis.ae.AeEventLoop.AE_ERR;
import static io.aeredis.ae.AeEventLoop.AE_FILE_EVENTS;
import static io.aeredis.ae.AeEventLoop.AE_NONE;
import static io.aeredis.ae.AeEventLoop.AE_OK;
import static io.aeredis.ae.AeEventLoop.AE_READABLE;
import static io.aeredis.ae.AeEventLoop.AE_TIME_EVENTS;
import static io.aeredis.ae.AeEventLoop.AE_WRITABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behaviour every backend must share, run once per backend by the subclasses. All waits are
 * either AE_DONT_WAIT or bounded by a ready descriptor or a short timer; @Timeout guards the rest.
 */
@Timeout(10)
abstract class EventLoopContractTest {
    static final int DONT_WAIT_FILES = AE_FILE_EVENTS | AE_DONT_WAIT;

    abstract String backend();

    AeEventLoop el;
    final Fds fds = new Fds();
    /** What the procs saw, e.g. "R5:1" = read proc on fd 5 with mask 1. */
    final List<String> calls = new ArrayList<>();

    final AeFileProc readProc = (loop, fd, data, mask) -> calls.add("R" + fd + ":" + mask);
    final AeFileProc writeProc = (loop, fd, data, mask) -> calls.add("W" + fd + ":" + mask);
    final AeFileProc bothProc = (loop, fd, data, mask) -> calls.add("B" + fd + ":" + mask);

    @BeforeEach
    void createLoop() {
        el = AeEventLoop.create(1024, backend());
    }

    @AfterEach
    void deleteLoop() {
        el.delete();
        fds.close();
    }

    @Test
    void apiNameIsTheRequestedBackend() {
        assertEquals(backend(), el.getApiName());
        assertEquals(1024, el.getSetSize());
    }

    @Test
    void aDeletedEventNoLongerKeepsItsClientDataOrProcsReachable() throws InterruptedException {
        int[] p = fds.pipe();
        Object data = new Object();
        java.lang.ref.WeakReference<Object> dataRef = new java.lang.ref.WeakReference<>(data);
        int[] captured = new int[1]; // a capturing lambda is a new object (a non-capturing one is cached for ever)
        AeFileProc proc = (loop, fd, d, mask) -> captured[0]++;
        java.lang.ref.WeakReference<Object> procRef = new java.lang.ref.WeakReference<>(proc);
        assertEquals(AE_OK, el.createFileEvent(p[0], AE_READABLE | AE_WRITABLE, proc, data));
        el.deleteFileEvent(p[0], AE_READABLE);
        el.deleteFileEvent(p[0], AE_WRITABLE);
        data = null;
        proc = null;
        // A freed client must be garbage once its fd's events are gone, not when the fd is reused.
        for (int i = 0; i < 50 && (dataRef.get() != null || procRef.get() != null); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(dataRef.get(), "clientData still reachable from the fd's slot");
        assertNull(procRef.get(), "handler still reachable from the fd's slot");
    }

    @Test
    void pipeReadEndFiresOnlyAfterAWriteAndStaysReadyUntilDrained() {
        int[] p = fds.pipe();
        Object data = new Object();
        List<Object> seen = new ArrayList<>();
        assertEquals(AE_OK, el.createFileEvent(p[0], AE_READABLE, (loop, fd, d, mask) -> {
            seen.add(d);
            readProc.process(loop, fd, d, mask);
        }, data));
        assertSame(data, el.getClientData(p[0]));

        assertEquals(0, el.processEvents(DONT_WAIT_FILES));
        assertEquals(List.of(), calls);

        Fds.write(p[1], "x");
        assertEquals(1, el.processEvents(DONT_WAIT_FILES));
        assertEquals(List.of("R" + p[0] + ":" + AE_READABLE), calls);
        assertSame(data, seen.get(0));

        /* Level-triggered: still readable while unread. */
        assertEquals(1, el.processEvents(DONT_WAIT_FILES));
        assertEquals(2, calls.size());

        assertEquals("x", Fds.read(p[0]));
        assertEquals(0, el.processEvents(DONT_WAIT_FILES));
        assertEquals(2, calls.size());
    }

    @Test
    void pipeWriteEndFiresWritable() {
        int[] p = fds.pipe();
        assertEquals(AE_OK, el.createFileEvent(p[1], AE_WRITABLE, writeProc, null));
        assertEquals(1, el.processEvents(DONT_WAIT_FILES));
        assertEquals(List.of("W" + p[1] + ":" + AE_WRITABLE), calls);
    }

    /** A socket with unread input that can also be written. */
    int readableAndWritableSocket() {
        int[] sv = fds.socketPair();
        Fds.write(sv[1], "ping");
        return sv[0];
    }

    @Test
    void readProcRunsBeforeWriteProcWithoutBarrier() {
        int s = readableAndWritableSocket();
        el.createFileEvent(s, AE_WRITABLE, writeProc, null);
        el.createFileEvent(s, AE_READABLE, readProc, null);
        assertEquals(1, el.processEvents(DONT_WAIT_FILES));
        int both = AE_READABLE | AE_WRITABLE;
        assertEquals(List.of("R" + s + ":" + both, "W" + s + ":" + both), calls);
    }

    @Test
    void barrierRunsWriteProcBeforeReadProc() {
        int s = readableAndWritableSocket();
        el.createFileEvent(s, AE_READABLE, readProc, null);
        el.createFileEvent(s, AE_WRITABLE | AE_BARRIER, writeProc, null);
        assertEquals(AE_READABLE | AE_WRITABLE | AE_BARRIER, el.getFileEvents(s));
        assertEquals(1, el.processEvents(DONT_WAIT_FILES));
        int both = AE_READABLE | AE_WRITABLE;
        assertEquals(List.of("W" + s + ":" + both, "R" + s + ":" + both), calls);
    }

    @Test
    void sameProcForReadAndWriteIsCalledOncePerTurn() {
        int s = readableAndWritableSocket();
        el.createFileEvent(s, AE_READABLE, bothProc, null);
        el.createFileEvent(s, AE_WRITABLE, bothProc, null);
        el.processEvents(DONT_WAIT_FILES);
        assertEquals(List.of("B" + s + ":" + (AE_READABLE | AE_WRITABLE)), calls);

        /* Also with the barrier, where the read proc would come second. */
        calls.clear();
        el.createFileEvent(s, AE_WRITABLE | AE_BARRIER, bothProc, null);
        el.processEvents(DONT_WAIT_FILES);
        assertEquals(List.of("B" + s + ":" + (AE_READABLE | AE_WRITABLE)), calls);
    }

    @Test
    void deletingWritableAlsoRemovesBarrier() {
        int s = readableAndWritableSocket();
        el.createFileEvent(s, AE_READABLE, readProc, null);
        el.createFileEvent(s, AE_WRITABLE | AE_BARRIER, writeProc, null);
        el.deleteFileEvent(s, AE_WRITABLE);
        assertEquals(AE_READABLE, el.getFileEvents(s));
        el.processEvents(DONT_WAIT_FILES);
        assertEquals(List.of("R" + s + ":" + AE_READABLE), calls);
    }

    @Test
    void readProcDeletingTheWriteEventOfItsFdPreventsTheWriteCall() {
        int s = readableAndWritableSocket();
        el.createFileEvent(s, AE_READABLE, (loop, fd, d, mask) -> {
            readProc.process(loop, fd, d, mask);
            loop.deleteFileEvent(fd, AE_WRITABLE);
        }, null);
        el.createFileEvent(s, AE_WRITABLE, writeProc, null);
        el.processEvents(DONT_WAIT_FILES);
        assertEquals(List.of("R" + s + ":" + (AE_READABLE | AE_WRITABLE)), calls);
        assertEquals(AE_READABLE, el.getFileEvents(s));
    }

    @Test
    void deletingAnotherFiredFdInsideACallbackPreventsItsCall() {
        int[] a = fds.pipe();
        int[] b = fds.pipe();
        Fds.write(a[1], "a");
        Fds.write(b[1], "b");
        AeFileProc deleteTheOther = (loop, fd, d, mask) -> {
            calls.add("R" + fd);
            loop.deleteFileEvent((Integer) d, AE_READABLE);
        };
        el.createFileEvent(a[0], AE_READABLE, deleteTheOther, b[0]);
        el.createFileEvent(b[0], AE_READABLE, deleteTheOther, a[0]);

        el.processEvents(DONT_WAIT_FILES);
        assertEquals(1, calls.size(), calls::toString);
        int survivor = calls.get(0).equals("R" + a[0]) ? a[0] : b[0];
        int deleted = survivor == a[0] ? b[0] : a[0];
        assertEquals(AE_NONE, el.getFileEvents(deleted));
        assertNull(el.getClientData(deleted));
        assertEquals(AE_READABLE, el.getFileEvents(survivor));
    }

    @Test
    void createFileEventRejectsFdsAtOrAboveSetSize() {
        AeFileProc proc = readProc;
        assertEquals(AE_ERR, el.createFileEvent(1024, AE_READABLE, proc, null));
        assertEquals(AE_ERR, el.createFileEvent(5000, AE_WRITABLE, proc, null));
        assertEquals(0, el.getFileEvents(1024));
        assertEquals(-1, el.maxfd());
    }

    @Test
    void maxfdFollowsRegistrationsAndRemovals() {
        int[] p = fds.pipe();
        int low = Math.min(p[0], p[1]);
        int high = Math.max(p[0], p[1]);
        el.createFileEvent(low, AE_READABLE, readProc, null);
        el.createFileEvent(high, AE_WRITABLE, writeProc, null);
        assertEquals(high, el.maxfd());

        el.deleteFileEvent(high, AE_READABLE); /* not registered for that: nothing changes */
        assertEquals(AE_WRITABLE, el.getFileEvents(high));
        assertEquals(high, el.maxfd());

        el.deleteFileEvent(high, AE_WRITABLE);
        assertEquals(low, el.maxfd());
        el.deleteFileEvent(low, AE_READABLE);
        assertEquals(-1, el.maxfd());
    }

    @Test
    void resizeSetSizeRefusesToDropARegisteredFdAndKeepsEventsWorking() {
        int[] p = fds.pipe();
        int fd = p[0];
        el.createFileEvent(fd, AE_READABLE, readProc, null);

        assertEquals(AE_ERR, el.resizeSetSize(fd));
        assertEquals(1024, el.getSetSize());

        assertEquals(AE_OK, el.resizeSetSize(fd + 1));
        assertEquals(fd + 1, el.getSetSize());
        assertEquals(AE_ERR, el.createFileEvent(fd + 1, AE_READABLE, readProc, null));

        assertEquals(AE_OK, el.resizeSetSize(1000));
        assertEquals(AE_READABLE, el.getFileEvents(fd));
        assertEquals(AE_NONE, el.getFileEvents(fd + 1));
        Fds.write(p[1], "x");
        el.processEvents(DONT_WAIT_FILES);
        assertEquals(List.of("R" + fd + ":" + AE_READABLE), calls);

        /* The grown part is usable. */
        int[] q = fds.pipe();
        assertEquals(AE_OK, el.createFileEvent(q[1], AE_WRITABLE, writeProc, null));
    }

    @Test
    void dontWaitReturnsAtOnceWhenNothingIsReady() {
        int[] p = fds.pipe();
        el.createFileEvent(p[0], AE_READABLE, readProc, null);
        el.createTimeEvent(3_600_000, (loop, id, d) -> 1, null, null);
        assertEquals(0, el.processEvents(AE_ALL_EVENTS | AE_DONT_WAIT));

        /* The loop-wide flag has the same effect on a call without AE_DONT_WAIT. */
        el.setDontWait(true);
        assertEquals(0, el.processEvents(AE_ALL_EVENTS));
        assertEquals(List.of(), calls);
    }

    @Test
    void processEventsWithoutEventKindsDoesNothing() {
        int[] p = fds.pipe();
        el.createFileEvent(p[1], AE_WRITABLE, writeProc, null);
        el.setBeforeSleepProc(loop -> calls.add("before"));
        assertEquals(0, el.processEvents(AE_DONT_WAIT | AE_CALL_BEFORE_SLEEP));
        assertEquals(List.of(), calls);
    }

    @Test
    void sleepHooksRunOnlyWithTheirFlagsAroundThePoll() {
        int[] p = fds.pipe();
        el.createFileEvent(p[1], AE_WRITABLE, writeProc, null);
        el.setBeforeSleepProc(loop -> calls.add("before"));
        el.setAfterSleepProc(loop -> calls.add("after"));
        String w = "W" + p[1] + ":" + AE_WRITABLE;

        el.processEvents(DONT_WAIT_FILES);
        assertEquals(List.of(w), calls);

        calls.clear();
        el.processEvents(DONT_WAIT_FILES | AE_CALL_BEFORE_SLEEP);
        assertEquals(List.of("before", w), calls);

        calls.clear();
        el.processEvents(DONT_WAIT_FILES | AE_CALL_AFTER_SLEEP);
        assertEquals(List.of("after", w), calls);

        calls.clear();
        el.processEvents(DONT_WAIT_FILES | AE_CALL_BEFORE_SLEEP | AE_CALL_AFTER_SLEEP);
        assertEquals(List.of("before", "after", w), calls);
    }

    @Test
    void beforeSleepCanTurnTheBlockingPollIntoANonBlockingOne() {
        int[] p = fds.pipe();
        el.createFileEvent(p[0], AE_READABLE, readProc, null);
        el.createTimeEvent(3_600_000, (loop, id, d) -> 1, null, null);
        el.setBeforeSleepProc(loop -> loop.setDontWait(true));
        /* Would block for an hour if the flag were read before the hook ran. */
        assertEquals(0, el.processEvents(AE_ALL_EVENTS | AE_CALL_BEFORE_SLEEP));
    }

    @Test
    void blockingPollWakesUpForTheNextTimeEvent() {
        int[] p = fds.pipe();
        el.createFileEvent(p[0], AE_READABLE, readProc, null);
        AtomicInteger runs = new AtomicInteger();
        el.createTimeEvent(20, (loop, id, d) -> {
            runs.incrementAndGet();
            return AeEventLoop.AE_NOMORE;
        }, null, null);
        while (runs.get() == 0) el.processEvents(AE_ALL_EVENTS);
        assertEquals(1, runs.get());
        assertEquals(List.of(), calls);
    }

    @Test
    void mainRunsUntilATimeEventStopsIt() {
        AtomicInteger runs = new AtomicInteger();
        el.createTimeEvent(0, (loop, id, d) -> {
            if (runs.incrementAndGet() == 3) loop.stop();
            return 1;
        }, null, null);
        el.main();
        assertEquals(3, runs.get());
    }

    @Test
    void stopFromAnotherThreadEndsMainOnceTheLoopWakesUp() throws Exception {
        int[] p = fds.pipe();
        AtomicInteger wakeups = new AtomicInteger();
        el.createFileEvent(p[0], AE_READABLE, (loop, fd, d, mask) -> {
            wakeups.incrementAndGet();
            Fds.read(fd);
        }, null);
        Thread stopper = new Thread(() -> {
            el.stop();
            Fds.write(p[1], "wake");
        });
        /* main() clears the flag on entry (as aeMain does), so stop only after it started:
         * the first beforesleep call proves that. */
        el.setBeforeSleepProc(loop -> {
            if (stopper.getState() == Thread.State.NEW) stopper.start();
        });
        el.main();
        stopper.join();
        assertTrue(wakeups.get() >= 1);
    }

    @Test
    void tcpEchoRoundTripDrivenByTheLoop() throws Exception {
        EchoServer server = new EchoServer(el, fds);
        try (java.net.Socket client = new java.net.Socket("127.0.0.1", server.port)) {
            client.setSoTimeout(5000);
            client.getOutputStream().write("hello\r\n".getBytes());
            while (server.echoed < 7) el.processEvents(AE_ALL_EVENTS);

            byte[] reply = client.getInputStream().readNBytes(7);
            assertEquals("hello\r\n", new String(reply));
            assertEquals("127.0.0.1:" + client.getLocalPort(), server.peer);
            assertEquals("127.0.0.1:" + server.port, Anet.sockName(server.clientFd));

            client.shutdownOutput();
            while (!server.sawEof) el.processEvents(AE_ALL_EVENTS);
            assertEquals(-1, client.getInputStream().read());
        }
        assertEquals(AE_NONE, el.getFileEvents(server.clientFd));
    }

    /** A one-client echo server written the way Redis's networking.c uses ae and anet. */
    static final class EchoServer {
        final AeEventLoop el;
        final Fds fds;
        final int listenFd;
        final int port;
        final long buf = Anet.allocate(4096);
        /** Bytes in buf, and how many of them were already written back. */
        long pending;
        long sent;
        int echoed;
        int clientFd = -1;
        String peer;
        boolean sawEof;

        EchoServer(AeEventLoop el, Fds fds) {
            this.el = el;
            this.fds = fds;
            listenFd = Anet.tcpServer(0, "127.0.0.1", 16);
            assertTrue(listenFd > 0, Anet::lastError);
            fds.track(listenFd);
            assertEquals(Anet.ANET_OK, Anet.nonBlock(listenFd));
            port = Anet.boundPort(listenFd);
            assertEquals(AE_OK, el.createFileEvent(listenFd, AE_READABLE, this::acceptHandler, null));
            /* A short repeating timer bounds every blocking poll. */
            el.createTimeEvent(10, (loop, id, d) -> 10, null, null);
        }

        void acceptHandler(AeEventLoop loop, int fd, Object d, int mask) {
            int cfd = Anet.tcpAccept(fd);
            if (cfd == Anet.ANET_EAGAIN) return;
            assertTrue(cfd > 0, Anet::lastError);
            fds.track(cfd);
            peer = Anet.lastAcceptedPeer();
            clientFd = cfd;
            assertEquals(Anet.ANET_OK, Anet.nonBlock(cfd));
            assertEquals(Anet.ANET_OK, Anet.enableTcpNoDelay(cfd));
            assertEquals(AE_OK, loop.createFileEvent(cfd, AE_READABLE, this::readHandler, null));
        }

        void readHandler(AeEventLoop loop, int fd, Object d, int mask) {
            long n = Anet.read(fd, buf + pending, 4096 - pending);
            if (n == Anet.ANET_EAGAIN) return;
            if (n == 0) {
                /* The client closed: unregister and close, as freeClient does. */
                sawEof = true;
                loop.deleteFileEvent(fd, AE_READABLE | AE_WRITABLE);
                fds.closeNow(fd);
                return;
            }
            assertTrue(n > 0, Anet::lastError);
            pending += n;
            loop.createFileEvent(fd, AE_WRITABLE, this::writeHandler, null);
        }

        void writeHandler(AeEventLoop loop, int fd, Object d, int mask) {
            long n = Anet.write(fd, buf + sent, pending - sent);
            if (n == Anet.ANET_EAGAIN) return;
            assertTrue(n > 0, Anet::lastError);
            echoed += (int) n;
            sent += n;
            if (sent == pending) {
                sent = pending = 0;
                loop.deleteFileEvent(fd, AE_WRITABLE);
            }
        }
    }
}
