package io.aeredis.server;

import io.aeredis.commands.Client;
import io.aeredis.commands.Db;
import io.aeredis.commands.RedisCore;

/**
 * The keyspace with the server's answers to its hooks: signalModifiedKey and the flush/swap
 * touches invalidate WATCHed keys ({@link MultiCommands}), notifyKeyspaceEvent publishes
 * keyspace notifications ({@link Notify}), memoryOverheadServer adds the server's figures to
 * MEMORY STATS ({@link ServerMemory}). The hooks are set once the server's parts exist
 * ({@link #attach}); before that they do nothing, like the base class.
 */
final class ServerCore extends RedisCore {
    private MultiCommands multi;
    private Notify notify;
    private ServerMemory memory;

    ServerCore(int dbnum) {
        super(dbnum);
    }

    void attach(MultiCommands multi, Notify notify) {
        this.multi = multi;
        this.notify = notify;
    }

    private ClientPause pause;

    void attachPause(ClientPause pause) {
        this.pause = pause;
    }

    @Override
    public boolean checkClientPauseTimeoutAndReturnIfPaused() {
        return pause != null && pause.checkClientPauseTimeoutAndReturnIfPaused();
    }

    /** MEMORY STATS / DOCTOR get the server's figures from here once it exists. */
    void attachMemory(ServerMemory memory) {
        this.memory = memory;
    }

    @Override
    public void memoryOverheadServer(io.aeredis.commands.MemoryOverhead mh) {
        if (memory == null) {
            super.memoryOverheadServer(mh);
        } else {
            memory.fill(mh);
        }
    }

    /** signalModifiedKey: touchWatchedKey (there is no client-side caching to invalidate). */
    @Override
    public void signalModifiedKey(Client c, Db db, byte[] key) {
        if (multi != null) multi.touchWatchedKey(db, key);
    }

    @Override
    public void notifyKeyspaceEvent(int type, String event, byte[] key, int dbid) {
        // The common case (notifications off, or not for this class) costs one test.
        if ((notifyKeyspaceEvents & type) == 0 || notify == null) return;
        notify.notifyKeyspaceEvent(type, event, key, dbid);
    }

    @Override
    public void touchAllWatchedKeysInDb(Db emptied, Db replacedWith) {
        if (multi != null) multi.touchAllWatchedKeysInDb(emptied, replacedWith);
    }
}
