package io.aeredis.ae;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

import static io.aeredis.ae.LibCConstants.AF_INET;
import static io.aeredis.ae.LibCConstants.AF_INET6;
import static io.aeredis.ae.LibCConstants.AF_UNIX;
import static io.aeredis.ae.LibCConstants.EAGAIN;
import static io.aeredis.ae.LibCConstants.EINTR;

/**
 * Port of Redis's {@code anet.c}: raw libc socket calls through JNA direct mapping ({@link LibC}).
 * Errors are returned as {@link #ANET_ERR} with a message retrievable from {@link #lastError()}
 * (anet's {@code err} buffer, here per thread, formatted like anet: {@code "bind: Address already
 * in use"}), never thrown.
 *
 * <p>Buffers are native addresses ({@code long}) from {@link #allocate}; read/write pass them
 * straight to the syscall without creating any object.
 */
public final class Anet {
    public static final int ANET_OK = 0;
    public static final int ANET_ERR = -1;
    /** Returned by read/write/accept when the call would block (EAGAIN/EWOULDBLOCK). */
    public static final int ANET_EAGAIN = -2;

    private Anet() {}

    /**
     * Per-thread state: anet's {@code char *err} buffer (kept as errno plus a prefix, formatted only
     * when asked for), the peer of the last accept, and scratch native memory for sockaddrs.
     */
    private static final class State {
        /** Scratch: a sockaddr_storage at 0, a socklen_t at 128, an int option value at 132, inet_ntop output at 136. */
        final Memory scratch = new Memory(LibCConstants.SOCKADDR_STORAGE_SIZE + 8 + LibCConstants.INET6_ADDRSTRLEN + 2);
        final long scratchAddress = Pointer.nativeValue(scratch);
        int errno;
        /** "bind", "accept"...: the text before ": strerror" (null: the message is just strerror). */
        String errPrefix;
        /** A message that is not errno-based; wins over errno when set. */
        String errMessage;
        String acceptedIp = "?";
        int acceptedPort;
    }

    private static final int SA_OFFSET = 0;
    private static final int SALEN_OFFSET = LibCConstants.SOCKADDR_STORAGE_SIZE;
    private static final int OPTVAL_OFFSET = SALEN_OFFSET + 4;
    private static final int NTOP_OFFSET = OPTVAL_OFFSET + 4;

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    /** Memory handed out by {@link #allocate}, kept reachable so JNA never frees it behind our back. */
    private static final Map<Long, Memory> ALLOCATED = new HashMap<>();

    /** A Pointer at address 0: {@code BASE.read(address, ...)} reads at an absolute address without a Pointer per call. */
    private static final Pointer BASE = new Pointer(0);

    /* ---------------------------------------------------------------- errors */

    /** anetSetError(err, "prefix: %s", strerror(errno)). */
    private static void setError(String prefix, int errno) {
        State st = STATE.get();
        st.errno = errno;
        st.errPrefix = prefix;
        st.errMessage = null;
    }

    private static void setErrorMessage(String message) {
        State st = STATE.get();
        st.errno = 0;
        st.errPrefix = null;
        st.errMessage = message;
    }

    /** The message of the last ANET_ERR on this thread, e.g. "bind: Address already in use" (read/write: just the strerror text). */
    public static String lastError() {
        State st = STATE.get();
        if (st.errMessage != null) return st.errMessage;
        String text = LibC.strerror(st.errno);
        return st.errPrefix == null ? text : st.errPrefix + ": " + text;
    }

    /** The errno behind the last ANET_ERR or ANET_EAGAIN on this thread (0 if the error was not an errno). */
    public static int lastErrno() {
        return STATE.get().errno;
    }

    /* ---------------------------------------------------------------- socket options */

