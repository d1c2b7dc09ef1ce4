package io.aeredis.ae;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import static io.aeredis.ae.AeEventLoop.AE_NONE;
import static io.aeredis.ae.AeEventLoop.AE_READABLE;
import static io.aeredis.ae.AeEventLoop.AE_WRITABLE;

/**
 * Port of {@code ae_select.c}: the portable select(2) fallback.
 *
 * <p>An {@code fd_set} is a FD_SETSIZE (1024) bit map: fd {@code n} is bit {@code n % 64} of
 * 64-bit word {@code n / 64}. That is glibc's layout on LP64 (an array of {@code long}, in native
 * byte order, on any endianness), FreeBSD's (unsigned long) and, on little-endian machines,
 * macOS's (int32 words give the same bytes). The master sets live in Java {@code long[]}s; the
 * C code's "memcpy to the working copy before select" is one {@link Memory#write} per set, and
 * the results come back with one {@link Memory#read}, so FD_ISSET is a heap bit test.
 *
 * <p>select cannot watch fds >= FD_SETSIZE: aeApiResize refuses a set size of FD_SETSIZE or more
 * (as ae_select.c does) and, since this loop may be created bigger than that, aeApiAddEvent
 * refuses fds >= FD_SETSIZE rather than write past the bitmap.
 */
final class AeSelect implements AeApi {
    static final int FD_SETSIZE = 1024;
    static final int FD_SET_WORDS = FD_SETSIZE / 64;
    static final int FD_SET_BYTES = FD_SETSIZE / 8;

    /** state->rfds, state->wfds: what we watch. */
    private final long[] rfds = new long[FD_SET_WORDS];
    private final long[] wfds = new long[FD_SET_WORDS];
    /** state->_rfds, state->_wfds: the native copies select(2) overwrites with the ready sets. */
    private final Memory nativeRfds = new Memory(FD_SET_BYTES);
    private final Memory nativeWfds = new Memory(FD_SET_BYTES);
    private final long nativeRfdsAddress = Pointer.nativeValue(nativeRfds);
    private final long nativeWfdsAddress = Pointer.nativeValue(nativeWfds);
    /** Heap copies of the ready sets, for FD_ISSET. */
    private final long[] readyR = new long[FD_SET_WORDS];
    private final long[] readyW = new long[FD_SET_WORDS];
    /** struct timeval {tv_sec; tv_usec}: two 8-byte slots on LP64 (macOS's 4-byte tv_usec is padded to 8). */
    private final Memory tv = new Memory(LibCConstants.TIMEVAL_SIZE);
    private final long tvAddress = Pointer.nativeValue(tv);

    /** aeApiCreate: FD_ZERO both sets (the Java arrays start zeroed). */
    AeSelect() {
        tv.clear();
    }

    @Override
    public int resize(int setsize) {
        /* Just ensure we have enough room in the fd_set type. */
        if (setsize >= FD_SETSIZE) return -1;
        return 0;
    }

    @Override
    public void free() {
        nativeRfds.close();
        nativeWfds.close();
        tv.close();
    }

    @Override
    public int addEvent(int fd, int oldMask, int addMask) {
        if (fd >= FD_SETSIZE) return -1;
        if ((addMask & AE_READABLE) != 0) fdSet(fd, rfds);
        if ((addMask & AE_WRITABLE) != 0) fdSet(fd, wfds);
        return 0;
    }

    @Override
    public void delEvent(int fd, int oldMask, int delMask) {
        if (fd >= FD_SETSIZE) return;
        if ((delMask & AE_READABLE) != 0) fdClr(fd, rfds);
        if ((delMask & AE_WRITABLE) != 0) fdClr(fd, wfds);
    }

    static void fdSet(int fd, long[] set) {
        set[fd >>> 6] |= 1L << (fd & 63);
    }

    static void fdClr(int fd, long[] set) {
        set[fd >>> 6] &= ~(1L << (fd & 63));
    }

    static boolean fdIsSet(int fd, long[] set) {
        return (set[fd >>> 6] & (1L << (fd & 63))) != 0;
    }

    @Override
    public int poll(AeEventLoop eventLoop, long timeoutMicros) {
        int numevents = 0;
        int maxfd = eventLoop.maxfd;

        nativeRfds.write(0, rfds, 0, FD_SET_WORDS);
        nativeWfds.write(0, wfds, 0, FD_SET_WORDS);

        long tvp = 0; /* NULL: wait forever */
        if (timeoutMicros >= 0) {
            tv.setLong(0, timeoutMicros / 1000000);
            tv.setLong(8, timeoutMicros % 1000000);
            tvp = tvAddress;
        }
        int retval = LibC.select(maxfd + 1, nativeRfdsAddress, nativeWfdsAddress, 0, tvp);
        if (retval > 0) {
            nativeRfds.read(0, readyR, 0, FD_SET_WORDS);
            nativeWfds.read(0, readyW, 0, FD_SET_WORDS);
            AeFileEvent[] events = eventLoop.events;
            for (int j = 0; j <= maxfd; j++) {
                int mask = 0;
                AeFileEvent fe = events[j];

                if (fe.mask == AE_NONE) continue;
                if ((fe.mask & AE_READABLE) != 0 && fdIsSet(j, readyR)) mask |= AE_READABLE;
                if ((fe.mask & AE_WRITABLE) != 0 && fdIsSet(j, readyW)) mask |= AE_WRITABLE;
                /* Like ae_select.c, every registered fd gets a fired entry, even with mask 0
                 * (the dispatch loop then calls nothing for it but still counts it). */
                eventLoop.firedFd[numevents] = j;
                eventLoop.firedMask[numevents] = mask;
                numevents++;
            }
        } else if (retval == -1) {
            int errno = Native.getLastError();
            if (errno != LibCConstants.EINTR) {
                throw new IllegalStateException("aeApiPoll: select, " + LibC.strerror(errno));
            }
        }
        return numevents;
    }

    @Override
    public String name() {
        return "select";
    }
}
