package io.aeredis.ae;

import java.util.Arrays;

/**
 * Port of Redis 7.0's {@code ae.c}, the single-threaded event loop: file events (readiness of raw
 * file descriptors, through epoll, kqueue or select) and time events, dispatched on the thread
 * that calls {@link #main()} or {@link #processEvents(int)}. Nothing here is thread-safe except
 * {@link #stop()}.
 *
 * <p>Correspondence with the C API, so the two files can be read side by side:
 * <pre>
 *   aeCreateEventLoop(setsize)      create(setsize) / create(setsize, backendName)
 *   aeDeleteEventLoop               delete()
 *   aeStop / aeMain                 stop() / main()
 *   aeGetSetSize / aeResizeSetSize  getSetSize() / resizeSetSize(setsize)
 *   aeSetDontWait                   setDontWait(noWait)
 *   aeCreateFileEvent               createFileEvent(fd, mask, proc, clientData)
 *   aeDeleteFileEvent               deleteFileEvent(fd, mask)
 *   aeGetFileEvents                 getFileEvents(fd)
 *   aeGetFileClientData             getClientData(fd)
 *   aeCreateTimeEvent               createTimeEvent(ms, proc, clientData, finalizer)
 *   aeDeleteTimeEvent               deleteTimeEvent(id)
 *   aeProcessEvents                 processEvents(flags)
 *   aeGetApiName                    getApiName()
 *   aeSetBeforeSleepProc / After    setBeforeSleepProc / setAfterSleepProc
 *   aeApi* (ae_epoll.c etc.)        the package-private {@link AeApi} implementations
 * </pre>
 *
 * <p>Differences forced by Java: procs are objects, so the "same proc registered for read and
 * write" test of aeProcessEvents is reference identity; register one instance (a field, not a
 * fresh {@code this::method} each time) when it should be called once per readiness. The fired
 * array is two parallel int arrays to avoid a per-slot object. Creation failures throw
 * {@link IllegalStateException} where aeCreateEventLoop returns NULL.
 */
public final class AeEventLoop {
    public static final int AE_OK = 0;
    public static final int AE_ERR = -1;

    public static final int AE_NONE = 0;
    public static final int AE_READABLE = 1;
    public static final int AE_WRITABLE = 2;
    public static final int AE_BARRIER = 4;

    public static final int AE_FILE_EVENTS = 1;
    public static final int AE_TIME_EVENTS = 2;
    public static final int AE_ALL_EVENTS = AE_FILE_EVENTS | AE_TIME_EVENTS;
    public static final int AE_DONT_WAIT = 4;
    public static final int AE_CALL_BEFORE_SLEEP = 8;
    public static final int AE_CALL_AFTER_SLEEP = 16;

    public static final long AE_NOMORE = -1;
    public static final long AE_DELETED_EVENT_ID = -1;

    /** A slot standing for fds beyond a set size that a callback shrank below them (C would read freed memory). */
    private static final AeFileEvent NO_EVENT = new AeFileEvent();

    /** Highest file descriptor currently registered, -1 if none. */
    int maxfd;
    /** Max number of file descriptors tracked. */
    int setsize;
    long timeEventNextId;
    /** Registered events, indexed by fd. */
    AeFileEvent[] events;
    /** Fired events (aeFiredEvent fired[]): fd and mask at the same index. Filled by {@link AeApi#poll}. */
    int[] firedFd;
    int[] firedMask;
    AeTimeEvent timeEventHead;
    /** Volatile so that another thread may stop the loop; the loop thread only pays a plain load. */
    volatile boolean stop;
    /** The backend's state (ae.c's apidata). */
    AeApi apidata;
    AeBeforeSleepProc beforesleep;
    AeBeforeSleepProc aftersleep;
    int flags;

    private AeEventLoop(int setsize) {
        this.events = new AeFileEvent[setsize];
        /* Events with mask == AE_NONE are not set: every slot starts that way. */
        for (int i = 0; i < setsize; i++) events[i] = new AeFileEvent();
        this.firedFd = new int[setsize];
        this.firedMask = new int[setsize];
        this.setsize = setsize;
        this.timeEventHead = null;
        this.timeEventNextId = 0;
        this.stop = false;
        this.maxfd = -1;
        this.flags = 0;
    }

