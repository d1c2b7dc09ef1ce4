package io.aeredis.scripting;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox: a script reaches nothing outside ECMAScript and the `redis` object. Each escape
 * route is tried and must fail.
 */
class SandboxTest {
    final Harness h = new Harness();

    /** Runs a script and returns its reply; a refused attempt is an error reply. */
    private String attempt(String js) {
        return h.eval(js);
    }

    private void denied(String js, String why) {
        String r = attempt(js);
        assertTrue(r.startsWith("-ERR user_script:1: " + why), js + " => " + r);
    }

    @Test
    void hostInteropIsGone() {
        denied("return Java.type('java.lang.System').exit(1)", "ReferenceError: Java is not defined");
        denied("return Packages.java.lang.System", "ReferenceError: Packages is not defined");
        denied("return java.lang.Runtime", "ReferenceError: java is not defined");
        denied("return Polyglot.eval('js', '1')", "ReferenceError: Polyglot is not defined");
        denied("return Polyglot.import('x')", "ReferenceError: Polyglot is not defined");
        denied("return Graal.versionJS", "ReferenceError: Graal is not defined");
        assertEquals("$9\r\nundefined\r\n", attempt("return typeof globalThis['Java']"));
        // Through indirect eval and the Function constructor too.
        denied("return (0, eval)('Java')", "ReferenceError: Java is not defined");
        denied("return Function('return Polyglot')()", "ReferenceError: Polyglot is not defined");
    }

    @Test
    void shellFunctionsAndIoAreGone() {
        denied("print('x')", "ReferenceError: print is not defined");
        denied("printErr('x')", "ReferenceError: printErr is not defined");
        denied("console.log('x')", "ReferenceError: console is not defined");
        denied("load('/etc/passwd')", "ReferenceError: load is not defined");
        denied("loadWithNewGlobal('/etc/passwd')", "ReferenceError: loadWithNewGlobal is not defined");
        denied("return read('/etc/passwd')", "ReferenceError: read is not defined");
        denied("return readFully('/etc/passwd')", "ReferenceError: readFully is not defined");
        denied("return readline()", "ReferenceError: readline is not defined");
        denied("quit()", "ReferenceError: quit is not defined");
        denied("exit()", "ReferenceError: exit is not defined");
        denied("return require('fs')", "ReferenceError: require is not defined");
        denied("return process.env", "ReferenceError: process is not defined");
        // A module import cannot read a file: IO is denied, the import's promise rejects
        // (promise jobs run when the evaluation returns, so look at the state afterwards).
        org.graalvm.polyglot.Value holder = ScriptEngine.context().eval(
                "(() => { const h = {state: 'pending'}; import('/etc/passwd').then(() => { h.state = 'read' }, "
                + "(e) => { h.state = 'denied: ' + e }); return h; })()");
        String state = holder.getMember("state").asString();
        assertTrue(state.startsWith("denied: "), state);
    }

    @Test
    void threadsTimersAndAgentsAreGone() {
        denied("new Worker('x')", "ReferenceError: Worker is not defined");
        denied("setTimeout(() => 1, 1)", "ReferenceError: setTimeout is not defined");
        denied("setInterval(() => 1, 1)", "ReferenceError: setInterval is not defined");
        denied("return new SharedArrayBuffer(8)", "ReferenceError: SharedArrayBuffer is not defined");
        denied("return Atomics.wait", "ReferenceError: Atomics is not defined");
        denied("return performance.now()", "ReferenceError: performance is not defined");
    }

    @Test
    void theGlobalScopeIsExactlyEcmascriptAndRedis() {
        String r = attempt("return Object.getOwnPropertyNames(globalThis).sort().join(' ')");
        String names = r.substring(r.indexOf("\r\n") + 2, r.length() - 2);
        Set<String> got = new TreeSet<>(Arrays.asList(names.split(" ")));
        Set<String> expected = new TreeSet<>(Arrays.asList((
                "AggregateError Array ArrayBuffer BigInt BigInt64Array BigUint64Array Boolean DataView Date Error EvalError "
                + "Float16Array Float32Array Float64Array Function Infinity Int16Array Int32Array Int8Array Iterator JSON Map Math NaN "
                + "Number Object Promise Proxy RangeError ReferenceError Reflect RegExp Set String Symbol SyntaxError TypeError "
                + "URIError Uint16Array Uint32Array Uint8Array Uint8ClampedArray WeakMap WeakSet decodeURI decodeURIComponent "
                + "encodeURI encodeURIComponent escape eval globalThis isFinite isNaN parseFloat parseInt redis undefined unescape")
                .split(" ")));
        assertEquals(expected, got);
    }

    @Test
    void scriptsCannotCreateGlobalsOrReplaceBuiltins() {
        denied("leak = 1", "ReferenceError: leak is not defined");
        denied("globalThis.leak = 1", "TypeError: ");
        denied("JSON = null", "TypeError: ");
        denied("redis.call = () => 1", "TypeError: ");
        denied("redis.newThing = 1", "TypeError: ");
        // Declarations are local to the script.
        assertEquals(":2\r\n", attempt("var v = 1; let w = 1; function f() { return v + w } return f()"));
        assertEquals("$9\r\nundefined\r\n", attempt("return typeof v"));
    }

    @Test
    void hostExceptionsNeverReachScripts() {
        // The host functions behind redis.* never throw Java exceptions into JS; failures are values.
        assertEquals("$6\r\nobject\r\n", attempt("return typeof redis.pcall('nosuch')"));
        assertEquals(":1\r\n", attempt("try { redis.call('nosuch') } catch (e) { return e instanceof Error } return 0"));
        // Their source is JS: no host object to poke at.
        assertEquals("$8\r\nfunction\r\n", attempt("return typeof redis.call"));
    }
}
