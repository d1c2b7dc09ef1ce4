package io.aeredis.ae;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AeAsync: work finished on other threads reaches the loop thread, none of it lost. */
class AeAsyncTest {
    @Test
    @Timeout(30)
    void everyItemSentFromWorkerThreadsIsSeenOnTheLoopThread() throws Exception {
        for (String backend : new String[]{"epoll", "select"}) {
            AeEventLoop el = AeEventLoop.create(64, backend);
            ConcurrentLinkedQueue<Integer> done = new ConcurrentLinkedQueue<>();
            AtomicInteger seen = new AtomicInteger();
            Thread loopThread = Thread.currentThread();
            int workers = 4;
            int perWorker = 20_000;
            AeAsync async = new AeAsync(el, () -> {
                assertEquals(loopThread, Thread.currentThread());
                for (Integer x; (x = done.poll()) != null; ) seen.incrementAndGet();
                if (seen.get() == workers * perWorker) el.stop();
            });
            Thread[] ts = new Thread[workers];
            for (int w = 0; w < workers; w++) {
                ts[w] = new Thread(() -> {
                    for (int i = 0; i < perWorker; i++) {
                        done.add(i);
                        async.send();
                    }
                });
                ts[w].start();
            }
            el.main();
            for (Thread t : ts) t.join();
            assertEquals(workers * perWorker, seen.get(), backend);
            async.close();
            el.delete();
        }
    }

    @Test
    @Timeout(30)
    void aSendWakesALoopBlockedInPoll() throws Exception {
        AeEventLoop el = AeEventLoop.create(64, "epoll");
        AtomicInteger calls = new AtomicInteger();
        AeAsync async = new AeAsync(el, calls::incrementAndGet);
        long t0 = System.nanoTime();
        Thread sender = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException ignored) {
                return;
            }
            async.send();
        });
        sender.start();
        // No timers: the loop would sleep forever without the wake-up.
        el.processEvents(AeEventLoop.AE_FILE_EVENTS);
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, calls.get());
        assertTrue(waitedMs >= 150, "woke after " + waitedMs + " ms, before the send");
        sender.join();
        async.close();
        el.delete();
    }
}