    /** aeCreateEventLoop with the best backend for this OS: epoll on Linux, kqueue on macOS/FreeBSD, else select. */
    public static AeEventLoop create(int setsize) {
        String name = LibCConstants.LINUX ? "epoll" : AeKqueue.SUPPORTED ? "kqueue" : "select";
        return create(setsize, name);
    }

    /**
     * aeCreateEventLoop with a named backend: "epoll", "kqueue" or "select".
     *
     * @throws IllegalArgumentException if the name is unknown or that backend does not exist on this OS
     * @throws IllegalStateException if the kernel refuses to create it (aeApiCreate returning -1)
     */
    public static AeEventLoop create(int setsize, String backend) {
        if (setsize < 1) throw new IllegalArgumentException("setsize must be positive: " + setsize);
        if (backend == null) throw new IllegalArgumentException("backend name is null");
        AeEventLoop eventLoop;
        switch (backend) {
            case "epoll":
                if (!LibCConstants.LINUX) {
                    throw new IllegalArgumentException("ae backend 'epoll' is only available on Linux, not on " + System.getProperty("os.name"));
                }
                eventLoop = new AeEventLoop(setsize);
                eventLoop.apidata = new AeEpoll(setsize);
                break;
            case "kqueue":
                if (!AeKqueue.SUPPORTED) {
                    throw new IllegalArgumentException("ae backend 'kqueue' is only available on macOS and FreeBSD, not on " + System.getProperty("os.name"));
                }
                eventLoop = new AeEventLoop(setsize);
                eventLoop.apidata = new AeKqueue(setsize);
                break;
            case "select":
                if (!LibCConstants.LINUX && !LibCConstants.BSD) {
                    throw new IllegalArgumentException("ae backend 'select' is only available on Linux, macOS and the BSDs, not on " + System.getProperty("os.name"));
                }
                eventLoop = new AeEventLoop(setsize);
                eventLoop.apidata = new AeSelect();
                break;
            default:
                throw new IllegalArgumentException("unknown ae backend '" + backend + "' (expected epoll, kqueue or select)");
        }
        return eventLoop;
    }

    /** aeDeleteEventLoop: frees the backend; time events are dropped without calling their finalizers, as in C. */
    public void delete() {
        apidata.free();
        timeEventHead = null;
    }

    /**
     * aeStop: {@link #main()} returns after the current iteration. Callable from any thread (a
     * loop blocked in the poll only notices once something wakes it). As in aeMain, main()
     * clears the flag on entry, so a stop() before main() starts is forgotten.
     */
    public void stop() {
        stop = true;
    }

    /** aeGetSetSize. */
    public int getSetSize() {
        return setsize;
    }

    /**
     * aeResizeSetSize: AE_ERR if an fd at or above the new size is registered, or if the backend
     * cannot grow (select stops below FD_SETSIZE).
     */
    public int resizeSetSize(int setsize) {
        if (setsize == this.setsize) return AE_OK;
        if (maxfd >= setsize) return AE_ERR;
        if (setsize < 1) return AE_ERR;
        if (apidata.resize(setsize) == -1) return AE_ERR;

        AeFileEvent[] resized = Arrays.copyOf(events, setsize);
        /* Make sure that if we created new slots, they are initialized with an AE_NONE mask. */
        for (int i = this.setsize; i < setsize; i++) resized[i] = new AeFileEvent();
        events = resized;
        firedFd = Arrays.copyOf(firedFd, setsize);
        firedMask = Arrays.copyOf(firedMask, setsize);
        this.setsize = setsize;
        return AE_OK;
    }

    /** aeSetDontWait: make every processEvents poll without blocking, whatever its flags. */
    public void setDontWait(boolean noWait) {
        if (noWait) flags |= AE_DONT_WAIT;
        else flags &= ~AE_DONT_WAIT;
    }

