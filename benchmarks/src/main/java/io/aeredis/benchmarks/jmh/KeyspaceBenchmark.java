package io.aeredis.benchmarks.jmh;

import io.aeredis.commands.Client;
import io.aeredis.commands.Commands;
import io.aeredis.commands.Db;
import io.aeredis.commands.Dict;
import io.aeredis.commands.RedisCommand;
import io.aeredis.commands.RedisCore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Keyspace reads and writes of existing keys, with {@code keys} keys preloaded (1,000: the
 * tables sit in the CPU caches; 1,000,000: most lookups miss them), at three depths:
 *
 * <ul>
 * <li>{@code getCommand} / {@code setCommand}: what processCommand does for {@code GET key} /
 * {@code SET key value} minus networking, ACL and stats: {@code CommandTable.lookupCommand} on
 * argv, then the real proc ({@code StringCommands.getCommand} / {@code setCommand}) on a
 * {@link Client} whose reply ({@code $5 value} / {@code +OK}) is then cleared, as commands' unit
 * tests call them.</li>
 * <li>{@code dbLookupKeyRead} / {@code dbSetKey}: {@link Db#lookupKeyRead} and
 * {@link Db#setKey} alone.</li>
 * <li>{@code dictGet} / {@code dictPut}: a plain {@link Dict} (the keyspace's hash table) holding
 * the same keys.</li>
 * </ul>
 *
 * <p>Keys are {@code key:%012d} (redis-benchmark's {@code key:__rand_int__} with -r); each
 * invocation takes the next key of a shuffled sequence over all of them, as separate byte
 * arrays from the stored keys (the parser makes a fresh array per argument), so every lookup
 * hashes and compares bytes. A SET overwrites an existing key, so the keyspace stays the same size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class KeyspaceBenchmark {
    @Param({"1000", "1000000"})
    public int keys;

    private static final byte[] VALUE = "value".getBytes(StandardCharsets.US_ASCII);

    /** The lookup sequence: a shuffled copy of every key, each a different array from the stored one. */
    private byte[][] lookups;
    private int next;

    // getCommand, setCommand, dbLookupKeyRead, dbSetKey: a RedisCore with every command family
    // registered, db 0 holding the keys, and a RESP2 client.
    private RedisCore core;
    private Db db;
    private Client client;
    private final byte[][] getArgv = {"GET".getBytes(StandardCharsets.US_ASCII), null};
    private final byte[][] setArgv = {"SET".getBytes(StandardCharsets.US_ASCII), null, VALUE};

    // dictGet, dictPut: a plain Dict with the same keys and values.
    private Dict dict;

    static byte[] key(int i) {
        return String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII);
    }

    /** Builds only what the benchmark method being run uses: the server's db or a plain Dict. */
    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        int[] order = new int[keys];
        for (int i = 0; i < keys; i++) order[i] = i;
        Random rnd = new Random(42);
        for (int i = keys - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        // Allocated in the order they are used, so reading the next argument walks memory
        // sequentially, as reading it out of the query buffer would: the cache misses are the table's.
        lookups = new byte[keys][];
        for (int i = 0; i < keys; i++) lookups[i] = key(order[i]);
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        if (method.startsWith("dict")) {
            dict = new Dict(false);
            for (int i = 0; i < keys; i++) dict.put(key(i), VALUE.clone());
            while (dict.rehash(1000)) { /* finish the rehashing the preload left */ }
            if (dict.size() != keys) throw new IllegalStateException("preload made " + dict.size() + " keys");
        } else {
            core = new RedisCore(RedisCore.DEFAULT_DBNUM);
            Commands.registerAll(core.commands);
            db = core.db(0);
            for (int i = 0; i < keys; i++) db.add(key(i), VALUE.clone());
            while (db.incrementallyRehash()) { /* 1 ms steps, like databasesCron */ }
            client = new Client(1, core);
            client.reply.setResp(2);
            if (db.size() != keys) throw new IllegalStateException("preload made " + db.size() + " keys");
        }
    }

    private byte[] nextKey() {
        byte[] k = lookups[next];
        if (++next == lookups.length) next = 0;
        return k;
    }

    @Benchmark
    public int getCommand() {
        getArgv[1] = nextKey();
        return call(client, getArgv, 2);
    }

    @Benchmark
    public int setCommand() {
        setArgv[1] = nextKey();
        return call(client, setArgv, 3);
    }

    /** lookupCommand, then the proc, as processCommand/call do; returns the reply length and clears it. */
    private static int call(Client c, byte[][] argv, int argc) {
        c.argv = argv;
        c.argc = argc;
        RedisCommand cmd = c.server.commands.lookupCommand(argv, argc);
        c.cmd = cmd;
        cmd.proc.call(c);
        c.lastcmd = cmd;
        int n = c.reply.bufpos();
        c.reply.clear();
        return n;
    }

    @Benchmark
    public Object dbLookupKeyRead() {
        return db.lookupKeyRead(nextKey());
    }

    @Benchmark
    public void dbSetKey() {
        db.setKey(nextKey(), VALUE, false);
    }

    @Benchmark
    public Object dictGet() {
        return dict.get(nextKey());
    }

    @Benchmark
    public Object dictPut() {
        return dict.put(nextKey(), VALUE);
    }
}
