package io.aeredis.ae;

import org.junit.jupiter.api.Test;

import static io.aeredis.ae.AeEventLoop.AE_FILE_EVENTS;
import static io.aeredis.ae.AeEventLoop.AE_DONT_WAIT;
import static io.aeredis.ae.AeEventLoop.AE_READABLE;
import static io.aeredis.ae.AeEventLoop.AE_WRITABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EpollEventLoopTest extends EventLoopContractTest {
    @Override
    String backend() {
        return "epoll";
    }

    @Test
    void epollEventRecordLayoutMatchesThisCpu() {
        boolean x8664 = System.getProperty("os.arch").matches("amd64|x86_64");
        assertEquals(x8664 ? 12 : 16, AeEpoll.EPOLL_EVENT_SIZE);
        assertEquals(x8664 ? 4 : 8, AeEpoll.EPOLL_EVENT_DATA_OFFSET);
    }

    @Test
    void hangupIsReportedAsReadableAndWritable() {
        int[] p = fds.pipe();
        el.createFileEvent(p[0], AE_READABLE, readProc, null);
        fds.closeNow(p[1]);
        assertEquals(1, el.processEvents(AE_FILE_EVENTS | AE_DONT_WAIT));
        /* EPOLLHUP sets both bits in the mask; only the registered read proc runs. */
        assertEquals(java.util.List.of("R" + p[0] + ":" + (AE_READABLE | AE_WRITABLE)), calls);
    }
}