    /**
     * aeCreateFileEvent: call {@code proc} whenever {@code fd} is ready for the events in
     * {@code mask} (AE_READABLE, AE_WRITABLE, optionally AE_BARRIER). {@code clientData}
     * replaces the fd's previous client data. AE_ERR if {@code fd >= setsize} or the backend refuses.
     */
    public int createFileEvent(int fd, int mask, AeFileProc proc, Object clientData) {
        if (fd < 0 || fd >= setsize) return AE_ERR;
        AeFileEvent fe = events[fd];

        if (apidata.addEvent(fd, fe.mask, mask) == -1) return AE_ERR;
        fe.mask |= mask;
        if ((mask & AE_READABLE) != 0) fe.rfileProc = proc;
        if ((mask & AE_WRITABLE) != 0) fe.wfileProc = proc;
        fe.clientData = clientData;
        if (fd > maxfd) maxfd = fd;
        return AE_OK;
    }

    /** aeDeleteFileEvent: stop watching {@code fd} for {@code mask}; removing AE_WRITABLE also removes AE_BARRIER. */
    public void deleteFileEvent(int fd, int mask) {
        if (fd < 0 || fd >= setsize) return;
        AeFileEvent fe = events[fd];
        if (fe.mask == AE_NONE) return;

        /* We want to always remove AE_BARRIER if set when AE_WRITABLE is removed. */
        if ((mask & AE_WRITABLE) != 0) mask |= AE_BARRIER;

        apidata.delEvent(fd, fe.mask, mask);
        fe.mask = fe.mask & ~mask;
        // Unlike ae.c, drop the references too: a freed client must not stay reachable from
        // its old fd's slot until the fd is reused (10,000 closed connections would keep
        // 10,000 dead clients on the heap).
        if ((fe.mask & AE_READABLE) == 0) fe.rfileProc = null;
        if ((fe.mask & AE_WRITABLE) == 0) fe.wfileProc = null;
        if (fe.mask == AE_NONE) fe.clientData = null;
        if (fd == maxfd && fe.mask == AE_NONE) {
            /* Update the max fd */
            int j;
            for (j = maxfd - 1; j >= 0; j--) {
                if (events[j].mask != AE_NONE) break;
            }
            maxfd = j;
        }
    }

    /** aeGetFileEvents: the mask registered for {@code fd} (0 if none or out of range). */
    public int getFileEvents(int fd) {
        if (fd < 0 || fd >= setsize) return 0;
        return events[fd].mask;
    }

    /** aeGetFileClientData: the client data of {@code fd}, null if the fd has no event. */
    public Object getClientData(int fd) {
        if (fd < 0 || fd >= setsize) return null;
        AeFileEvent fe = events[fd];
        if (fe.mask == AE_NONE) return null;
        return fe.clientData;
    }

    /** The highest registered fd, -1 if none (eventLoop->maxfd). */
    int maxfd() {
        return maxfd;
    }

    /** getMonotonicUs: microseconds of a monotonic clock. */
    static long getMonotonicUs() {
        return System.nanoTime() / 1000;
    }

    /**
     * aeCreateTimeEvent: call {@code proc} in {@code milliseconds}; it returns the next delay in
     * milliseconds or AE_NOMORE. {@code finalizerProc} (nullable) runs when the event is freed.
     * Returns the event id.
     */
    public long createTimeEvent(long milliseconds, AeTimeProc proc, Object clientData, AeEventFinalizerProc finalizerProc) {
        long id = timeEventNextId++;
        AeTimeEvent te = new AeTimeEvent();
        te.id = id;
        te.when = getMonotonicUs() + milliseconds * 1000;
        te.timeProc = proc;
        te.finalizerProc = finalizerProc;
        te.clientData = clientData;
        te.prev = null;
        te.next = timeEventHead;
        te.refcount = 0;
        if (te.next != null) te.next.prev = te;
        timeEventHead = te;
        return id;
    }

