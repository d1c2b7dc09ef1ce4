package io.aeredis.ae;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/** Linux-only libc calls (epoll, pipe2, fixed-argument fcntl). Registered on first use, which only happens on Linux. */
final class LinuxLibC {
    static {
        Native.register(LinuxLibC.class, Platform.C_LIBRARY_NAME);
    }

    private LinuxLibC() {}

    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;

    public static native int epoll_create(int size);
    public static native int epoll_ctl(int epfd, int op, int fd, long event);
    public static native int epoll_wait(int epfd, long events, int maxevents, int timeout);
    public static native int pipe2(long fds, int flags);
    /** See {@link LibC#fcntl}: only declared fixed-argument on Linux, where that is ABI-safe. */
    public static native int fcntl(int fd, int cmd, int arg);
}
