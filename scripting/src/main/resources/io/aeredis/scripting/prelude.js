// Evaluated once per JS context, before any script: builds the global `redis` object on top
// of the host functions it is given, strips the global scope to the ECMAScript built-ins, and
// returns the helpers the Java side uses to build JS values. See JsContext and README.md.
(function (nCall, nLog, nSha1, nSetResp, nSpin, nRegister, version, versionNum) {
  'use strict';
  const G = globalThis;

  // Everything that is not plain ECMAScript: shells' I/O, engine and host access, timers,
  // agents. Most are already off through context options; deleting makes sure.
  for (const name of ['print', 'printErr', 'load', 'loadWithNewGlobal', 'console', 'Polyglot', 'Java',
      'Graal', 'Packages', 'java', 'javax', 'javafx', 'com', 'org', 'edu', 'quit', 'exit', 'read',
      'readline', 'readbuffer', 'readFully', 'arguments', 'Debug', 'Realm', 'Worker', 'setTimeout',
      'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'performance', 'SharedArrayBuffer',
      'Atomics', 'WebAssembly', 'require', 'process', 'global', '$262', 'FinalizationRegistry', 'WeakRef']) {
    delete G[name];
  }

  // What the host returns for a failed redis.call: only this closure can make one, so a
  // script cannot forge a failure.
  class CallFailure {
    constructor(err) { this.err = err; }
  }

  // The error redis.call throws: an Error (stack, message) carrying the Redis error text in
  // `err`, like the {err=...} table Lua raises. An uncaught one becomes that error reply.
  class RedisError extends Error {
    constructor(err) {
      super(err);
      this.err = err;
    }
  }
  Object.defineProperty(RedisError.prototype, 'name', { value: 'RedisError', writable: true, configurable: true });

  function fail(text) {
    throw new RedisError(text);
  }

  // luaRedisErrorReplyCommand: an error without a code gets "ERR ", a leading '-' goes.
  function errorReply(msg) {
    if (arguments.length !== 1 || (typeof msg !== 'string' && typeof msg !== 'number')) {
      fail('ERR wrong number or type of arguments');
    }
    let s = String(msg);
    if (s.startsWith('-')) s = s.substring(1);
    if (s.indexOf(' ') < 0) s = 'ERR ' + s;
    return { err: s };
  }

  function statusReply(msg) {
    if (arguments.length !== 1 || (typeof msg !== 'string' && typeof msg !== 'number')) {
      fail('ERR wrong number or type of arguments');
    }
    return { ok: String(msg) };
  }

  // redis.register_function(name, callback) or ({function_name, callback, flags, description}).
  function registerFunction(...a) {
    let name, callback, flags = [], description = null;
    if (a.length === 1 && a[0] !== null && typeof a[0] === 'object') {
      const o = a[0];
      for (const k of Object.keys(o)) {
        if (k === 'function_name') name = o[k];
        else if (k === 'callback') callback = o[k];
        else if (k === 'flags') flags = o[k];
        else if (k === 'description') description = o[k];
        else fail('ERR unknown argument given to redis.register_function');
      }
      if (name === undefined) fail('ERR redis.register_function must get a function name argument');
      if (callback === undefined) fail('ERR redis.register_function must get a callback argument');
    } else if (a.length === 2) {
      [name, callback] = a;
    } else {
      fail('ERR wrong number of arguments to redis.register_function');
    }
    if (typeof name !== 'string') fail('ERR function_name argument given to redis.register_function must be a string');
    if (typeof callback !== 'function') fail('ERR callback argument given to redis.register_function must be a function');
    if (flags === null || flags === undefined) flags = [];
    if (!Array.isArray(flags)) fail('ERR flags argument to redis.register_function must be a table representing function flags');
    for (const f of flags) if (typeof f !== 'string') fail('ERR unknown flag given');
    if (description !== null && description !== undefined) {
      if (typeof description !== 'string' && typeof description !== 'number') fail('ERR description argument given to redis.register_function must be a string');
      description = String(description);
    } else {
      description = null;
    }
    const err = nRegister(name, callback, flags.join(','), description);
    if (err !== null) fail(err);
  }

  const redis = {
    call(...args) {
      const r = nCall(...args);
      if (r instanceof CallFailure) throw new RedisError(r.err);
      return r;
    },
    pcall(...args) {
      const r = nCall(...args);
      return r instanceof CallFailure ? { err: r.err } : r;
    },
    error_reply: errorReply,
    status_reply: statusReply,
    sha1hex(s) {
      if (arguments.length !== 1) fail('ERR wrong number of arguments');
      return nSha1(String(s));
    },
    log(level, ...msgs) {
      if (arguments.length < 2) fail('ERR redis.log() requires two arguments or more.');
      if (level !== 0 && level !== 1 && level !== 2 && level !== 3) fail('ERR Invalid debug level.');
      nLog(level, msgs.map(String).join(' '));
    },
    setresp(v) {
      if (arguments.length !== 1) fail('ERR redis.setresp() requires one argument.');
      if (v !== 2 && v !== 3) fail('ERR RESP version must be 2 or 3.');
      nSetResp(v);
    },
    // A CPU burner for tests and benchmarks: busy-loops for `ms` milliseconds (SCRIPT KILL
    // stops it), returns the iterations done.
    spin(ms) {
      const r = nSpin(Number(ms));
      if (r instanceof CallFailure) throw new RedisError(r.err);
      return r;
    },
    registerFunction,
    register_function: registerFunction,
    // Effects replication is the only mode since Redis 7.0: these are no-ops.
    replicate_commands() { return true; },
    set_repl(flags) {
      if (arguments.length !== 1) fail('ERR redis.set_repl() requires one argument.');
      if (flags !== 0 && flags !== 1 && flags !== 2 && flags !== 3) fail('ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.');
    },
    LOG_DEBUG: 0,
    LOG_VERBOSE: 1,
    LOG_NOTICE: 2,
    LOG_WARNING: 3,
    REPL_NONE: 0,
    REPL_AOF: 1,
    REPL_SLAVE: 2,
    REPL_REPLICA: 2,
    REPL_ALL: 3,
    REDIS_VERSION: version,
    REDIS_VERSION_NUM: versionNum,
  };
  Object.defineProperty(G, 'redis', { value: Object.freeze(redis), writable: false, enumerable: false, configurable: false });
  // Like Redis 7's protected globals: scripts cannot create globals or replace built-ins, so
  // one script cannot leave state for the next (script bodies run in strict mode, where an
  // assignment to an undeclared name is a ReferenceError).
  Object.freeze(G);

  const mk = {
    list: (...a) => a,
    newArray: (n) => new Array(n),
    // KEYS and ARGV are 1-based like Lua's: index 0 is a hole.
    args: (...a) => [, ...a],
    fail: (m) => new CallFailure(m),
    ok: (s) => ({ ok: s }),
    err: (s) => ({ err: s }),
    bigint: (s) => BigInt(s),
    double: (d) => ({ double: d }),
    bigNumber: (s) => ({ big_number: s }),
    map: (flat) => {
      const entries = [];
      for (let i = 0; i < flat.length; i += 2) entries.push([flat[i], flat[i + 1]]);
      return { map: Object.fromEntries(entries) };
    },
    set: (members) => ({ set: Object.fromEntries(members.map((m) => [m, true])) }),
    verbatim: (format, s) => ({ verbatim_string: { format: format, string: s } }),
    isBigInt: (v) => typeof v === 'bigint',
    // Own enumerable string keys of a plain object (a reply map), in order.
    keys: (o) => Object.keys(o),
    // A Map's entries as [key, value] pairs, or null for anything else.
    mapEntries: (v) => (v instanceof Map ? Array.from(v) : null),
    // Which reply a returned object stands for, from its own properties (never inherited
    // ones: a Map's prototype has a `set` method). See JsContext.toReply.
    kind: (v) => {
      const own = (k) => Object.prototype.hasOwnProperty.call(v, k);
      const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
      if (own('err') && typeof v.err === 'string') return 1;
      if (own('ok') && typeof v.ok === 'string') return 2;
      if (own('double') && typeof v.double === 'number') return 3;
      if (own('map') && isObj(v.map)) return 4;
      if (own('set') && isObj(v.set)) return 5;
      if (own('big_number') && typeof v.big_number === 'string') return 6;
      if (own('verbatim_string') && isObj(v.verbatim_string) && typeof v.verbatim_string.format === 'string'
          && typeof v.verbatim_string.string === 'string') return 7;
      if (v instanceof Map) return 8;
      return 0;
    },
  };
  return mk;
})