    /** aeDeleteTimeEvent: mark the event deleted (freed on the next time event pass); AE_ERR if no such id. */
    public int deleteTimeEvent(long id) {
        AeTimeEvent te = timeEventHead;
        while (te != null) {
            if (te.id == id) {
                te.id = AE_DELETED_EVENT_ID;
                return AE_OK;
            }
            te = te.next;
        }
        return AE_ERR; /* NO event with the specified ID found */
    }

    /**
     * usUntilEarliestTimer: microseconds until the first timer fires, 0 if one is already due,
     * -1 if there are no timers. The list is unsorted, so this is O(N), as in C.
     */
    long usUntilEarliestTimer() {
        AeTimeEvent te = timeEventHead;
        if (te == null) return -1;

        AeTimeEvent earliest = null;
        while (te != null) {
            if (earliest == null || te.when < earliest.when) earliest = te;
            te = te.next;
        }

        long now = getMonotonicUs();
        return (now >= earliest.when) ? 0 : earliest.when - now;
    }

    /** processTimeEvents: run the due time events and free the deleted ones; returns how many ran. */
    private int processTimeEvents() {
        int processed = 0;
        AeTimeEvent te = timeEventHead;
        long maxId = timeEventNextId - 1;
        long now = getMonotonicUs();
        while (te != null) {
            /* Remove events scheduled for deletion. */
            if (te.id == AE_DELETED_EVENT_ID) {
                AeTimeEvent next = te.next;
                /* If a reference exists for this timer event, don't free it: its proc is
                 * running further up the stack (a recursive processEvents call). */
                if (te.refcount != 0) {
                    te = next;
                    continue;
                }
                if (te.prev != null) te.prev.next = te.next;
                else timeEventHead = te.next;
                if (te.next != null) te.next.prev = te.prev;
                if (te.finalizerProc != null) {
                    te.finalizerProc.finalize(this, te.clientData);
                    now = getMonotonicUs();
                }
                te = next;
                continue;
            }

            /* Don't process time events created by time events in this iteration (they are
             * added at the head, so this is defensive, as the C comment says). */
            if (te.id > maxId) {
                te = te.next;
                continue;
            }

            if (te.when <= now) {
                long id = te.id;
                te.refcount++;
                long retval = te.timeProc.process(this, id, te.clientData);
                te.refcount--;
                processed++;
                now = getMonotonicUs();
                if (retval != AE_NOMORE) {
                    te.when = now + retval * 1000;
                } else {
                    te.id = AE_DELETED_EVENT_ID;
                }
            }
            te = te.next;
        }
        return processed;
    }

