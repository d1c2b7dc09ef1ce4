package io.aeredis.ae;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The process's limit on open file descriptors, {@code getrlimit}/{@code setrlimit} of
 * {@code RLIMIT_NOFILE}: every socket an event loop watches is one. Only the system calls live
 * here; how many descriptors a program asks for, and what it does when it cannot get them, is
 * the caller's policy (Redis's adjustOpenFilesLimit lives in its server, not in ae).
 *
 * <p>{@code rlim_t} is an unsigned 64-bit integer; RLIM_INFINITY is reported as
 * {@link #RLIM_INFINITY} ({@code Long.MAX_VALUE}) on every OS. Not a hot path: each call
 * allocates its small native struct.
 */
public final class OpenFilesLimit {
    /** "No limit", whatever the OS's own encoding of RLIM_INFINITY. */
    public static final long RLIM_INFINITY = Long.MAX_VALUE;

    private static int lastErrno;

    private OpenFilesLimit() {}

    /** getrlimit(RLIMIT_NOFILE): {@code {soft, hard}}, or null on error ({@link #lastErrno()}). */
    public static long[] get() {
        try (Memory rlim = new Memory(LibCConstants.RLIMIT_SIZE)) {
            if (LibC.getrlimit(LibCConstants.RLIMIT_NOFILE, Pointer.nativeValue(rlim)) == -1) {
                lastErrno = Native.getLastError();
                return null;
            }
            return new long[]{fromRlim(rlim.getLong(0)), fromRlim(rlim.getLong(8))};
        }
    }

    /** setrlimit(RLIMIT_NOFILE, {soft, hard}): true on success, else false ({@link #lastErrno()}). */
    public static boolean set(long soft, long hard) {
        try (Memory rlim = new Memory(LibCConstants.RLIMIT_SIZE)) {
            rlim.setLong(0, toRlim(soft));
            rlim.setLong(8, toRlim(hard));
            if (LibC.setrlimit(LibCConstants.RLIMIT_NOFILE, Pointer.nativeValue(rlim)) == -1) {
                lastErrno = Native.getLastError();
                return false;
            }
            return true;
        }
    }

    /** errno of the last failed {@link #get()} or {@link #set}. */
    public static int lastErrno() { return lastErrno; }

    /** strerror(errno), e.g. "Operation not permitted". */
    public static String strerror(int errno) { return LibC.strerror(errno); }

    /** Linux's RLIM_INFINITY is all ones (negative as a Java long); macOS/BSD use 2^63-1 already. */
    private static long fromRlim(long v) { return v < 0 ? RLIM_INFINITY : v; }

    private static long toRlim(long v) { return v == RLIM_INFINITY && LibCConstants.LINUX ? -1L : v; }
}
