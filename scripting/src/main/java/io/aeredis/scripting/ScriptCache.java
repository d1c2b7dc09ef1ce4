package io.aeredis.scripting;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The EVAL script cache (Redis's lua_scripts dict): SHA1 → script body and shebang flags,
 * filled by EVAL and SCRIPT LOAD, emptied by SCRIPT FLUSH. Thread safe, so scripts compiled on
 * other threads can be added. Compiled functions live per JS context (see {@link JsContext});
 * this only says which scripts EVALSHA may run.
 */
public final class ScriptCache {
    /** One cached script: its SHA1 (lower-case hex), body bytes and shebang flags. */
    public record Entry(String sha, byte[] body, int flags) {}

    private final ConcurrentHashMap<String, Entry> scripts = new ConcurrentHashMap<>();

    /** The script with this SHA1 (lower-case hex), or null. */
    public Entry get(String sha) {
        return scripts.get(sha);
    }

    public void put(Entry e) {
        scripts.putIfAbsent(e.sha(), e);
    }

    public boolean contains(String sha) {
        return scripts.containsKey(sha);
    }

    /** number_of_cached_scripts. */
    public int size() {
        return scripts.size();
    }

    /**
     * Heap bytes of the cache for MEMORY STATS' lua.caches: each script's body, its SHA1
     * string, its entry and map node (what the JS contexts compiled is not counted: GraalVM
     * does not say).
     */
    public long heapBytes() {
        long bytes = 0;
        for (Entry e : scripts.values()) {
            bytes += io.aeredis.commands.HeapSize.byteArray(e.body().length) + ENTRY_OVERHEAD_BYTES;
        }
        return bytes;
    }

    /** The record (24), the SHA1 String with its 40-byte array (24 + 56) and the map node (32). */
    private static final long ENTRY_OVERHEAD_BYTES = 24 + 24 + 56 + 32;

    /** SCRIPT FLUSH: forget every script, and let the JS contexts drop what they compiled. */
    public void flush() {
        scripts.clear();
        ScriptEngine.scriptsFlushed();
    }
}
