package io.aeredis.ae;

/** Port of {@code aeTimeEvent}: a node of the loop's doubly linked, unsorted time event list. */
final class AeTimeEvent {
    /** Time event identifier; AE_DELETED_EVENT_ID once deleted (freed on the next processTimeEvents pass). */
    long id;
    /** Monotonic microseconds at which the event is due. */
    long when;
    AeTimeProc timeProc;
    AeEventFinalizerProc finalizerProc;
    Object clientData;
    AeTimeEvent prev;
    AeTimeEvent next;
    /** Number of timeProc calls under way, so a nested processTimeEvents does not free it mid-call. */
    int refcount;
}
