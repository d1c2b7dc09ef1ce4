package io.aeredis.server;

import io.aeredis.ae.AeEventLoop;
import io.aeredis.ae.Anet;
import io.aeredis.commands.Client;
import io.aeredis.resp.ReplyBuffer;
import io.aeredis.resp.RequestParser;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Port of Redis's {@code networking.c}: accepting connections, reading and parsing the query
 * buffer, and writing replies. Everything here runs on the event-loop thread.
 *
 * <p>Reads go into one native staging buffer shared by all clients (one read(2) at a time on
 * one thread) and are copied into a heap query buffer, which the parser reads in place. Like
 * Redis 7.4's reusable query buffer, that is one buffer shared by every client whose input
 * ends on a command boundary (the common case): a client only gets a query buffer of its own
 * while it has a partial command (or a pipeline it could not finish) left over, and clientsCron
 * takes it back once the client is idle. An idle connection therefore holds no query buffer.
 * Replies accumulate in the client's {@link ReplyBuffer} and are written from
 * {@link #handleClientsWithPendingWrites()} in beforeSleep; a writable handler is installed
 * only when the socket could not take everything.
 */
final class Networking {
    /** PROTO_IOBUF_LEN: the normal read size. */
    static final int PROTO_IOBUF_LEN = 16 * 1024;
    /** PROTO_RESIZE_THRESHOLD: clientsCron trims a query buffer above this size to its recent peak. */
    static final int PROTO_RESIZE_THRESHOLD = 32 * 1024;
    /** PROTO_MBULK_BIG_ARG: from this bulk size on, read exactly what the argument still needs. */
    static final int PROTO_MBULK_BIG_ARG = 32 * 1024;
    /** NET_MAX_WRITES_PER_EVENT: stop writing to one client after this much, to be fair to others. */
    static final int NET_MAX_WRITES_PER_EVENT = 64 * 1024;
    /** MAX_ACCEPTS_PER_CALL. */
    static final int MAX_ACCEPTS_PER_CALL = 1000;
    private static final int READ_STAGING_BYTES = 256 * 1024;
    private static final int WRITE_STAGING_BYTES = NET_MAX_WRITES_PER_EVENT;
    private static final byte[] MAX_CLIENTS_ERR = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

    private final RedisServer server;
    // Direct buffers: read(2)/write(2) use their addresses, and copies to and from the heap
    // are ByteBuffer.get/put, compiled to a memory copy (no JNI transition per request).
    private final ByteBuffer readStaging = ByteBuffer.allocateDirect(READ_STAGING_BYTES);
    private final long readStagingAddress = Anet.address(readStaging);
    private final ByteBuffer writeStaging = ByteBuffer.allocateDirect(WRITE_STAGING_BYTES);
    private final long writeStagingAddress = Anet.address(writeStaging);
    private final SocketSink sink = new SocketSink();
    /**
     * thread_shared_qb (Redis 7.4): the query buffer of whichever client is being read, unless
     * that client already has a private one. {@link #sharedQuerybufOwner} is the client using it
     * (null when free): a nested read (processEventsWhileBlocked during a slow script) finds it
     * taken and gives the other client a private buffer.
     */
    private final byte[] sharedQuerybuf = new byte[PROTO_IOBUF_LEN];
    private ServerClient sharedQuerybufOwner;

    /** server.clients, in creation (= id) order, keyed by client id. */
    final Map<Long, ServerClient> clients = new LinkedHashMap<>();
    /**
     * The same clients in the order clientsCron visits them: an array with O(1) removal (the
     * last client moves into the freed slot, {@link ServerClient#cronSlot}), walked by a cursor.
     */
    final ArrayList<ServerClient> cronClients = new ArrayList<>();
    int cronCursor;
    /** server.clients_pending_write. */
    private final ArrayList<ServerClient> clientsPendingWrite = new ArrayList<>();
    /** server.clients_to_close. */
    private final ArrayList<ServerClient> clientsToClose = new ArrayList<>();
    private long nextClientId = 1;

    // The loop callbacks, created once.
    private final io.aeredis.ae.AeFileProc readHandler = this::readQueryFromClient;
    private final io.aeredis.ae.AeFileProc writeHandler = this::sendReplyToClient;
    final io.aeredis.ae.AeFileProc acceptHandler = this::acceptTcpHandler;

    Networking(RedisServer server) {
        this.server = server;
    }

    // ------------------------------------------------------------------ accept

    /** acceptTcpHandler: accept up to MAX_ACCEPTS_PER_CALL pending connections. */
    void acceptTcpHandler(AeEventLoop el, int fd, Object clientData, int mask) {
        for (int max = MAX_ACCEPTS_PER_CALL; max > 0; max--) {
            int cfd = Anet.tcpAccept(fd);
            if (cfd == Anet.ANET_EAGAIN) return;
            if (cfd < 0) {
                Log.warning("Accepting client connection: " + Anet.lastError());
                return;
            }
            if (Log.enabled(Log.LL_VERBOSE)) Log.verbose("Accepted " + Anet.lastAcceptedPeer());
            // CLIENT LIST prints IPv6 peers in brackets ("[::1]:port"), as anetFormatAddr does.
            acceptCommonHandler(cfd, Anet.formatAddr(Anet.lastAcceptedIp(), Anet.lastAcceptedPort()));
        }
    }

    /** acceptCommonHandler: enforce maxclients, then create the client. */
    private void acceptCommonHandler(int cfd, String peer) {
        if (clients.size() >= server.config.maxclients) {
            // Best effort, like Redis: the socket is new, so the short error fits in its buffer.
            writeStaging.put(0, MAX_CLIENTS_ERR, 0, MAX_CLIENTS_ERR.length);
            Anet.write(cfd, writeStagingAddress, MAX_CLIENTS_ERR.length);
            Anet.close(cfd);
            server.stats.rejectedConn++;
            return;
        }
        if (createClient(cfd, peer) == null) {
            Anet.close(cfd);
            return;
        }
        server.stats.numconnections++;
    }

    /** createClient: non-blocking, TCP_NODELAY, keepalive, and a readable handler. */
    ServerClient createClient(int cfd, String peer) {
        Anet.nonBlock(cfd);
        Anet.enableTcpNoDelay(cfd);
        if (server.config.tcpKeepalive > 0) Anet.keepAlive(cfd, server.config.tcpKeepalive);
        ServerClient c = new ServerClient(nextClientId++, server.core, cfd, peer, null, server.core.mstime);
        if (server.el.createFileEvent(cfd, AeEventLoop.AE_READABLE, readHandler, c) == AeEventLoop.AE_ERR) {
            // Redis's text: aeCreateFileEvent fails with ERANGE (fd beyond the set size, or >= FD_SETSIZE for select).
            Log.warning("Error registering fd event for the new client: Numerical result out of range (conn: fd=" + cfd + ")");
            return null;
        }
        c.parser.setMaxBulkLen(server.effectiveMaxBulkLen());
        // Like Redis's nopass default user: with no password set, a new client is authenticated.
        c.authenticated = server.config.requirepass.isEmpty();
        clients.put(c.id, c);
        c.cronSlot = cronClients.size();
        cronClients.add(c);
        return c;
    }

    // ------------------------------------------------------------------ read

    /**
     * readQueryFromClient: one read(2), append to the query buffer, process what is complete.
     * A client without a query buffer of its own reads into the shared one and, when done, keeps
     * only what it left unprocessed ({@link #resetReusableQueryBuf}).
     */
    void readQueryFromClient(AeEventLoop el, int fd, Object clientData, int mask) {
        ServerClient c = (ServerClient) clientData;
        int readlen = PROTO_IOBUF_LEN;
        long bigArg = c.parser.pendingBulkLen();
        if (bigArg >= PROTO_MBULK_BIG_ARG) {
            // A big argument: read just what it still needs, so the buffer holds exactly the arg.
            long remaining = bigArg + 2 - c.querybufUsed();
            if (remaining > 0) readlen = (int) Math.min(remaining, READ_STAGING_BYTES);
        }
        if (c.querybuf == null && readlen <= PROTO_IOBUF_LEN && sharedQuerybufOwner == null) {
            c.querybuf = sharedQuerybuf;
            c.qbPos = 0;
            c.qbLen = 0;
            sharedQuerybufOwner = c;
        }
        ensureQuerybufRoom(c, readlen);
        long nread = Anet.read(fd, readStagingAddress, readlen);
        if (nread == Anet.ANET_EAGAIN) {
            resetReusableQueryBuf(c);
            return;
        }
        if (nread <= 0) {
            if (nread < 0) {
                if (Log.enabled(Log.LL_VERBOSE)) Log.verbose("Reading from client: " + Anet.lastError());
            } else if (Log.enabled(Log.LL_VERBOSE)) {
                Log.verbose("Client closed connection " + clientInfoString(c));
            }
            freeClient(c);
            resetReusableQueryBuf(c);
            return;
        }
        readStaging.get(0, c.querybuf, c.qbLen, (int) nread);
        c.qbLen += (int) nread;
        if (c.querybufUsed() > c.querybufPeak) c.querybufPeak = c.querybufUsed();
        c.lastinteraction = server.core.mstime;
        server.stats.netInputBytes += nread;
        server.stats.totalReads++;
        if (c.querybufUsed() > server.config.clientMaxQuerybufLen) {
            Log.warning("Closing client that reached max query buffer length: " + clientInfoString(c)
                    + " (qbuf initial bytes: " + initialBytes(c) + ")");
            freeClientAsync(c);
            resetReusableQueryBuf(c);
            return;
        }
        processInputBuffer(c);
        resetReusableQueryBuf(c);
    }

    /**
     * resetReusableQueryBuf: if {@code c} read into the shared query buffer, give it back. What
     * it left unprocessed (a partial command, or commands waiting while it is blocked) moves to
     * a private buffer with room for the next read, which it keeps until clientsCron finds it idle.
     */
    private void resetReusableQueryBuf(ServerClient c) {
        if (c.querybuf != sharedQuerybuf) return;
        if (sharedQuerybufOwner == c) sharedQuerybufOwner = null;
        int remaining = c.querybufUsed();
        if (remaining > 0 && !c.freed && !c.closeAsap) {
            byte[] own = new byte[remaining + PROTO_IOBUF_LEN];
            System.arraycopy(sharedQuerybuf, c.qbPos, own, 0, remaining);
            c.querybuf = own;
            c.qbPos = 0;
            c.qbLen = remaining;
        } else {
            c.querybuf = null;
            c.qbPos = 0;
            c.qbLen = 0;
        }
    }

    /** Make room for {@code readlen} more bytes, compacting before growing (sdsMakeRoomFor + sdsrange). */
    private void ensureQuerybufRoom(ServerClient c, int readlen) {
        if (c.querybuf == null) {
            c.querybuf = new byte[Math.max(PROTO_IOBUF_LEN, readlen)];
            c.qbPos = 0;
            c.qbLen = 0;
            return;
        }
        if (c.querybufFree() >= readlen) return;
        int used = c.querybufUsed();
        if (c.qbPos > 0 && c.querybuf.length - used >= readlen) {
            System.arraycopy(c.querybuf, c.qbPos, c.querybuf, 0, used);
        } else {
            long want = Math.max((long) used + readlen, (long) c.querybuf.length * 2);
            byte[] grown = new byte[(int) Math.min(want, Integer.MAX_VALUE - 8)];
            System.arraycopy(c.querybuf, c.qbPos, grown, 0, used);
            // Outgrowing the shared buffer makes it the client's own: the shared one is free again.
            if (c.querybuf == sharedQuerybuf && sharedQuerybufOwner == c) sharedQuerybufOwner = null;
            c.querybuf = grown;
        }
        c.qbPos = 0;
        c.qbLen = used;
    }

    /**
     * clientsCronResizeQueryBuffer: a client idle for more than 2 s gives its private query
     * buffer back (its next read uses the shared one) or, with bytes pending, keeps exactly
     * those; a buffer over PROTO_RESIZE_THRESHOLD more than twice the recent peak is trimmed to
     * that peak. Then the peak window restarts. Returns the bytes given back.
     */
    int clientsCronResizeQueryBuffer(ServerClient c, long now) {
        byte[] qb = c.querybuf;
        int freed = 0;
        if (qb != null && qb != sharedQuerybuf) {
            int used = c.querybufUsed();
            int size = qb.length;
            // Only resize the query buffer if it is actually wasting at least a few kbytes.
            if (size - used > 4 * 1024) {
                if (now - c.lastinteraction > RedisServer.CLIENT_IDLE_BUFFERS_MS) {
                    if (used == 0) {
                        c.querybuf = null;
                        c.qbPos = 0;
                        c.qbLen = 0;
                    } else {
                        c.querybuf = java.util.Arrays.copyOfRange(qb, c.qbPos, c.qbLen);
                        c.qbPos = 0;
                        c.qbLen = used;
                    }
                } else if (size > PROTO_RESIZE_THRESHOLD && size / 2 > c.querybufPeak) {
                    // Not below the recent peak, nor below a big argument being read.
                    long resize = Math.max(used, c.querybufPeak);
                    long bulk = c.parser.bulklen();
                    if (bulk != -1 && resize < bulk + 2) resize = bulk + 2;
                    if (resize < size) {
                        byte[] trimmed = new byte[(int) resize];
                        System.arraycopy(qb, c.qbPos, trimmed, 0, used);
                        c.querybuf = trimmed;
                        c.qbPos = 0;
                        c.qbLen = used;
                    }
                }
                freed = size - (c.querybuf == null ? 0 : c.querybuf.length);
            }
        }
        // Reset the peak to capture the use of the next cycle: the bytes held, or the bulk being read.
        c.querybufPeak = c.querybufUsed();
        long bulk = c.parser.bulklen();
        if (bulk != -1 && bulk > c.querybufPeak) c.querybufPeak = (int) Math.min(bulk, Integer.MAX_VALUE);
        return freed;
    }

    /**
     * processInputBuffer: run every complete command in the query buffer. Stops at an
     * incomplete command, a protocol error, or a client that is going to be closed.
     */
    void processInputBuffer(ServerClient c) {
        RequestParser parser = c.parser;
        if (c.replyResetPending) finishUnblock(c);
        // processPendingCommandAndInputBuffer: a command CLIENT PAUSE postponed goes first.
        if (c.pendingCommand && !c.isBlocked() && (c.flags & (Client.CLOSE_AFTER_REPLY | Client.CLOSE_ASAP)) == 0) {
            c.pendingCommand = false;
            processCommandAndResetClient(c);
        }
        while (c.qbPos < c.qbLen) {
            if ((c.flags & (Client.CLOSE_AFTER_REPLY | Client.CLOSE_ASAP)) != 0) break;
            // A blocked client's further commands wait until it is unblocked (processUnblockedClients).
            if (c.isBlocked()) break;
            // The client whose script is running (BUSY phase): its next commands wait for it.
            if (server.scriptThreads.isProtected(c)) break;
            parser.setAuthRequired(server.authRequired(c));
            c.qbPos = parser.parse(c.querybuf, c.qbPos, c.qbLen);
            int status = parser.status();
            if (status == RequestParser.NEED_MORE) break;
            if (status == RequestParser.ERROR) {
                setProtocolError(c, parser.errorMessage());
                break;
            }
            if (parser.argc() > 0) {
                c.argv = parser.argv();
                c.argc = parser.argc();
                processCommandAndResetClient(c);
            }
            parser.reset();
        }
        if (c.qbPos == c.qbLen) {
            c.qbPos = 0;
            c.qbLen = 0;
            // Give back a query buffer a big argument made large (clientsCronResizeQueryBuffer, simplified).
            if (c.querybuf != null && c.querybuf.length > 4 * PROTO_IOBUF_LEN) c.querybuf = null;
        } else if (c.qbPos > 0 && c.querybuf != sharedQuerybuf) {
            // Trim the processed part (sdsrange), so the buffer holds only what is still to come.
            int used = c.querybufUsed();
            System.arraycopy(c.querybuf, c.qbPos, c.querybuf, 0, used);
            c.qbPos = 0;
            c.qbLen = used;
        }
    }

    /** processCommandAndResetClient: run c.argv, then commandProcessed. */
    private void processCommandAndResetClient(ServerClient c) {
        server.processCommand(c);
        if (c.isBlocked()) {
            // Keep the command for re-execution when a key becomes ready or a pause ends: the
            // parser reuses its argv array for the next command. commandProcessed: a blocked
            // client's reply flags are reset when it is unblocked.
            c.argv = java.util.Arrays.copyOf(c.argv, c.argc);
        } else {
            resetClientReplyFlags(c);
            c.argv = null;
            c.argc = 0;
        }
        if (c.reply.listBytes() > 0) server.checkOutputBufferLimits(c);
        queueWriteIfNeeded(c);
    }

    /**
     * The reply half of resetClient: the skipped reply is over; CLIENT REPLY SKIP's "next
     * command" is the one to come. Then the reply buffer discards while OFF or SKIP is set
     * (prepareClientToWrite refusing such clients).
     */
    static void resetClientReplyFlags(Client c) {
        int f = c.flags & ~Client.REPLY_SKIP;
        if ((f & Client.REPLY_SKIP_NEXT) != 0) f = (f | Client.REPLY_SKIP) & ~Client.REPLY_SKIP_NEXT;
        c.flags = f;
        updateReplyDiscard(c);
    }

    /** The rest of resetClient for a client that was blocked, once its reply is written. */
    static void finishUnblock(ServerClient c) {
        if (!c.replyResetPending || c.isBlocked()) return;
        c.replyResetPending = false;
        resetClientReplyFlags(c);
    }

    /** Replies are dropped while CLIENT REPLY OFF or SKIP applies. */
    static void updateReplyDiscard(Client c) {
        boolean discard = (c.flags & (Client.REPLY_OFF | Client.REPLY_SKIP)) != 0;
        if (c.reply.discardReplies() != discard) c.reply.setDiscardReplies(discard);
    }

    /** setProtocolError: reply with the error, then close once it is written. Unread input is dropped. */
    private void setProtocolError(ServerClient c, String message) {
        server.addReplyErrorCounted(c, c.parser.errorMessageBytes());
        if (Log.enabled(Log.LL_VERBOSE)) Log.verbose("Protocol error (" + message + ") from client: " + clientInfoString(c));
        c.flags |= Client.CLOSE_AFTER_REPLY;
        c.qbPos = c.qbLen;
        queueWriteIfNeeded(c);
    }

    /** putClientInPendingWriteQueue: remember the client for handleClientsWithPendingWrites. */
    void queueWriteIfNeeded(ServerClient c) {
        if (!c.pendingWrite && !c.writeHandlerInstalled && c.reply.hasPendingReplies()) {
            c.pendingWrite = true;
            clientsPendingWrite.add(c);
        }
    }

    // ------------------------------------------------------------------ write

    /** handleClientsWithPendingWrites: called in beforeSleep, writes directly, no syscall to arm a handler. */
    int handleClientsWithPendingWrites() {
        int processed = clientsPendingWrite.size();
        for (int i = 0; i < clientsPendingWrite.size(); i++) {
            ServerClient c = clientsPendingWrite.get(i);
            c.pendingWrite = false;
            if (c.closeAsap || c.freed) continue;
            if (!writeToClient(c, false)) continue;
            if (c.reply.hasPendingReplies()) installWriteHandler(c);
        }
        clientsPendingWrite.clear();
        return processed;
    }

    private void installWriteHandler(ServerClient c) {
        if (c.writeHandlerInstalled) return;
        if (server.el.createFileEvent(c.fd, AeEventLoop.AE_WRITABLE, writeHandler, c) == AeEventLoop.AE_ERR) {
            freeClientAsync(c);
            return;
        }
        c.writeHandlerInstalled = true;
    }

    /** sendReplyToClient: the writable handler. */
    void sendReplyToClient(AeEventLoop el, int fd, Object clientData, int mask) {
        writeToClient((ServerClient) clientData, true);
    }

    /**
     * writeToClient: write up to NET_MAX_WRITES_PER_EVENT bytes. Returns false if the client
     * was freed (write error, or everything written to a CLOSE_AFTER_REPLY client).
     */
    boolean writeToClient(ServerClient c, boolean handlerInstalled) {
        sink.fd = c.fd;
        long written = c.reply.writeTo(sink, NET_MAX_WRITES_PER_EVENT);
        if (written < 0) {
            if (Log.enabled(Log.LL_VERBOSE)) Log.verbose("Error writing to client: " + Anet.lastError());
            freeClientAsync(c);
            return false;
        }
        if (written > 0) {
            server.stats.netOutputBytes += written;
            server.stats.totalWrites++;
            // Sending counts as interaction, as in Redis (a subscriber that only receives is not idle).
            c.lastinteraction = server.core.mstime;
        }
        if (!c.reply.hasPendingReplies()) {
            if (c.writeHandlerInstalled) {
                server.el.deleteFileEvent(c.fd, AeEventLoop.AE_WRITABLE);
                c.writeHandlerInstalled = false;
            }
            if ((c.flags & Client.CLOSE_AFTER_REPLY) != 0) {
                freeClient(c);
                return false;
            }
        }
        return true;
    }

    /** The write(2) side of ReplyBuffer.writeTo: copy to native staging memory and write. */
    private final class SocketSink implements ReplyBuffer.Sink {
        int fd;

        @Override
        public long write(byte[] src, int off, int len) {
            int n = Math.min(len, WRITE_STAGING_BYTES);
            writeStaging.put(0, src, off, n);
            long w = Anet.write(fd, writeStagingAddress, n);
            if (w == Anet.ANET_EAGAIN) return 0;
            return w;
        }
    }

    // ------------------------------------------------------------------ free

    /** freeClient: unregister, close the socket, forget the client. */
    void freeClient(ServerClient c) {
        if (c.freed) return;
        c.freed = true;
        server.el.deleteFileEvent(c.fd, AeEventLoop.AE_READABLE | AeEventLoop.AE_WRITABLE);
        c.writeHandlerInstalled = false;
        Anet.close(c.fd);
        clients.remove(c.id);
        removeFromCronClients(c);
        c.reply.clear();
        server.clientFreed(c);
    }

    /** Takes {@code c} out of {@link #cronClients}: the last client moves into its slot. */
    private void removeFromCronClients(ServerClient c) {
        int slot = c.cronSlot;
        if (slot < 0) return;
        ServerClient last = cronClients.remove(cronClients.size() - 1);
        if (last != c) {
            cronClients.set(slot, last);
            last.cronSlot = slot;
        }
        c.cronSlot = -1;
    }

    /** freeClientAsync: close in the next beforeSleep (used where the client may still be on the stack). */
    void freeClientAsync(ServerClient c) {
        if (c.closeAsap) return;
        c.closeAsap = true;
        c.flags |= Client.CLOSE_ASAP;
        clientsToClose.add(c);
    }

    /** freeClientsInAsyncFreeQueue. */
    int freeClientsInAsyncFreeQueue() {
        int n = clientsToClose.size();
        for (int i = 0; i < n; i++) freeClient(clientsToClose.get(i));
        clientsToClose.clear();
        return n;
    }

    /** Close every client (shutdown). */
    void freeAllClients() {
        for (ServerClient c : new ArrayList<>(clients.values())) freeClient(c);
    }

    // ------------------------------------------------------------------ introspection

    String laddr(ServerClient c) {
        return c.laddr != null ? c.laddr : Anet.sockName(c.fd);
    }

    /** The client's own query buffer (allocated size); 0 when it has none or reads into the shared one. */
    int queryBufferSize(ServerClient c) {
        byte[] qb = c.querybuf;
        return qb == null || qb == sharedQuerybuf ? 0 : qb.length;
    }

    /**
     * c->argv_len_sum: the bytes of the arguments the client holds: the command running or
     * blocked, else the arguments of a command still being received (as Redis, whose argv is
     * also the parser's).
     */
    static long argvMem(ServerClient c) {
        byte[][] argv = c.argv;
        int argc = c.argc;
        if (argv == null) {
            argv = c.parser.argv();
            argc = c.parser.argc();
        }
        long sum = 0;
        for (int i = 0; i < argc && i < argv.length; i++) if (argv[i] != null) sum += argv[i].length;
        return sum;
    }

    /**
     * catClientInfoString: one CLIENT LIST line (without the trailing newline), Redis 7.0's
     * fields. Buffers are reported as allocated: {@code qbuf} is the bytes in the query buffer
     * (the running command included, as in Redis), {@code qbuf-free} the free room of the
     * client's own query buffer (0 when it has none, or while it reads from the shared one),
     * {@code rbs}/{@code rbp} the reply buffer's size and recent peak (0 while not allocated),
     * {@code obl} its pending bytes, {@code oll}/{@code omem} the reply list. {@code tot-mem}
     * adds those buffers, argv-mem and multi-mem (not the client object itself, as Redis does).
     */
    String clientInfoString(ServerClient c) {
        long now = server.core.mstime;
        StringBuilder sb = new StringBuilder(256);
        String cmd = c.lastcmd == null ? "NULL" : c.lastcmd.fullname;
        String events = (c.writeHandlerInstalled ? "rw" : "r");
        long qbuf = c.querybuf == null ? 0 : c.qbLen;
        long qbufSize = queryBufferSize(c);
        long qbufFree = qbufSize == 0 ? 0 : qbufSize - c.qbLen;
        long argvMem = argvMem(c);
        long multiMem = MultiCommands.multiMem(c);
        long rbs = c.reply.bufSize();
        long omem = c.reply.listBytes();
        sb.append("id=").append(c.id)
                .append(" addr=").append(c.addr)
                .append(" laddr=").append(laddr(c))
                .append(" fd=").append(c.fd)
                .append(" name=").append(c.name == null ? "" : new String(c.name, StandardCharsets.ISO_8859_1))
                .append(" age=").append((now - c.ctime) / 1000)
                .append(" idle=").append((now - c.lastinteraction) / 1000)
                .append(" flags=").append(clientFlags(c))
                .append(" db=").append(c.db.id)
                .append(" sub=").append(PubSub.channelCount(c))
                .append(" psub=").append(PubSub.patternCount(c))
                .append(" ssub=").append(PubSub.clientShardSubscriptionsCount(c))
                .append(" multi=").append(MultiCommands.multiCount(c))
                .append(" qbuf=").append(qbuf)
                .append(" qbuf-free=").append(qbufFree)
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=").append(multiMem)
                .append(" rbs=").append(rbs)
                .append(" rbp=").append(c.reply.bufPeak())
                .append(" obl=").append(c.reply.bufpos())
                .append(" oll=").append(c.reply.listLength())
                .append(" omem=").append(omem)
                .append(" tot-mem=").append(getClientMemoryUsage(c))
                .append(" events=").append(events)
                .append(" cmd=").append(cmd)
                .append(" user=default redir=-1 resp=").append(c.resp());
        return sb.toString();
    }

    /**
     * getClientMemoryUsage: the client's own query buffer, its reply buffer and reply list,
     * argv-mem and multi-mem, as CLIENT LIST's tot-mem and MEMORY STATS' clients.normal count
     * it (buffers an idle client has given back count nothing).
     */
    long getClientMemoryUsage(ServerClient c) {
        return queryBufferSize(c) + c.reply.bufSize() + c.reply.listBytes() + argvMem(c) + MultiCommands.multiMem(c);
    }

    private static String clientFlags(ServerClient c) {
        StringBuilder f = new StringBuilder();
        if ((c.flags & Client.MONITOR) != 0) f.append('O');
        if ((c.flags & Client.PUBSUB) != 0) f.append('P');
        if ((c.flags & Client.MULTI) != 0) f.append('x');
        if (c.isBlocked()) f.append('b');
        if ((c.flags & Client.DIRTY_CAS) != 0) f.append('d');
        if ((c.flags & Client.CLOSE_AFTER_REPLY) != 0) f.append('c');
        if ((c.flags & Client.CLOSE_ASAP) != 0) f.append('A');
        if ((c.flags & Client.NO_EVICT) != 0) f.append('e');
        return f.length() == 0 ? "N" : f.toString();
    }

    /** The first 64 unread bytes of the query buffer, as Redis logs them (sdscatrepr). */
    private static String initialBytes(ServerClient c) {
        StringBuilder sb = new StringBuilder();
        Sds.catRepr(sb, c.querybuf, c.qbPos, Math.min(64, c.querybufUsed()));
        return sb.toString();
    }
}
