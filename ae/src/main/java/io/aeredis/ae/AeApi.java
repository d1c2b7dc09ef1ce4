package io.aeredis.ae;

/**
 * The multiplexing backend of an {@link AeEventLoop}: the {@code aeApi*} functions that each of
 * ae_epoll.c, ae_kqueue.c and ae_select.c defines. {@code aeApiCreate} is the implementation's
 * constructor (it throws {@link IllegalStateException} where the C function returns -1).
 */
interface AeApi {
    /** aeApiResize: make room for {@code setsize} descriptors; -1 if the backend cannot. */
    int resize(int setsize);

    /** aeApiFree: release the kernel object and native memory. */
    void free();

    /**
     * aeApiAddEvent: start watching {@code fd} for {@code addMask} on top of {@code oldMask} (the
     * fd's mask in the loop before this call, which ae.c reads from eventLoop->events[fd]).
     * Returns 0, or -1 if the kernel refused.
     */
    int addEvent(int fd, int oldMask, int addMask);

    /** aeApiDelEvent: stop watching {@code fd} for {@code delMask}; {@code oldMask} is the mask before removal. */
    void delEvent(int fd, int oldMask, int delMask);

    /**
     * aeApiPoll: wait up to {@code timeoutMicros} (-1 = forever, 0 = just look) and store the
     * ready descriptors in {@code eventLoop.firedFd}/{@code firedMask}; returns how many.
     * Interrupted waits (EINTR) return 0.
     */
    int poll(AeEventLoop eventLoop, long timeoutMicros);

    /** aeApiName. */
    String name();
}