    /** anetSetBlock(fd, 1) via anetNonBlock: set O_NONBLOCK. */
    public static int nonBlock(int fd) {
        /* fcntl(2) for F_GETFL and F_SETFL can't be interrupted by a signal. */
        int flags = LibC.fcntl(fd, LibCConstants.F_GETFL, 0);
        if (flags == -1) {
            setError("fcntl(F_GETFL)", Native.getLastError());
            return ANET_ERR;
        }
        flags |= LibCConstants.O_NONBLOCK;
        if (LibC.fcntl(fd, LibCConstants.F_SETFL, flags) == -1) {
            setError("fcntl(F_SETFL,O_NONBLOCK)", Native.getLastError());
            return ANET_ERR;
        }
        return ANET_OK;
    }

    /** anetCloexec: set FD_CLOEXEC. Returns -1 on error (errno-style, like the C function, but also sets lastError). */
    public static int cloexec(int fd) {
        int r;
        do {
            r = LibC.fcntl(fd, LibCConstants.F_GETFD, 0);
        } while (r == -1 && Native.getLastError() == EINTR);
        if (r == -1) {
            setError("fcntl(F_GETFD)", Native.getLastError());
            return r;
        }
        if ((r & LibCConstants.FD_CLOEXEC) != 0) return r;

        int flags = r | LibCConstants.FD_CLOEXEC;
        do {
            r = LibC.fcntl(fd, LibCConstants.F_SETFD, flags);
        } while (r == -1 && Native.getLastError() == EINTR);
        if (r == -1) setError("fcntl(F_SETFD)", Native.getLastError());
        return r;
    }

    /** setsockopt with an int value; -1 with errno on failure. */
    private static int setIntOption(int fd, int level, int option, int value) {
        State st = STATE.get();
        st.scratch.setInt(OPTVAL_OFFSET, value);
        return LibC.setsockopt(fd, level, option, st.scratchAddress + OPTVAL_OFFSET, 4);
    }

    /** Read an int socket option (used by tests to check what the setters did); -1 on error. */
    static int getIntOption(int fd, int level, int option) {
        State st = STATE.get();
        st.scratch.setInt(SALEN_OFFSET, 4);
        if (LibC.getsockopt(fd, level, option, st.scratchAddress + OPTVAL_OFFSET, st.scratchAddress + SALEN_OFFSET) == -1) return -1;
        return st.scratch.getInt(OPTVAL_OFFSET);
    }

    /** anetEnableTcpNoDelay. */
    public static int enableTcpNoDelay(int fd) {
        if (setIntOption(fd, LibCConstants.IPPROTO_TCP, LibCConstants.TCP_NODELAY, 1) == -1) {
            setError("setsockopt TCP_NODELAY", Native.getLastError());
            return ANET_ERR;
        }
        return ANET_OK;
    }

    /**
     * anetKeepAlive: SO_KEEPALIVE, and on Linux first probe after {@code intervalSeconds}, then
     * probes every interval/3 seconds, failing after three.
     */
    public static int keepAlive(int fd, int intervalSeconds) {
        if (setIntOption(fd, LibCConstants.SOL_SOCKET, LibCConstants.SO_KEEPALIVE, 1) == -1) {
            setError("setsockopt SO_KEEPALIVE", Native.getLastError());
            return ANET_ERR;
        }
        if (LibCConstants.LINUX) {
            /* The default keepalive time is 7200 seconds on Linux: make the feature useful. */
            if (setIntOption(fd, LibCConstants.IPPROTO_TCP, LibCConstants.TCP_KEEPIDLE, intervalSeconds) < 0) {
                setError("setsockopt TCP_KEEPIDLE", Native.getLastError());
                return ANET_ERR;
            }
            /* Probes every interval/3 seconds, as three of them are sent before declaring the peer dead. */
            int val = intervalSeconds / 3;
            if (val == 0) val = 1;
            if (setIntOption(fd, LibCConstants.IPPROTO_TCP, LibCConstants.TCP_KEEPINTVL, val) < 0) {
                setError("setsockopt TCP_KEEPINTVL", Native.getLastError());
                return ANET_ERR;
            }
            if (setIntOption(fd, LibCConstants.IPPROTO_TCP, LibCConstants.TCP_KEEPCNT, 3) < 0) {
                setError("setsockopt TCP_KEEPCNT", Native.getLastError());
                return ANET_ERR;
            }
        }
        return ANET_OK;
    }

