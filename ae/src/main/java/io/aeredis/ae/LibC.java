package io.aeredis.ae;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The POSIX libc calls used by {@link Anet} and the ae backends, bound with JNA direct mapping
 * ({@link Native#register}): each call is a plain JNI-speed native call with primitive arguments,
 * no reflection, no argument objects.
 *
 * <p>Every C pointer parameter is declared as a Java {@code long} holding a native address (from
 * {@link com.sun.jna.Pointer#nativeValue} or {@link Anet#allocate}). This only works on LP64
 * ABIs (x86-64, AArch64), where a 64-bit integer argument travels in the same register or stack
 * slot as a pointer; it lets the hot path (read/write/epoll_wait) pass buffers without creating a
 * {@code Pointer} per call. The static initializer refuses 32-bit JVMs for that reason. Likewise
 * {@code size_t}/{@code ssize_t} are Java {@code long} and {@code socklen_t} is {@code int}.
 *
 * <p>errno is read with {@link Native#getLastError()} after a call returns -1 (JNA saves it right
 * after each native call). No method declares {@code LastErrorException}: that would allocate an
 * exception on every EAGAIN.
 *
 * <p>Only calls present on every supported OS are here; Linux-only and BSD-only ones live in
 * {@link LinuxLibC} and {@link BsdLibC}, which are registered only on their OS.
 */
final class LibC {
    static {
        if (Native.POINTER_SIZE != 8 || Native.LONG_SIZE != 8) {
            throw new ExceptionInInitializerError("io.aeredis.ae passes pointers as Java longs and needs an LP64 platform");
        }
        Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    private LibC() {}

    public static native int socket(int domain, int type, int protocol);
    public static native int setsockopt(int fd, int level, int optname, long optval, int optlen);
    public static native int getsockopt(int fd, int level, int optname, long optval, long optlenPtr);
    public static native int bind(int fd, long addr, int addrlen);
    public static native int listen(int fd, int backlog);
    public static native int accept(int fd, long addr, long addrlenPtr);
    public static native int getsockname(int fd, long addr, long addrlenPtr);
    public static native int getpeername(int fd, long addr, long addrlenPtr);

    public static native long read(int fd, long buf, long count);
    public static native long write(int fd, long buf, long count);
    public static native int close(int fd);
    public static native int pipe(long fds);

    public static native int select(int nfds, long readfds, long writefds, long exceptfds, long timeout);

    /** getrlimit(2) / setrlimit(2): {@code rlim} points to a struct rlimit (two 64-bit rlim_t). */
    public static native int getrlimit(int resource, long rlim);
    public static native int setrlimit(int resource, long rlim);

    public static native int inet_pton(int af, String src, long dst);
    public static native long inet_ntop(int af, long src, long dst, int size);
    public static native String strerror(int errnum);

    /**
     * fcntl(2) with an int third argument. fcntl is variadic: on Linux (x86-64, AArch64) a
     * variadic int travels exactly like a fixed one, so the direct-mapped declaration is safe; on
     * Apple AArch64 variadic arguments go on the stack, so the BSD path uses JNA's varargs-aware
     * interface mapping instead (not a hot path: it runs once per socket).
     */
    static int fcntl(int fd, int cmd, int arg) {
        return LibCConstants.LINUX ? LinuxLibC.fcntl(fd, cmd, arg) : BsdLibC.Variadic.INSTANCE.fcntl(fd, cmd, arg);
    }
}
