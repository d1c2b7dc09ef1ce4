package io.aeredis.ae;

import com.sun.jna.Platform;

/**
 * The numeric values of the libc constants and struct layouts that anet.c and the ae backends get
 * from system headers. Java has no headers, so they live here, chosen once from {@link Platform}.
 *
 * <p>Linux values are those of the "generic" Linux ABI used by x86, x86-64, ARM, AArch64 and
 * RISC-V (MIPS, SPARC and Alpha renumber several of them and are not supported). "BSD" means
 * macOS and the BSDs, which share the 4.4BSD numbering for everything used here except AF_INET6.
 */
final class LibCConstants {
    private LibCConstants() {}

    static final boolean LINUX = Platform.isLinux() || Platform.isAndroid();
    static final boolean BSD = Platform.isMac() || Platform.isFreeBSD() || Platform.iskFreeBSD()
            || Platform.isOpenBSD() || Platform.isNetBSD() || Platform.isDragonFlyBSD();

    /* errno */
    static final int EINTR = 4;
    /** EWOULDBLOCK has the same value as EAGAIN on both families. */
    static final int EAGAIN = LINUX ? 11 : 35;

    /* <sys/socket.h>, <netinet/in.h>, <netinet/tcp.h> */
    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    static final int AF_INET6 = LINUX ? 10
            : Platform.isMac() ? 30
            : (Platform.isFreeBSD() || Platform.iskFreeBSD() || Platform.isDragonFlyBSD()) ? 28
            : 24; /* OpenBSD, NetBSD */
    static final int SOCK_STREAM = 1;
    static final int SOL_SOCKET = LINUX ? 1 : 0xffff;
    static final int SO_REUSEADDR = LINUX ? 2 : 4;
    static final int SO_KEEPALIVE = LINUX ? 9 : 8;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = LINUX ? 26 : 27;
    static final int TCP_NODELAY = 1;
    /* Linux only: anetKeepAlive sets these under #ifdef __linux__. */
    static final int TCP_KEEPIDLE = 4;
    static final int TCP_KEEPINTVL = 5;
    static final int TCP_KEEPCNT = 6;

    /* <fcntl.h> */
    static final int F_GETFD = 1;
    static final int F_SETFD = 2;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int FD_CLOEXEC = 1;
    static final int O_NONBLOCK = LINUX ? 04000 : 4;
    /** Linux only (pipe2 and epoll_create1 flags). */
    static final int O_CLOEXEC = 02000000;

    /*
     * struct sockaddr_in / sockaddr_in6. Linux starts with a 16-bit sa_family; BSD with an 8-bit
     * sin_len followed by an 8-bit sin_family. Port and addresses sit at the same offsets on both.
     */
    static final int SOCKADDR_IN_SIZE = 16;
    static final int SOCKADDR_IN6_SIZE = 28;
    static final int SOCKADDR_STORAGE_SIZE = 128;
    static final int SIN_PORT_OFFSET = 2;
    static final int SIN_ADDR_OFFSET = 4;
    static final int SIN6_ADDR_OFFSET = 8;
    /** INET6_ADDRSTRLEN: room for any inet_ntop result. */
    static final int INET6_ADDRSTRLEN = 46;

    /* struct timeval / timespec on LP64: two 8-byte fields (macOS pads its 32-bit tv_usec to 8). */
    static final int TIMEVAL_SIZE = 16;

    /** getrlimit/setrlimit: the open-files resource, and struct rlimit (rlim_cur, rlim_max: two 64-bit rlim_t). */
    static final int RLIMIT_NOFILE = LINUX ? 7 : 8;
    static final int RLIMIT_SIZE = 16;
}
