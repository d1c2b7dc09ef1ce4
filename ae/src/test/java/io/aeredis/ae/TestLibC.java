package io.aeredis.ae;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/** libc calls only the tests need. */
final class TestLibC {
    static {
        Native.register(TestLibC.class, Platform.C_LIBRARY_NAME);
    }

    private TestLibC() {}

    public static native int socketpair(int domain, int type, int protocol, int[] sv);
    public static native int dup2(int oldfd, int newfd);
}