    /** anetSetReuseAddr: so that restarts and connection-heavy benchmarks can rebind at once. */
    private static int setReuseAddr(int fd) {
        if (setIntOption(fd, LibCConstants.SOL_SOCKET, LibCConstants.SO_REUSEADDR, 1) == -1) {
            setError("setsockopt SO_REUSEADDR", Native.getLastError());
            return ANET_ERR;
        }
        return ANET_OK;
    }

    /** anetV6Only: IPV6_V6ONLY=1, closing the socket on failure. */
    private static int v6Only(int s) {
        if (setIntOption(s, LibCConstants.IPPROTO_IPV6, LibCConstants.IPV6_V6ONLY, 1) == -1) {
            setError("setsockopt", Native.getLastError());
            LibC.close(s);
            return ANET_ERR;
        }
        return ANET_OK;
    }

    /* ---------------------------------------------------------------- servers */

    /** anetTcpServer: bind+listen IPv4 (bindaddr null or "*" = any). Returns the listening fd or ANET_ERR. */
    public static int tcpServer(int port, String bindaddr, int backlog) {
        return tcpServer(port, bindaddr, AF_INET, backlog);
    }

    /** anetTcp6Server: IPv6-only listening socket (bindaddr null, "*" or "::*" = any). */
    public static int tcp6Server(int port, String bindaddr, int backlog) {
        return tcpServer(port, bindaddr, AF_INET6, backlog);
    }

    /** _anetTcpServer, for the single address our resolver returns (getaddrinfo may return several). */
    private static int tcpServer(int port, String bindaddr, int af, int backlog) {
        if ("*".equals(bindaddr)) bindaddr = null;
        if (af == AF_INET6 && "::*".equals(bindaddr)) bindaddr = null;

        try (Memory sa = new Memory(LibCConstants.SOCKADDR_STORAGE_SIZE)) {
            sa.clear();
            int salen = fillSockaddr(sa, af, bindaddr, port);
            if (salen == -1) return ANET_ERR;

            int s = LibC.socket(af, LibCConstants.SOCK_STREAM, 0);
            if (s == -1) {
                /* Like anet when no getaddrinfo result yields a socket. */
                setErrorMessage("unable to bind socket, errno: " + Native.getLastError());
                return ANET_ERR;
            }
            if (af == AF_INET6 && v6Only(s) == ANET_ERR) return ANET_ERR;
            if (setReuseAddr(s) == ANET_ERR) {
                LibC.close(s);
                return ANET_ERR;
            }
            if (listen(s, sa, salen, backlog) == ANET_ERR) return ANET_ERR;
            return s;
        }
    }

    /** anetListen: bind and listen, closing the socket on failure. */
    private static int listen(int s, Memory sa, int salen, int backlog) {
        if (LibC.bind(s, Pointer.nativeValue(sa), salen) == -1) {
            setError("bind", Native.getLastError());
            LibC.close(s);
            return ANET_ERR;
        }
        if (LibC.listen(s, backlog) == -1) {
            setError("listen", Native.getLastError());
            LibC.close(s);
            return ANET_ERR;
        }
        return ANET_OK;
    }