    /**
     * aeProcessEvents: process every pending time event, then every pending file event (that may
     * be registered by time event callbacks just processed). Without special flags it sleeps
     * until some file event fires or the next time event is due.
     *
     * <ul>
     * <li>flags 0: nothing is done, returns 0;</li>
     * <li>AE_FILE_EVENTS / AE_TIME_EVENTS / AE_ALL_EVENTS: which kinds to process;</li>
     * <li>AE_DONT_WAIT: return as soon as everything ready without waiting is processed;</li>
     * <li>AE_CALL_BEFORE_SLEEP / AE_CALL_AFTER_SLEEP: call the beforesleep / aftersleep hook.</li>
     * </ul>
     *
     * @return the number of file and time events processed
     */
    public int processEvents(int flags) {
        int processed = 0, numevents;

        /* Nothing to do? return ASAP */
        if ((flags & AE_TIME_EVENTS) == 0 && (flags & AE_FILE_EVENTS) == 0) return 0;

        /* Note that we want to poll even if there are no file events to process as long as we
         * want to process time events, in order to sleep until the next time event is ready. */
        if (maxfd != -1 || ((flags & AE_TIME_EVENTS) != 0 && (flags & AE_DONT_WAIT) == 0)) {
            long timeoutMicros = -1; /* -1 means infinite wait. */

            if (beforesleep != null && (flags & AE_CALL_BEFORE_SLEEP) != 0) beforesleep.process(this);

            /* this.flags may be changed inside beforesleep, so check it after the call. The
             * flags parameter still has the highest priority: AE_DONT_WAIT there always wins. */
            if ((flags & AE_DONT_WAIT) != 0 || (this.flags & AE_DONT_WAIT) != 0) {
                timeoutMicros = 0;
            } else if ((flags & AE_TIME_EVENTS) != 0) {
                long usUntilTimer = usUntilEarliestTimer();
                if (usUntilTimer >= 0) timeoutMicros = usUntilTimer;
            }

            /* Call the multiplexing API, will return only on timeout or when some event fires. */
            numevents = apidata.poll(this, timeoutMicros);

            /* Don't process file events if not requested. */
            if ((flags & AE_FILE_EVENTS) == 0) numevents = 0;

            /* After sleep callback. */
            if (aftersleep != null && (flags & AE_CALL_AFTER_SLEEP) != 0) aftersleep.process(this);

            for (int j = 0; j < numevents; j++) {
                int fd = firedFd[j];
                int mask = firedMask[j];
                AeFileEvent fe = slot(fd);
                int fired = 0; /* Number of events fired for current fd. */

                /* Normally we execute the readable event first, and the writable event later.
                 * This is useful as sometimes we may be able to serve the reply of a query
                 * immediately after processing the query.
                 *
                 * However if AE_BARRIER is set in the mask, our application is asking us to do
                 * the reverse: never fire the writable event after the readable. In such a case,
                 * we invert the calls. This is useful when, for instance, we want to do things
                 * in the beforeSleep() hook, like fsyncing a file to disk, before replying to a
                 * client. */
                boolean invert = (fe.mask & AE_BARRIER) != 0;

                /* Note the "fe.mask & mask & ..." code: maybe an already processed event
                 * removed an element that fired and we still didn't process, so we check if the
                 * event is still valid.
                 *
                 * Fire the readable event if the call sequence is not inverted. */
                if (!invert && (fe.mask & mask & AE_READABLE) != 0) {
                    fe.rfileProc.process(this, fd, fe.clientData, mask);
                    fired++;
                    fe = slot(fd); /* Refresh in case of resize. */
                }

                /* Fire the writable event. */
                if ((fe.mask & mask & AE_WRITABLE) != 0) {
                    if (fired == 0 || fe.wfileProc != fe.rfileProc) {
                        fe.wfileProc.process(this, fd, fe.clientData, mask);
                        fired++;
                    }
                }

                /* If we have to invert the call, fire the readable event now after the
                 * writable one. */
                if (invert) {
                    fe = slot(fd); /* Refresh in case of resize. */
                    if ((fe.mask & mask & AE_READABLE) != 0
                            && (fired == 0 || fe.wfileProc != fe.rfileProc)) {
                        fe.rfileProc.process(this, fd, fe.clientData, mask);
                        fired++;
                    }
                }

                processed++;
            }
        }
        /* Check time events */
        if ((flags & AE_TIME_EVENTS) != 0) processed += processTimeEvents();

        return processed; /* return the number of processed file/time events */
    }

    /** eventLoop->events[fd], re-read after every callback since a callback may resize the loop. */
    private AeFileEvent slot(int fd) {
        return fd < setsize ? events[fd] : NO_EVENT;
    }

    /** aeMain: run {@link #processEvents} with every flag until {@link #stop()} is called. */
    public void main() {
        stop = false;
        while (!stop) {
            processEvents(AE_ALL_EVENTS | AE_CALL_BEFORE_SLEEP | AE_CALL_AFTER_SLEEP);
        }
    }

    /** aeGetApiName: "epoll", "kqueue" or "select". */
    public String getApiName() {
        return apidata.name();
    }

    /** aeSetBeforeSleepProc: called before polling when processEvents gets AE_CALL_BEFORE_SLEEP. */
    public void setBeforeSleepProc(AeBeforeSleepProc proc) {
        beforesleep = proc;
    }

    /** aeSetAfterSleepProc: called after polling when processEvents gets AE_CALL_AFTER_SLEEP. */
    public void setAfterSleepProc(AeBeforeSleepProc proc) {
        aftersleep = proc;
    }
}
