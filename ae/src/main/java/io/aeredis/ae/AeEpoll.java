package io.aeredis.ae;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import static io.aeredis.ae.AeEventLoop.AE_NONE;
import static io.aeredis.ae.AeEventLoop.AE_READABLE;
import static io.aeredis.ae.AeEventLoop.AE_WRITABLE;
import static io.aeredis.ae.LinuxLibC.EPOLLERR;
import static io.aeredis.ae.LinuxLibC.EPOLLHUP;
import static io.aeredis.ae.LinuxLibC.EPOLLIN;
import static io.aeredis.ae.LinuxLibC.EPOLLOUT;
import static io.aeredis.ae.LinuxLibC.EPOLL_CTL_ADD;
import static io.aeredis.ae.LinuxLibC.EPOLL_CTL_DEL;
import static io.aeredis.ae.LinuxLibC.EPOLL_CTL_MOD;

/**
 * Port of {@code ae_epoll.c}: Linux epoll(7), level-triggered.
 *
 * <p>{@code struct epoll_event} is {@code { uint32_t events; epoll_data_t data; }}. glibc
 * declares it {@code __attribute__((packed))} on x86-64 only, so there it is 12 bytes with the
 * data union at offset 4; elsewhere (AArch64...) natural alignment gives 16 bytes with data at 8.
 * We only ever use the union's {@code int fd} member, which sits at the union's first byte on
 * either endianness.
 */
final class AeEpoll implements AeApi {
    static final boolean PACKED_EPOLL_EVENT = Platform.isIntel() && Platform.is64Bit();
    static final int EPOLL_EVENT_SIZE = PACKED_EPOLL_EVENT ? 12 : 16;
    static final int EPOLL_EVENT_DATA_OFFSET = PACKED_EPOLL_EVENT ? 4 : 8;
    /** The records are read back as native-order ints: record j is ints [j*INTS, (j+1)*INTS). */
    private static final int INTS_PER_EVENT = EPOLL_EVENT_SIZE / 4;
    private static final int DATA_FD_INT = EPOLL_EVENT_DATA_OFFSET / 4;

    private final int epfd;
    /** state->events: the epoll_wait output array, setsize records. */
    private Memory events;
    private long eventsAddress;
    /** Heap copy of the output array, filled with one native read per poll instead of two per event. */
    private int[] eventsCopy;
    private int maxevents;
    /** The single struct epoll_event handed to epoll_ctl (the C code's stack variable). */
    private final Memory ee = new Memory(16);
    private final long eeAddress = Pointer.nativeValue(ee);

    /** aeApiCreate. */
    AeEpoll(int setsize) {
        allocate(setsize);
        ee.clear();
        epfd = LinuxLibC.epoll_create(1024); /* 1024 is just a hint for the kernel */
        if (epfd == -1) {
            int errno = Native.getLastError();
            events.close();
            ee.close();
            throw new IllegalStateException("aeApiCreate: epoll_create: " + LibC.strerror(errno));
        }
        Anet.cloexec(epfd);
    }

    private void allocate(int setsize) {
        if (events != null) events.close();
        events = new Memory((long) EPOLL_EVENT_SIZE * setsize);
        eventsAddress = Pointer.nativeValue(events);
        eventsCopy = new int[INTS_PER_EVENT * setsize];
        maxevents = setsize;
    }

    @Override
    public int resize(int setsize) {
        allocate(setsize);
        return 0;
    }

    @Override
    public void free() {
        LibC.close(epfd);
        events.close();
        ee.close();
    }

    @Override
    public int addEvent(int fd, int oldMask, int addMask) {
        /* If the fd was already monitored for some event, we need a MOD operation.
         * Otherwise we need an ADD operation. */
        int op = oldMask == AE_NONE ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
        int mask = addMask | oldMask; /* Merge old events */
        setEpollEvent(mask, fd);
        if (LinuxLibC.epoll_ctl(epfd, op, fd, eeAddress) == -1) return -1;
        return 0;
    }

    @Override
    public void delEvent(int fd, int oldMask, int delMask) {
        int mask = oldMask & ~delMask;
        setEpollEvent(mask, fd);
        if (mask != AE_NONE) {
            LinuxLibC.epoll_ctl(epfd, EPOLL_CTL_MOD, fd, eeAddress);
        } else {
            /* Kernels before 2.6.9 require a non-null event pointer even for EPOLL_CTL_DEL. */
            LinuxLibC.epoll_ctl(epfd, EPOLL_CTL_DEL, fd, eeAddress);
        }
    }

    private void setEpollEvent(int mask, int fd) {
        int ev = 0;
        if ((mask & AE_READABLE) != 0) ev |= EPOLLIN;
        if ((mask & AE_WRITABLE) != 0) ev |= EPOLLOUT;
        ee.setInt(0, ev);
        ee.setInt(EPOLL_EVENT_DATA_OFFSET, fd); /* ee.data.fd; the rest of the union stays zero */
    }

    @Override
    public int poll(AeEventLoop eventLoop, long timeoutMicros) {
        int numevents = 0;
        /* The C code rounds the timeval up to whole milliseconds: tv_sec*1000 + (tv_usec+999)/1000. */
        int timeoutMs = timeoutMicros < 0 ? -1
                : (int) Math.min(Integer.MAX_VALUE, (timeoutMicros / 1000000) * 1000 + (timeoutMicros % 1000000 + 999) / 1000);

        int retval = LinuxLibC.epoll_wait(epfd, eventsAddress, maxevents, timeoutMs);
        if (retval > 0) {
            numevents = retval;
            int[] copy = eventsCopy;
            events.read(0, copy, 0, numevents * INTS_PER_EVENT);
            int[] firedFd = eventLoop.firedFd;
            int[] firedMask = eventLoop.firedMask;
            for (int j = 0; j < numevents; j++) {
                int mask = 0;
                int e = copy[j * INTS_PER_EVENT];

                if ((e & EPOLLIN) != 0) mask |= AE_READABLE;
                if ((e & EPOLLOUT) != 0) mask |= AE_WRITABLE;
                if ((e & EPOLLERR) != 0) mask |= AE_WRITABLE | AE_READABLE;
                if ((e & EPOLLHUP) != 0) mask |= AE_WRITABLE | AE_READABLE;
                firedFd[j] = copy[j * INTS_PER_EVENT + DATA_FD_INT];
                firedMask[j] = mask;
            }
        } else if (retval == -1) {
            int errno = Native.getLastError();
            if (errno != LibCConstants.EINTR) {
                throw new IllegalStateException("aeApiPoll: epoll_wait, " + LibC.strerror(errno));
            }
        }
        return numevents;
    }

    @Override
    public String name() {
        return "epoll";
    }
}
