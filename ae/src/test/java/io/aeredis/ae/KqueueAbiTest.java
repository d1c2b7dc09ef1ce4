package io.aeredis.ae;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.aeredis.ae.AeEventLoop.AE_READABLE;
import static io.aeredis.ae.AeEventLoop.AE_WRITABLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The kqueue backend cannot run on Linux: check its ABI numbers and record handling without syscalls. */
@Timeout(10)
class KqueueAbiTest {
    @Test
    void keventLayoutIsThe64BitOne() {
        assertEquals(0, KqueueAbi.KEVENT_IDENT_OFFSET);
        assertEquals(8, KqueueAbi.KEVENT_FILTER_OFFSET);
        assertEquals(10, KqueueAbi.KEVENT_FLAGS_OFFSET);
        assertEquals(12, KqueueAbi.KEVENT_FFLAGS_OFFSET);
        assertEquals(16, KqueueAbi.KEVENT_DATA_OFFSET);
        assertEquals(24, KqueueAbi.KEVENT_UDATA_OFFSET);
        assertEquals(32, KqueueAbi.KEVENT_SIZE_32);
        assertEquals(64, KqueueAbi.KEVENT_SIZE_FREEBSD);
        assertEquals(16, KqueueAbi.TIMESPEC_SIZE);
        assertEquals(0, KqueueAbi.TIMESPEC_SEC_OFFSET);
        assertEquals(8, KqueueAbi.TIMESPEC_NSEC_OFFSET);
    }

    @Test
    void filterAndFlagValuesMatchSysEventH() {
        assertEquals(-1, KqueueAbi.EVFILT_READ);
        assertEquals(-2, KqueueAbi.EVFILT_WRITE);
        assertEquals(0x0001, KqueueAbi.EV_ADD);
        assertEquals(0x0002, KqueueAbi.EV_DELETE);
        assertEquals(0x4000, KqueueAbi.EV_ERROR & 0xffff);
        assertEquals(0x8000, KqueueAbi.EV_EOF & 0xffff);
    }

    @Test
    void evSetWritesEachFieldAtItsOffset() {
        try (Memory m = new Memory(2 * 32)) {
            m.clear();
            KqueueAbi.evSet(m, 32, 7, KqueueAbi.EVFILT_WRITE, KqueueAbi.EV_DELETE, 0x11223344, -5, 0x0102030405060708L);

            byte[] first = new byte[32];
            m.read(0, first, 0, 32);
            assertArrayEquals(new byte[32], first, "the record before stays untouched");

            assertEquals(7, KqueueAbi.ident(m, 32));
            assertEquals(KqueueAbi.EVFILT_WRITE, KqueueAbi.filter(m, 32));
            assertEquals(KqueueAbi.EV_DELETE, KqueueAbi.flags(m, 32));
            assertEquals(0x11223344, KqueueAbi.fflags(m, 32));
            assertEquals(-5, KqueueAbi.data(m, 32));
            assertEquals(0x0102030405060708L, KqueueAbi.udata(m, 32));
            /* Independent reads at the raw offsets. */
            assertEquals(7L, m.getLong(32));
            assertEquals((short) -2, m.getShort(32 + 8));
            assertEquals((short) 2, m.getShort(32 + 10));
            assertEquals(0x11223344, m.getInt(32 + 12));
            assertEquals(-5L, m.getLong(32 + 16));
            assertEquals(0x0102030405060708L, m.getLong(32 + 24));
        }
    }

    @Test
    void timespecIsFilledFromMicroseconds() {
        try (Memory ts = new Memory(16)) {
            KqueueAbi.setTimespec(ts, 2_500_001);
            assertEquals(2, ts.getLong(0));
            assertEquals(500_001_000L, ts.getLong(8));
        }
    }

    @Test
    void readAndWriteRecordsOfOneFdMergeIntoOneFiredEntry() {
        int size = KqueueAbi.KEVENT_SIZE;
        try (Memory events = new Memory(4L * size)) {
            events.clear();
            KqueueAbi.evSet(events, 0, 5, KqueueAbi.EVFILT_READ, (short) 0, 0, 10, 0);
            KqueueAbi.evSet(events, size, 7, KqueueAbi.EVFILT_WRITE, (short) 0, 0, 0, 0);
            KqueueAbi.evSet(events, 2L * size, 5, KqueueAbi.EVFILT_WRITE, (short) 0, 0, 0, 0);
            KqueueAbi.evSet(events, 3L * size, 6, KqueueAbi.EVFILT_READ, KqueueAbi.EV_EOF, 0, 0, 0);

            byte[] eventsMask = new byte[AeKqueue.eventMaskMallocSize(16)];
            int[] firedFd = new int[16];
            int[] firedMask = new int[16];
            int n = AeKqueue.mergeFired(events, 4, eventsMask, firedFd, firedMask);

            assertEquals(3, n);
            assertEquals(5, firedFd[0]);
            assertEquals(AE_READABLE | AE_WRITABLE, firedMask[0]);
            assertEquals(7, firedFd[1]);
            assertEquals(AE_WRITABLE, firedMask[1]);
            assertEquals(6, firedFd[2]);
            assertEquals(AE_READABLE, firedMask[2]);
            assertArrayEquals(new byte[eventsMask.length], eventsMask, "masks are reset for the next poll");
        }
    }

    @Test
    void eventMaskPacksFourFdsPerByte() {
        assertEquals(1, AeKqueue.eventMaskMallocSize(1));
        assertEquals(1, AeKqueue.eventMaskMallocSize(4));
        assertEquals(2, AeKqueue.eventMaskMallocSize(5));
        byte[] mask = new byte[2];
        AeKqueue.addEventMask(mask, 3, AE_WRITABLE);
        AeKqueue.addEventMask(mask, 3, AE_READABLE);
        AeKqueue.addEventMask(mask, 4, AE_READABLE);
        assertEquals(AE_READABLE | AE_WRITABLE, AeKqueue.getEventMask(mask, 3));
        assertEquals(0, AeKqueue.getEventMask(mask, 2));
        assertEquals(AE_READABLE, AeKqueue.getEventMask(mask, 4));
        AeKqueue.resetEventMask(mask, 3);
        assertEquals(0, AeKqueue.getEventMask(mask, 3));
        assertEquals(AE_READABLE, AeKqueue.getEventMask(mask, 4));
    }
}
