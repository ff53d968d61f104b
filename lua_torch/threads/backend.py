"""Python side of the Lua `threads` package: a pool of OS threads, each owning its own LuaJIT state
(a bridge LuaRuntime created in that thread). Jobs and results cross as torch-serialized bytes."""
import ctypes
import queue
import threading

_pools = {}
_next_pool = [0]
_mutexes = {}
_next_mutex = [0]
_registry_lock = threading.Lock()

_WORKER_LUA = r"""
local threadid = ...
__threadid = threadid
local threads = require 'threads'
local ffi = require 'ffi'
local function pack(...)
   local st = torch.serializeToStorage(threads._share({ n = select('#', ...), ... }))
   return st, tonumber(ffi.cast('uintptr_t', st:data())), st:size()
end
local function unpackArgs(s)
   local t = threads._unshare(torch.deserialize(s, 'binary', { allowFunctions = true }))  -- our own job, from the main state
   return t, t.n or #t
end
return {
   init = function(s)
      local t, n = unpackArgs(s)
      for i = 1, n do t[i](threadid) end
   end,
   run = function(s)
      local t = unpackArgs(s)
      local f = t[1]
      return pack(f(unpack(t, 2, t.n)))
   end,
}
"""


def _bytes(addr, size):
    return ctypes.string_at(int(addr), int(size))


class _Pool:
    def __init__(self, n, init_addr, init_size):
        self.jobs = queue.Queue()
        self.results = queue.Queue()
        self.pending = 0
        self.threads = []
        init = _bytes(init_addr, init_size)
        ready = queue.Queue()
        for i in range(int(n)):
            t = threading.Thread(target=self._worker, args=(i + 1, init, ready), daemon=True)
            t.start()
            self.threads.append(t)
        errors = [e for e in (ready.get() for _ in range(int(n))) if e]
        if errors:
            self.terminate()
            raise RuntimeError(errors[0])

    def _worker(self, threadid, init, ready):
        from bridge.runtime import LuaRuntime, LuaError
        try:
            rt = LuaRuntime()
            w = rt.execute(_WORKER_LUA, threadid, name="=threads.worker")
            rt.call(w.init, init)
        except LuaError as e:
            ready.put(f"threads: init function failed in thread {threadid}: {e}")
            return
        ready.put(None)
        while True:
            job = self.jobs.get()
            if job is None:
                return
            jid, payload = job
            try:
                st, addr, size = rt.call(w.run, payload)
                self.results.put((jid, True, _bytes(addr, size)))
                del st
            except LuaError as e:
                self.results.put((jid, False, f"threads: job failed in thread {threadid}: {e}"))

    def add(self, jid, addr, size):
        self.pending += 1
        self.jobs.put((int(jid), _bytes(addr, size)))

    def wait_one(self):
        if self.pending == 0:
            return None, None, None
        jid, ok, data = self.results.get()
        self.pending -= 1
        return jid, ok, data

    def terminate(self):
        for _ in self.threads:
            self.jobs.put(None)
        for t in self.threads:
            t.join()
        self.threads = []


def new_pool(n, init_addr, init_size):
    try:
        p = _Pool(n, init_addr, init_size)
    except RuntimeError as e:
        return None, str(e)
    with _registry_lock:
        _next_pool[0] += 1
        _pools[_next_pool[0]] = p
        return _next_pool[0], None


def add(pid, jid, addr, size):
    _pools[int(pid)].add(jid, addr, size)


def wait_one(pid):
    return _pools[int(pid)].wait_one()


def terminate(pid):
    p = _pools.pop(int(pid), None)
    if p is not None:
        p.terminate()


def mutex_new():
    with _registry_lock:
        _next_mutex[0] += 1
        _mutexes[_next_mutex[0]] = threading.Lock()
        return _next_mutex[0]


def mutex_lock(mid):
    _mutexes[int(mid)].acquire()


def mutex_unlock(mid):
    _mutexes[int(mid)].release()
