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

    /** SCRIPT FLUSH: forget every script, and let the JS contexts drop what they compiled. */
    public void flush() {
        scripts.clear();
        ScriptEngine.scriptsFlushed();
    }
}
