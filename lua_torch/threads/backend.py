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
return {
   -- runs every init function with the thread id; returns the last one's results
   init = function(s)
      local t, n = threads._unpack(s)
      if n == 0 then return threads._pack() end
      for i = 1, n - 1 do t[i](threadid) end
      return threads._pack(t[n](threadid))
   end,
   run = function(s)
      local t = threads._unpack(s)
      return threads._pack(t[1](unpack(t, 2, t.n)))
   end,
}
"""

_STOP = object()


def _bytes(addr, size):
    return ctypes.string_at(int(addr), int(size))


class _Pool:
    """N workers; a shared job queue, and one queue per worker for specific mode. A worker reads the queue
    of the mode it is in; a mode switch is a control item on that queue (sent when no job is pending)."""

    def __init__(self, n, init_addr, init_size):
        n = int(n)
        self.n = n
        self.jobs = queue.Queue()
        self.own = [queue.Queue() for _ in range(n)]
        self.results = queue.Queue()
        self.specific = False
        self.threads = []
        self.init_results = [None] * n
        init = _bytes(init_addr, init_size)
        ready = queue.Queue()
        for i in range(n):
            t = threading.Thread(target=self._worker, args=(i + 1, init, ready), daemon=True)
            t.start()
            self.threads.append(t)
        errors = [e for e in (ready.get() for _ in range(n)) if e]
        if errors:
            self.terminate()
            raise RuntimeError(errors[0])

    def _worker(self, threadid, init, ready):
        from bridge.runtime import LuaRuntime, LuaError
        try:
            rt = LuaRuntime()
            w = rt.execute(_WORKER_LUA, threadid, name="=threads.worker")
            st, addr, size = rt.call(w.init, init)
            self.init_results[threadid - 1] = _bytes(addr, size)
            del st
        except LuaError as e:
            ready.put(f"threads: init function failed in thread {threadid}: {e}")
            return
        ready.put(None)
        specific = False
        while True:
            item = (self.own[threadid - 1] if specific else self.jobs).get()
            if item is _STOP:
                return
            if item[0] == "mode":
                specific = item[1]
                self.results.put((None, True, None, threadid))
                continue
            _, jid, payload = item
            try:
                st, addr, size = rt.call(w.run, payload)
                self.results.put((jid, True, _bytes(addr, size), threadid))
                del st
            except LuaError as e:
                self.results.put((jid, False, str(e), threadid))

    def add(self, jid, idx, addr, size):
        q = self.own[int(idx) - 1] if self.specific else self.jobs
        q.put(("job", int(jid), _bytes(addr, size)))

    def queued(self, idx):
        return (self.own[int(idx) - 1] if self.specific else self.jobs).qsize()

    def wait_one(self):
        while True:
            jid, ok, data, tid = self.results.get()
            if jid is not None:
                return jid, ok, data, tid

    def set_specific(self, flag):
        """Called with no job pending: every worker gets one control item on the queue it reads now, and
        the switch is complete once all have acknowledged it."""
        flag = bool(flag)
        if flag == self.specific:
            return
        for i in range(self.n):
            (self.own[i] if self.specific else self.jobs).put(("mode", flag))
            if not self.specific:
                # from the shared queue a worker must take exactly one item: wait for each acknowledgement
                self._ack()
        if self.specific:
            for _ in range(self.n):
                self._ack()
        self.specific = flag

    def _ack(self):
        jid, _, _, _ = self.results.get()
        assert jid is None, "threads: a job finished during a mode switch"

    def terminate(self):
        for i in range(len(self.threads)):
            (self.own[i] if self.specific else self.jobs).put(_STOP)
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


def add(pid, jid, idx, addr, size):
    _pools[int(pid)].add(jid, idx, addr, size)


def queued(pid, idx):
    return _pools[int(pid)].queued(idx)


def wait_one(pid):
    return _pools[int(pid)].wait_one()


def set_specific(pid, flag):
    _pools[int(pid)].set_specific(flag)


def init_result(pid, threadid):
    return _pools[int(pid)].init_results[int(threadid) - 1]


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
