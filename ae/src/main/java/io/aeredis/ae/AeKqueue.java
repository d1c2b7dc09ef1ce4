package io.aeredis.ae;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import static io.aeredis.ae.AeEventLoop.AE_READABLE;
import static io.aeredis.ae.AeEventLoop.AE_WRITABLE;
import static io.aeredis.ae.KqueueAbi.EVFILT_READ;
import static io.aeredis.ae.KqueueAbi.EVFILT_WRITE;
import static io.aeredis.ae.KqueueAbi.EV_ADD;
import static io.aeredis.ae.KqueueAbi.EV_DELETE;
import static io.aeredis.ae.KqueueAbi.KEVENT_SIZE;

/**
 * Port of {@code ae_kqueue.c}: kqueue(2) on macOS and FreeBSD. Layouts and constants are in
 * {@link KqueueAbi}; the natives in {@link BsdLibC}, which is only loaded when this class is
 * instantiated (so never on Linux).
 *
 * <p>kqueue reports reading and writing as separate records, so the poll merges the two records
 * of one fd into one fired entry (R|W), which AE_BARRIER ordering needs. As in the C code, the
 * per-fd pending mask is kept in 2 bits per fd ({@code eventsMask}).
 */
final class AeKqueue implements AeApi {
    static final boolean SUPPORTED = Platform.isMac() || Platform.isFreeBSD();

    private final int kqfd;
    /** state->events: the kevent output array, setsize records. */
    private Memory events;
    private long eventsAddress;
    private int maxevents;
    /** state->eventsMask: 2 bits per fd (AE_READABLE|AE_WRITABLE) used to merge records. */
    private byte[] eventsMask;
    /** The change record handed to kevent by add/del (the C code's stack variable). */
    private final Memory ke = new Memory(KEVENT_SIZE);
    private final long keAddress = Pointer.nativeValue(ke);
    private final Memory timeout = new Memory(KqueueAbi.TIMESPEC_SIZE);
    private final long timeoutAddress = Pointer.nativeValue(timeout);

    /** aeApiCreate. */
    AeKqueue(int setsize) {
        allocate(setsize);
        ke.clear();
        kqfd = BsdLibC.kqueue();
        if (kqfd == -1) {
            int errno = Native.getLastError();
            free();
            throw new IllegalStateException("aeApiCreate: kqueue: " + LibC.strerror(errno));
        }
        Anet.cloexec(kqfd);
    }

    private void allocate(int setsize) {
        if (events != null) events.close();
        events = new Memory((long) KEVENT_SIZE * setsize);
        eventsAddress = Pointer.nativeValue(events);
        eventsMask = new byte[eventMaskMallocSize(setsize)];
        maxevents = setsize;
    }

    @Override
    public int resize(int setsize) {
        allocate(setsize);
        return 0;
    }

    @Override
    public void free() {
        if (kqfd > 0) LibC.close(kqfd);
        events.close();
        ke.close();
        timeout.close();
    }

    @Override
    public int addEvent(int fd, int oldMask, int addMask) {
        if ((addMask & AE_READABLE) != 0) {
            KqueueAbi.evSet(ke, 0, fd, EVFILT_READ, EV_ADD, 0, 0, 0);
            if (BsdLibC.kevent(kqfd, keAddress, 1, 0, 0, 0) == -1) return -1;
        }
        if ((addMask & AE_WRITABLE) != 0) {
            KqueueAbi.evSet(ke, 0, fd, EVFILT_WRITE, EV_ADD, 0, 0, 0);
            if (BsdLibC.kevent(kqfd, keAddress, 1, 0, 0, 0) == -1) return -1;
        }
        return 0;
    }

    @Override
    public void delEvent(int fd, int oldMask, int delMask) {
        if ((delMask & AE_READABLE) != 0) {
            KqueueAbi.evSet(ke, 0, fd, EVFILT_READ, EV_DELETE, 0, 0, 0);
            BsdLibC.kevent(kqfd, keAddress, 1, 0, 0, 0);
        }
        if ((delMask & AE_WRITABLE) != 0) {
            KqueueAbi.evSet(ke, 0, fd, EVFILT_WRITE, EV_DELETE, 0, 0, 0);
            BsdLibC.kevent(kqfd, keAddress, 1, 0, 0, 0);
        }
    }

    @Override
    public int poll(AeEventLoop eventLoop, long timeoutMicros) {
        int retval;
        if (timeoutMicros >= 0) {
            KqueueAbi.setTimespec(timeout, timeoutMicros);
            retval = BsdLibC.kevent(kqfd, 0, 0, eventsAddress, maxevents, timeoutAddress);
        } else {
            retval = BsdLibC.kevent(kqfd, 0, 0, eventsAddress, maxevents, 0);
        }

        if (retval > 0) {
            return mergeFired(events, retval, eventsMask, eventLoop.firedFd, eventLoop.firedMask);
        } else if (retval == -1) {
            int errno = Native.getLastError();
            if (errno != LibCConstants.EINTR) {
                throw new IllegalStateException("aeApiPoll: kevent, " + LibC.strerror(errno));
            }
        }
        return 0;
    }

    /**
     * The result half of aeApiPoll, separate so it can be tested without a kernel. Normally we
     * execute the read event first and then the write event; with a barrier, the reverse. Under
     * kqueue read and write are separate records, which would make that order impossible to
     * control, so we first collect each fd's mask and then emit one fired entry per fd, clearing
     * its mask so a second record of the same fd adds nothing.
     */
    static int mergeFired(Pointer events, int retval, byte[] eventsMask, int[] firedFd, int[] firedMask) {
        for (int j = 0; j < retval; j++) {
            long off = (long) j * KEVENT_SIZE;
            int fd = (int) KqueueAbi.ident(events, off);
            short filter = KqueueAbi.filter(events, off);
            int mask = 0;

            if (filter == EVFILT_READ) mask = AE_READABLE;
            else if (filter == EVFILT_WRITE) mask = AE_WRITABLE;
            addEventMask(eventsMask, fd, mask);
        }

        int numevents = 0;
        for (int j = 0; j < retval; j++) {
            int fd = (int) KqueueAbi.ident(events, (long) j * KEVENT_SIZE);
            int mask = getEventMask(eventsMask, fd);

            if (mask != 0) {
                firedFd[numevents] = fd;
                firedMask[numevents] = mask;
                resetEventMask(eventsMask, fd);
                numevents++;
            }
        }
        return numevents;
    }

    /* EVENT_MASK_MALLOC_SIZE / EVENT_MASK_OFFSET / EVENT_MASK_ENCODE: 2 bits per fd, 4 fds per byte. */
    static int eventMaskMallocSize(int setsize) {
        return (setsize + 3) / 4;
    }

    private static int eventMaskOffset(int fd) {
        return fd % 4 * 2;
    }

    private static int eventMaskEncode(int fd, int mask) {
        return (mask & 0x3) << eventMaskOffset(fd);
    }

    static int getEventMask(byte[] eventsMask, int fd) {
        return (eventsMask[fd / 4] >> eventMaskOffset(fd)) & 0x3;
    }

    static void addEventMask(byte[] eventsMask, int fd, int mask) {
        eventsMask[fd / 4] |= (byte) eventMaskEncode(fd, mask);
    }

    static void resetEventMask(byte[] eventsMask, int fd) {
        eventsMask[fd / 4] &= (byte) ~eventMaskEncode(fd, 0x3);
    }

    @Override
    public String name() {
        return "kqueue";
    }
}
