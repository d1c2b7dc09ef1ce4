package io.aeredis.ae;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A wake-up that any thread can send and the loop thread receives as a file event: the role of
 * libuv's {@code uv_async_t}, which carries {@code uv_queue_work}'s {@code after_work} back to
 * the loop. ae itself has no such thing (Redis uses a pipe the same way for its module and
 * threaded-I/O wake-ups), so this is a self-pipe registered with {@link AeEventLoop#createFileEvent}.
 *
 * <p>{@link #send()} writes one byte unless a wake-up is already pending, so a burst of sends
 * costs one write and one callback; the callback must therefore drain whatever queue the
 * senders filled. The callback runs on the loop thread, inside processEvents.
 */
public final class AeAsync implements AutoCloseable {
    private final AeEventLoop loop;
    private final int readFd;
    private final int writeFd;
    private final Runnable callback;
    private final AtomicBoolean pending = new AtomicBoolean();
    /** One byte of native memory to write from and a small buffer to drain into. */
    private final long byteAddress;
    private final long drainAddress;
    private volatile boolean closed;

    /** Creates the pipe and registers its read end; throws if either fails. Call on the loop thread. */
    public AeAsync(AeEventLoop loop, Runnable callback) {
        int[] fds = Anet.pipe();
        if (fds == null) throw new IllegalStateException("pipe: " + Anet.lastError());
        this.loop = loop;
        this.readFd = fds[0];
        this.writeFd = fds[1];
        this.callback = callback;
        this.byteAddress = Anet.allocate(1);
        this.drainAddress = Anet.allocate(64);
        if (loop.createFileEvent(readFd, AeEventLoop.AE_READABLE, this::onReadable, null) == AeEventLoop.AE_ERR) {
            Anet.close(readFd);
            Anet.close(writeFd);
            throw new IllegalStateException("cannot register the wake-up pipe with the event loop");
        }
    }

    /** Wake the loop (any thread). Cheap when a wake-up is already on its way. */
    public void send() {
        if (closed || !pending.compareAndSet(false, true)) return;
        // A full pipe (EAGAIN) still means the loop will wake: nothing to do then.
        Anet.write(writeFd, byteAddress, 1);
    }

    private void onReadable(AeEventLoop el, int fd, Object clientData, int mask) {
        // Clear the flag before draining: a send() racing with us then writes a new byte and
        // we run again, instead of its work being left in the queue unseen.
        pending.set(false);
        while (Anet.read(readFd, drainAddress, 64) > 0) {
            // drain every byte written so far
        }
        callback.run();
    }

    /** Unregister and close the pipe (loop thread). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        loop.deleteFileEvent(readFd, AeEventLoop.AE_READABLE);
        Anet.close(readFd);
        Anet.close(writeFd);
        Anet.free(byteAddress);
        Anet.free(drainAddress);
    }
}
