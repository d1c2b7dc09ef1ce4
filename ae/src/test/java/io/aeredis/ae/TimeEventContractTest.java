package io.aeredis.ae;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static io.aeredis.ae.AeEventLoop.AE_DONT_WAIT;
import static io.aeredis.ae.AeEventLoop.AE_ERR;
import static io.aeredis.ae.AeEventLoop.AE_NOMORE;
import static io.aeredis.ae.AeEventLoop.AE_OK;
import static io.aeredis.ae.AeEventLoop.AE_TIME_EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Time events (processTimeEvents, usUntilEarliestTimer). The backend only matters for sleeping
 * until the next timer, but the subclasses run everything on each backend anyway.
 */
@Timeout(10)
abstract class TimeEventContractTest {
    abstract String backend();

    AeEventLoop el;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void createLoop() {
        el = AeEventLoop.create(128, backend());
    }

    @AfterEach
    void deleteLoop() {
        el.delete();
    }

    AeTimeProc once(String name) {
        return (loop, id, data) -> {
            log.add(name);
            return AE_NOMORE;
        };
    }

    /** Blocking turns (the poll sleeps until the earliest timer) until {@code n} entries are logged. */
    void runUntilLogged(int n) {
        while (log.size() < n) el.processEvents(AE_TIME_EVENTS);
    }

    @Test
    void idsAreHandedOutInCreationOrderFromZero() {
        assertEquals(0, el.createTimeEvent(1000, once("a"), null, null));
        assertEquals(1, el.createTimeEvent(1000, once("b"), null, null));
    }

    @Test
    void timeEventsRunInDueOrderNotCreationOrder() {
        /* The list is head-inserted: 100ms, then 0ms, then 200ms in list order. */
        el.createTimeEvent(200, once("200ms"), null, null);
        el.createTimeEvent(0, once("0ms"), null, null);
        el.createTimeEvent(100, once("100ms"), null, null);
        runUntilLogged(3);
        assertEquals(List.of("0ms", "100ms", "200ms"), log);
    }

    @Test
    void returnValueReschedulesUntilNoMoreThenTheFinalizerRuns() {
        Object data = new Object();
        List<Object> finalized = new ArrayList<>();
        long id = el.createTimeEvent(0, (loop, eid, d) -> {
            log.add("run");
            return log.size() < 3 ? 1 : AE_NOMORE;
        }, data, (loop, d) -> finalized.add(d));
        runUntilLogged(3);
        assertEquals(List.of(), finalized, "freed on the pass after AE_NOMORE, not during it");
        assertEquals(AE_ERR, el.deleteTimeEvent(id), "already marked deleted");

        el.processEvents(AE_TIME_EVENTS | AE_DONT_WAIT);
        assertEquals(List.of(data), finalized);
        assertEquals(3, log.size());
        assertEquals(-1, el.usUntilEarliestTimer(), "the list is empty again");
    }

    @Test
    void timeEventDeletedByAnotherTimeEventNeverRunsButIsFinalized() {
        List<String> finalized = new ArrayList<>();
        long victim = el.createTimeEvent(0, once("victim"), null, (loop, d) -> finalized.add("victim"));
        /* Created last, so it is first in the list and runs first in the pass. */
        el.createTimeEvent(0, (loop, id, d) -> {
            log.add("killer");
            assertEquals(AE_OK, loop.deleteTimeEvent(victim));
            return AE_NOMORE;
        }, null, null);

        el.processEvents(AE_TIME_EVENTS | AE_DONT_WAIT);
        assertEquals(List.of("killer"), log);
        assertEquals(List.of("victim"), finalized);
        el.processEvents(AE_TIME_EVENTS | AE_DONT_WAIT);
        assertEquals(List.of("killer"), log);
    }

    @Test
    void deleteTimeEventOfAnUnknownIdFails() {
        assertEquals(AE_ERR, el.deleteTimeEvent(42));
    }

    @Test
    void timeEventCreatedByATimeEventWaitsForTheNextPass() {
        el.createTimeEvent(0, (loop, id, d) -> {
            log.add("parent");
            loop.createTimeEvent(0, once("child"), null, null);
            return AE_NOMORE;
        }, null, null);
        assertEquals(1, el.processEvents(AE_TIME_EVENTS | AE_DONT_WAIT));
        assertEquals(List.of("parent"), log);
        assertEquals(1, el.processEvents(AE_TIME_EVENTS | AE_DONT_WAIT));
        assertEquals(List.of("parent", "child"), log);
    }

    @Test
    void nestedProcessEventsDoesNotFreeATimeEventWhoseProcIsRunning() {
        List<String> finalized = new ArrayList<>();
        el.createTimeEvent(0, (loop, id, d) -> {
            log.add("outer");
            loop.deleteTimeEvent(id);
            /* As processEventsWhileBlocked does: a nested pass sees this event deleted but in use. */
            loop.processEvents(AE_TIME_EVENTS | AE_DONT_WAIT);
            log.add(finalized.isEmpty() ? "not-freed-while-running" : "freed-while-running");
            return AE_NOMORE;
        }, null, (loop, d) -> finalized.add("finalized"));

        el.processEvents(AE_TIME_EVENTS | AE_DONT_WAIT);
        assertEquals(List.of("outer", "not-freed-while-running"), log);
        el.processEvents(AE_TIME_EVENTS | AE_DONT_WAIT);
        assertEquals(List.of("finalized"), finalized);
    }

    @Test
    void usUntilEarliestTimerIsZeroForDueEventsAndBoundedOtherwise() {
        assertEquals(-1, el.usUntilEarliestTimer());
        el.createTimeEvent(60_000, once("later"), null, null);
        long us = el.usUntilEarliestTimer();
        assertTrue(us > 0 && us <= 60_000_000L, () -> "us=" + us);
        el.createTimeEvent(0, once("now"), null, null);
        assertEquals(0, el.usUntilEarliestTimer());
    }
}
