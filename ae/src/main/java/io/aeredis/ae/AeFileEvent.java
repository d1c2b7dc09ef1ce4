package io.aeredis.ae;

/** Port of {@code aeFileEvent}: one slot of {@code eventLoop->events[]}, indexed by fd. */
final class AeFileEvent {
    /** One of AE_(READABLE|WRITABLE|BARRIER), or AE_NONE when the slot is unused. */
    int mask = AeEventLoop.AE_NONE;
    AeFileProc rfileProc;
    AeFileProc wfileProc;
    Object clientData;
}
