package io.aeredis.ae;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * macOS/BSD-only libc calls: kqueue and kevent (direct mapping), plus fcntl through a
 * varargs-aware interface mapping. Loaded on first use, which only happens on those systems.
 */
final class BsdLibC {
    static {
        Native.register(BsdLibC.class, Platform.C_LIBRARY_NAME);
    }

    private BsdLibC() {}

    public static native int kqueue();
    public static native int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout);

    /** fcntl is variadic; Apple AArch64 passes variadic arguments differently from fixed ones. */
    interface Variadic extends Library {
        Variadic INSTANCE = Native.load(Platform.C_LIBRARY_NAME, Variadic.class);

        int fcntl(int fd, int cmd, Object... args);
    }
}
