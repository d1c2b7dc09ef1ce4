package io.aeredis.ae;

import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The kqueue ABI (from {@code <sys/event.h>}), kept in one place because this code cannot be
 * exercised on Linux: the tests check these numbers and the encoding against an in-memory buffer.
 *
 * <p>{@code struct kevent} on 64-bit macOS (and OpenBSD/DragonFly) is 32 bytes:
 * <pre>
 *   uintptr_t ident   @0  (8)
 *   int16_t   filter  @8  (2)
 *   uint16_t  flags   @10 (2)
 *   uint32_t  fflags  @12 (4)
 *   intptr_t  data    @16 (8)
 *   void     *udata   @24 (8)
 * </pre>
 * FreeBSD 12 and later append {@code uint64_t ext[4]}, making the default {@code kevent}
 * symbol's records 64 bytes with the same first 32 bytes; only the stride differs.
 */
final class KqueueAbi {
    private KqueueAbi() {}

    static final int KEVENT_IDENT_OFFSET = 0;
    static final int KEVENT_FILTER_OFFSET = 8;
    static final int KEVENT_FLAGS_OFFSET = 10;
    static final int KEVENT_FFLAGS_OFFSET = 12;
    static final int KEVENT_DATA_OFFSET = 16;
    static final int KEVENT_UDATA_OFFSET = 24;
    /** sizeof(struct kevent) on macOS/OpenBSD/DragonFly LP64. */
    static final int KEVENT_SIZE_32 = 32;
    /** sizeof(struct kevent) on FreeBSD >= 12 (ext[4] appended). */
    static final int KEVENT_SIZE_FREEBSD = 64;
    static final int KEVENT_SIZE = (Platform.isFreeBSD() || Platform.iskFreeBSD()) ? KEVENT_SIZE_FREEBSD : KEVENT_SIZE_32;

    static final short EVFILT_READ = -1;
    static final short EVFILT_WRITE = -2;
    static final short EV_ADD = 0x0001;
    static final short EV_DELETE = 0x0002;
    static final short EV_ERROR = 0x4000;
    static final short EV_EOF = (short) 0x8000;

    /** struct timespec {time_t tv_sec; long tv_nsec;}: two 8-byte fields. */
    static final int TIMESPEC_SIZE = 16;
    static final int TIMESPEC_SEC_OFFSET = 0;
    static final int TIMESPEC_NSEC_OFFSET = 8;

    /** EV_SET(&kev, ident, filter, flags, fflags, data, udata) on the record at {@code base + offset}. */
    static void evSet(Pointer base, long offset, long ident, short filter, short flags, int fflags, long data, long udata) {
        base.setLong(offset + KEVENT_IDENT_OFFSET, ident);
        base.setShort(offset + KEVENT_FILTER_OFFSET, filter);
        base.setShort(offset + KEVENT_FLAGS_OFFSET, flags);
        base.setInt(offset + KEVENT_FFLAGS_OFFSET, fflags);
        base.setLong(offset + KEVENT_DATA_OFFSET, data);
        base.setLong(offset + KEVENT_UDATA_OFFSET, udata);
    }

    static long ident(Pointer base, long offset) {
        return base.getLong(offset + KEVENT_IDENT_OFFSET);
    }

    static short filter(Pointer base, long offset) {
        return base.getShort(offset + KEVENT_FILTER_OFFSET);
    }

    static short flags(Pointer base, long offset) {
        return base.getShort(offset + KEVENT_FLAGS_OFFSET);
    }

    static int fflags(Pointer base, long offset) {
        return base.getInt(offset + KEVENT_FFLAGS_OFFSET);
    }

    static long data(Pointer base, long offset) {
        return base.getLong(offset + KEVENT_DATA_OFFSET);
    }

    static long udata(Pointer base, long offset) {
        return base.getLong(offset + KEVENT_UDATA_OFFSET);
    }

    /** Fill a struct timespec from microseconds, as ae_kqueue.c converts its timeval. */
    static void setTimespec(Pointer ts, long micros) {
        ts.setLong(TIMESPEC_SEC_OFFSET, micros / 1000000);
        ts.setLong(TIMESPEC_NSEC_OFFSET, (micros % 1000000) * 1000);
    }
}