    /**
     * Builds the sockaddr that getaddrinfo(bindaddr, port, {af, AI_PASSIVE}) would return first:
     * the wildcard address for null, a numeric address through inet_pton, "localhost" as the
     * loopback, and other names through the JDK resolver. Returns the sockaddr length or -1.
     */
    private static int fillSockaddr(Memory sa, int af, String bindaddr, int port) {
        int addrOffset = af == AF_INET ? LibCConstants.SIN_ADDR_OFFSET : LibCConstants.SIN6_ADDR_OFFSET;
        int salen = af == AF_INET ? LibCConstants.SOCKADDR_IN_SIZE : LibCConstants.SOCKADDR_IN6_SIZE;
        long addr = Pointer.nativeValue(sa) + addrOffset;

        if (bindaddr != null && LibC.inet_pton(af, bindaddr, addr) != 1) {
            byte[] raw = resolve(af, bindaddr);
            if (raw == null) {
                setErrorMessage(af == AF_INET6 && LibC.inet_pton(AF_INET, bindaddr, addr) == 1
                        ? "Address family for hostname not supported" : "Name or service not known");
                return -1;
            }
            sa.write(addrOffset, raw, 0, raw.length);
        }
        setFamily(sa, af, salen);
        sa.setByte(LibCConstants.SIN_PORT_OFFSET, (byte) (port >>> 8));
        sa.setByte(LibCConstants.SIN_PORT_OFFSET + 1, (byte) port);
        return salen;
    }

