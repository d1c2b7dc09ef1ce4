package io.aeredis.ae;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.aeredis.ae.AeEventLoop.AE_DONT_WAIT;
import static io.aeredis.ae.AeEventLoop.AE_ERR;
import static io.aeredis.ae.AeEventLoop.AE_FILE_EVENTS;
import static io.aeredis.ae.AeEventLoop.AE_OK;
import static io.aeredis.ae.AeEventLoop.AE_READABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectEventLoopTest extends EventLoopContractTest {
    @Override
    String backend() {
        return "select";
    }

    @Test
    void selectRefusesFdsAtOrAboveFdSetSizeEvenInABiggerLoop() {
        AeEventLoop big = AeEventLoop.create(2048, "select");
        AeEventLoop epoll = AeEventLoop.create(2048, "epoll");
        try {
            int[] p = fds.pipe();
            int high = fds.track(TestLibC.dup2(p[0], 1030));
            assertEquals(1030, high);
            assertEquals(AE_ERR, big.createFileEvent(high, AE_READABLE, readProc, null));
            assertEquals(0, big.getFileEvents(high));
            assertEquals(-1, big.maxfd());
            /* The same fd is fine for epoll, so the refusal is select's. */
            assertEquals(AE_OK, epoll.createFileEvent(high, AE_READABLE, readProc, null));
        } finally {
            big.delete();
            epoll.delete();
        }
    }

    @Test
    void selectRefusesToResizeToFdSetSizeOrMore() {
        assertEquals(AE_ERR, el.resizeSetSize(1024 + 1));
        assertEquals(AE_ERR, el.resizeSetSize(4096));
        assertEquals(1024, el.getSetSize());
        assertEquals(AE_OK, el.resizeSetSize(512));
        assertEquals(512, el.getSetSize());
    }

    @Test
    void everyRegisteredFdIsCountedOnceSelectReportsAnything() {
        /* ae_select.c adds a fired entry (possibly with mask 0) for every registered fd. */
        int[] ready = fds.pipe();
        int[] idle = fds.pipe();
        el.createFileEvent(ready[0], AE_READABLE, readProc, null);
        el.createFileEvent(idle[0], AE_READABLE, readProc, null);
        Fds.write(ready[1], "x");
        assertEquals(2, el.processEvents(AE_FILE_EVENTS | AE_DONT_WAIT));
        assertEquals(List.of("R" + ready[0] + ":" + AE_READABLE), calls);
        assertTrue(idle[0] != ready[0]);
    }
}