    private static byte[] resolve(int af, String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return af == AF_INET ? new byte[] {127, 0, 0, 1} : new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (af == AF_INET && a instanceof Inet4Address) return a.getAddress();
                if (af == AF_INET6 && a instanceof Inet6Address) return a.getAddress();
            }
        } catch (UnknownHostException | SecurityException e) {
            /* fall through: not resolvable */
        }
        return null;
    }

    /** Linux: uint16 sa_family at 0. BSD: uint8 sin_len at 0, uint8 sin_family at 1. */
    private static void setFamily(Pointer sa, int af, int salen) {
        if (LibCConstants.LINUX) {
            sa.setShort(0, (short) af);
        } else {
            sa.setByte(0, (byte) salen);
            sa.setByte(1, (byte) af);
        }
    }

    private static int getFamily(Pointer sa, long offset) {
        return LibCConstants.LINUX ? sa.getShort(offset) & 0xffff : sa.getByte(offset + 1) & 0xff;
    }

    /* ---------------------------------------------------------------- accept and names */

    /**
     * anetTcpAccept: returns the new fd, ANET_EAGAIN if none is pending on a non-blocking
     * listener, or ANET_ERR. The peer is then available from {@link #lastAcceptedPeer()},
     * {@link #lastAcceptedIp()} and {@link #lastAcceptedPort()}. Like Redis 7.0's anet (accept,
     * not accept4), the new fd is blocking and not close-on-exec: callers make it non-blocking.
     */
    public static int tcpAccept(int serverFd) {
        State st = STATE.get();
        long base = st.scratchAddress;
        int fd;
        for (;;) {
            st.scratch.setInt(SALEN_OFFSET, LibCConstants.SOCKADDR_STORAGE_SIZE);
            fd = LibC.accept(serverFd, base + SA_OFFSET, base + SALEN_OFFSET);
            if (fd != -1) break;
            int errno = Native.getLastError();
            if (errno == EINTR) continue;
            setError("accept", errno);
            return errno == EAGAIN ? ANET_EAGAIN : ANET_ERR;
        }
        decodeSockaddr(st);
        return fd;
    }

    /** Reads ip and port of the sockaddr in the scratch area into acceptedIp/acceptedPort. Returns false for unknown families. */
    private static boolean decodeSockaddr(State st) {
        Memory m = st.scratch;
        long base = st.scratchAddress;
        int family = getFamily(m, SA_OFFSET);
        int addrOffset;
        if (family == AF_INET) {
            addrOffset = LibCConstants.SIN_ADDR_OFFSET;
        } else if (family == AF_INET6) {
            addrOffset = LibCConstants.SIN6_ADDR_OFFSET;
        } else if (family == AF_UNIX) {
            st.acceptedIp = "/unixsocket";
            st.acceptedPort = 0;
            return true;
        } else {
            return false;
        }
        if (LibC.inet_ntop(family, base + SA_OFFSET + addrOffset, base + NTOP_OFFSET, LibCConstants.INET6_ADDRSTRLEN) == 0) {
            st.acceptedIp = "?";
        } else {
            st.acceptedIp = m.getString(NTOP_OFFSET, "US-ASCII");
        }
        st.acceptedPort = ((m.getByte(SA_OFFSET + LibCConstants.SIN_PORT_OFFSET) & 0xff) << 8)
                | (m.getByte(SA_OFFSET + LibCConstants.SIN_PORT_OFFSET + 1) & 0xff);
        return true;
    }

    /**
     * "ip:port" of the peer of the last successful tcpAccept on this thread, as Redis logs it
     * ("Accepted %s:%d"): IPv6 without brackets, e.g. "::1:43210". CLIENT LIST's addr field
     * uses anetFormatAddr instead, i.e. {@code formatAddr(lastAcceptedIp(), lastAcceptedPort())}.
     */
    public static String lastAcceptedPeer() {
        State st = STATE.get();
        return st.acceptedIp + ":" + st.acceptedPort;
    }

    /** The IP text (inet_ntop) of the peer of the last successful tcpAccept on this thread. */
    public static String lastAcceptedIp() {
        return STATE.get().acceptedIp;
    }

    /** The port of the peer of the last successful tcpAccept on this thread. */
    public static int lastAcceptedPort() {
        return STATE.get().acceptedPort;
    }

    /**
     * anetFormatAddr: "ip:port", with the IP in brackets when it is IPv6 ("[::1]:6379"), the
     * form Redis 7.0 uses in CLIENT LIST (addr=, laddr=).
     */
    public static String formatAddr(String ip, int port) {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    /** "ip:port" of the local end, as anetFormatFdAddr(FD_TO_SOCK_NAME) (CLIENT LIST laddr); "?:0" on error. */
    public static String sockName(int fd) {
        return fdToString(fd, false);
    }

    /** "ip:port" of the remote end, as anetFormatFdAddr(FD_TO_PEER_NAME) (CLIENT LIST addr); "?:0" on error. */
    public static String peerName(int fd) {
        return fdToString(fd, true);
    }

    /** anetFdToString + anetFormatAddr. */
    private static String fdToString(int fd, boolean peer) {
        State st = STATE.get();
        long base = st.scratchAddress;
        String savedIp = st.acceptedIp;
        int savedPort = st.acceptedPort;
        try {
            st.scratch.setInt(SALEN_OFFSET, LibCConstants.SOCKADDR_STORAGE_SIZE);
            int r = peer ? LibC.getpeername(fd, base + SA_OFFSET, base + SALEN_OFFSET)
                    : LibC.getsockname(fd, base + SA_OFFSET, base + SALEN_OFFSET);
            if (r == -1 || !decodeSockaddr(st)) return "?:0";
            return formatAddr(st.acceptedIp, st.acceptedPort);
        } finally {
            st.acceptedIp = savedIp;
            st.acceptedPort = savedPort;
        }
    }

    /** The port a bound socket actually got (for port 0); ANET_ERR on failure. */
    public static int boundPort(int fd) {
        State st = STATE.get();
        long base = st.scratchAddress;
        st.scratch.setInt(SALEN_OFFSET, LibCConstants.SOCKADDR_STORAGE_SIZE);
        if (LibC.getsockname(fd, base + SA_OFFSET, base + SALEN_OFFSET) == -1) {
            setError("getsockname", Native.getLastError());
            return ANET_ERR;
        }
        return ((st.scratch.getByte(SA_OFFSET + LibCConstants.SIN_PORT_OFFSET) & 0xff) << 8)
                | (st.scratch.getByte(SA_OFFSET + LibCConstants.SIN_PORT_OFFSET + 1) & 0xff);
    }

    /* ---------------------------------------------------------------- I/O */

    /**
     * read(2) into native memory at {@code address}: bytes read, 0 on EOF, ANET_EAGAIN, or
     * ANET_ERR (message: the strerror text, as connGetLastError gives). EINTR is retried.
     */
    public static long read(int fd, long address, long count) {
        for (;;) {
            long n = LibC.read(fd, address, count);
            if (n >= 0) return n;
            int errno = Native.getLastError();
            if (errno == EINTR) continue;
            setError(null, errno);
            return errno == EAGAIN ? ANET_EAGAIN : ANET_ERR;
        }
    }

    /** write(2) from native memory: bytes written, ANET_EAGAIN, or ANET_ERR. EINTR is retried. */
    public static long write(int fd, long address, long count) {
        for (;;) {
            long n = LibC.write(fd, address, count);
            if (n >= 0) return n;
            int errno = Native.getLastError();
            if (errno == EINTR) continue;
            setError(null, errno);
            return errno == EAGAIN ? ANET_EAGAIN : ANET_ERR;
        }
    }

    /** close(2): ANET_OK or ANET_ERR. Not retried on EINTR (on Linux the fd is gone anyway). */
    public static int close(int fd) {
        if (LibC.close(fd) == -1) {
            setError("close", Native.getLastError());
            return ANET_ERR;
        }
        return ANET_OK;
    }

    /**
     * anetPipe with both ends non-blocking and close-on-exec: returns {readFd, writeFd}, or null
     * on failure (see {@link #lastError()}). Used for wake-ups and tests.
     */
    public static int[] pipe() {
        try (Memory fds = new Memory(8)) {
            long address = Pointer.nativeValue(fds);
            if (LibCConstants.LINUX) {
                /* pipe2 sets both flags atomically. */
                if (LinuxLibC.pipe2(address, LibCConstants.O_NONBLOCK | LibCConstants.O_CLOEXEC) == -1) {
                    setError("pipe2", Native.getLastError());
                    return null;
                }
            } else if (LibC.pipe(address) == -1) {
                setError("pipe", Native.getLastError());
                return null;
            }
            int[] result = {fds.getInt(0), fds.getInt(4)};
            if (!LibCConstants.LINUX) {
                for (int fd : result) {
                    if (cloexec(fd) == -1 || nonBlock(fd) != ANET_OK) {
                        LibC.close(result[0]);
                        LibC.close(result[1]);
                        return null;
                    }
                }
            }
            return result;
        }
    }

    /* ---------------------------------------------------------------- native memory */

    /**
     * Allocate {@code size} bytes of zeroed native memory that lives as long as the process (or
     * until {@link #free}); returns its address.
     */
    public static long allocate(long size) {
        Memory m = new Memory(size);
        m.clear();
        long address = Pointer.nativeValue(m);
        synchronized (ALLOCATED) {
            ALLOCATED.put(address, m);
        }
        return address;
    }

    /** Release memory from {@link #allocate}; unknown addresses are ignored. */
    public static void free(long address) {
        Memory m;
        synchronized (ALLOCATED) {
            m = ALLOCATED.remove(address);
        }
        if (m != null) m.close();
    }

    /** Copy {@code len} bytes from native {@code address} into {@code dst[off..]}. */
    public static void copyToHeap(long address, byte[] dst, int off, int len) {
        BASE.read(address, dst, off, len);
    }

    /**
     * The native address of a direct ByteBuffer, to pass to {@link #read} and {@link #write}.
     * Staging buffers made this way are copied to and from heap arrays with
     * {@code ByteBuffer.get/put}, which the JIT compiles to a plain memory copy, where
     * {@link #copyToHeap}/{@link #copyToNative} cost a JNI transition each.
     */
    public static long address(java.nio.ByteBuffer direct) {
        if (!direct.isDirect()) throw new IllegalArgumentException("not a direct ByteBuffer");
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    /** Copy {@code len} bytes from {@code src[off..]} to native {@code address}. */
    public static void copyToNative(byte[] src, int off, long address, int len) {
        BASE.write(address, src, off, len);
    }
}
