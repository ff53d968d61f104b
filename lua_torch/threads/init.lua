-- threads: Torch7's threads package. Each worker is a separate LuaJIT state on its own OS thread
-- (Python threads driving independent lupa runtimes, lua_torch/threads/backend.py). Callbacks, their
-- upvalues and arguments are torch-serialized into the worker and results back. Tensors anywhere in them
-- (arguments, results, upvalues, fields of objects) cross BY REFERENCE, as with Torch7's
-- threads.sharedserialize: the sender hands over one retained reference to the C tensor and the receiver
-- wraps it, so both sides see one storage. Mutexes are shared process-wide by id.
--
-- As in threads-ffi: the job queue holds at most N jobs (addjob runs finished jobs' end callbacks while it
-- is full), specific mode (pool:specific(true)) addresses jobs to one thread (addjob(id, callback, ...)),
-- errors in callbacks are collected and raised by synchronize (or the next addjob), and
-- threads.Threads(N, init...) returns the pool and the results of the last init function in each thread.
require 'torch'
local ffi = require 'ffi'

local threads = {}
_G.threads = threads

local backend
local function B()
   if not backend then
      backend = python.eval('__import__("importlib").import_module("lua_torch.threads.backend")')
   end
   return backend
end

-- Writing: every tensor met on the way (at any depth, upvalues included) becomes a marker holding a
-- retained reference. Reading: markers become tensors again (each marker's reference is taken once).
local SHARED = '__threads_shared_tensor'
local function shareHook(v)
   if torch.isTensor(v) then return { [SHARED] = torch._retainedpointer(v) } end
   return v
end

local function unshare(v, seen)
   local tv = type(v)
   if tv == 'table' then
      local addr = rawget(v, SHARED)
      if addr then return torch._pushtensor(addr) end
      seen = seen or {}
      if seen[v] then return v end
      seen[v] = true
      for k, x in pairs(v) do
         local y = unshare(x, seen)
         if y ~= x then rawset(v, k, y) end
      end
   elseif tv == 'function' then
      seen = seen or {}
      if seen[v] then return v end
      seen[v] = true
      local i = 1
      while true do
         local name, x = debug.getupvalue(v, i)
         if name == nil then break end
         local y = unshare(x, seen)
         if y ~= x then debug.setupvalue(v, i, y) end
         i = i + 1
      end
   end
   return v
end

-- (storage, address, size) of the serialized values; the storage must stay alive while the bytes are read
local function pack(...)
   local file = torch.MemoryFile()
   file:binary()
   file:writeObject({ n = select('#', ...), ... }, nil, shareHook)
   local st = file:storage()
   file:close()
   return st, tonumber(ffi.cast('uintptr_t', st:data())), st:size() - 1
end
local function unpackBytes(s)
   local t = unshare(torch.deserialize(s, 'binary', { allowFunctions = true }))
   return t, t.n or #t
end
threads._pack, threads._unpack = pack, unpackBytes

local Threads = torch.class('threads.Threads')

-- threads.Threads(n, init1, init2, ...): each init function runs in every worker with its thread id;
-- returns the pool and a table of the last init function's results, one entry per thread
function Threads:__init(n, ...)
   if type(n) ~= 'number' or n < 1 or n % 1 ~= 0 then
      error('threads.Threads: number of threads must be a positive integer', 2)
   end
   local st, addr, size = pack(...)
   local r = { B().new_pool(n, addr, size) }
   if r[1] == nil then error(r[2], 2) end
   self._pool, self.N = r[1], n
   self._ends, self._pending, self._next = {}, 0, 0
   self._errors = {}
   self._specific = false
   self._initres = {}
   for i = 1, n do
      local res = unpackBytes(B().init_result(self._pool, i))
      self._initres[#self._initres + 1] = { unpack(res, 1, res.n) }
   end
end

-- the constructor returns (pool, initres) like threads-ffi's
threads.Threads = setmetatable({}, {
   __index = Threads, __newindex = Threads,
   __call = function(_, ...)
      local pool = Threads.new(...)
      return pool, pool._initres
   end,
   __tostring = function() return 'threads.Threads' end,
})

function Threads:isrunning() return self._pool ~= nil end

local function checkrunning(self, level)
   if not self._pool then error('threads: the pool is terminated (thread system is not running)', level + 1) end
end

-- specific(flag): with flag, finishes pending jobs and switches mode; without, returns the mode
function Threads:specific(flag)
   checkrunning(self, 2)
   if flag == nil then return self._specific end
   if type(flag) ~= 'boolean' then error('threads.specific: boolean expected', 2) end
   self:synchronize()
   if flag ~= self._specific then
      B().set_specific(self._pool, flag)
      self._specific = flag
   end
end

-- whether addjob would queue without waiting (for the given thread in specific mode)
function Threads:acceptsjob(idx)
   checkrunning(self, 2)
   if self._specific then
      if type(idx) ~= 'number' or idx < 1 or idx > self.N or idx % 1 ~= 0 then
         error('threads.acceptsjob: thread index (1..' .. self.N .. ') expected', 2)
      end
   end
   return B().queued(self._pool, self._specific and idx or 0) < self.N
end

-- addjob([id,] callback, endcallback, ...): callback(...) runs in a worker (thread id in specific mode);
-- endcallback(results...) runs here, in the main thread, during synchronize/dojob/addjob
function Threads:addjob(...)
   checkrunning(self, 2)
   if #self._errors > 0 then self:synchronize() end
   local idx, callback, endcallback, first
   if self._specific then
      idx, callback, endcallback = ...
      if type(idx) ~= 'number' or idx < 1 or idx > self.N or idx % 1 ~= 0 then
         error('threads.addjob: in specific mode the first argument is a thread index (1..' .. self.N .. ')', 2)
      end
      first = 4
   else
      callback, endcallback = ...
      first = 3
   end
   if type(callback) ~= 'function' then error('threads.addjob: function callback expected', 2) end
   if endcallback ~= nil and type(endcallback) ~= 'function' then
      error('threads.addjob: function (or nil) endcallback expected', 2)
   end
   -- a full queue: finish running jobs first
   while not self:acceptsjob(idx) do self:dojob() end
   local ok, st, addr, size = pcall(pack, callback, select(first, ...))
   if not ok then error('threads.addjob: cannot serialize the job: ' .. tostring(st), 2) end
   self._next = self._next + 1
   self._ends[self._next] = endcallback or false
   self._pending = self._pending + 1
   B().add(self._pool, self._next, idx or 0, addr, size)
end

-- waits for one finished job and runs its end callback; errors are kept for synchronize
function Threads:dojob()
   checkrunning(self, 2)
   if self._pending == 0 then return false end
   local jid, ok, data, tid = B().wait_one(self._pool)
   self._pending = self._pending - 1
   local endcb = self._ends[jid]
   self._ends[jid] = nil
   if not ok then
      self._errors[#self._errors + 1] = string.format('[thread %d callback] %s', tid, tostring(data))
      return true
   end
   local res = unpackBytes(data)
   if endcb then
      local okcb, msg = xpcall(function() endcb(unpack(res, 1, res.n)) end, debug.traceback)
      if not okcb then
         self._errors[#self._errors + 1] = string.format('[thread %d endcallback] %s', tid, tostring(msg))
      end
   end
   return true
end

function Threads:hasjob() return self._pool ~= nil and self._pending > 0 end
function Threads:haserror() return #self._errors > 0 end

function Threads:synchronize()
   if not self._pool then return end
   while self._pending > 0 do self:dojob() end
   if #self._errors > 0 then
      local msg = '\n' .. table.concat(self._errors, '\n')
      self._errors = {}
      error(msg, 2)
   end
end

function Threads:terminate()
   if self._pool then
      local ok, err = pcall(self.synchronize, self)
      B().terminate(self._pool)
      self._pool = nil
      if not ok then error(err, 2) end
   end
end

local Mutex = torch.class('threads.Mutex')
-- threads.Mutex() creates one; threads.Mutex(id) opens an existing one (in a worker, after m:id())
function Mutex:__init(id)
   self._id = id or B().mutex_new()
end
function Mutex:lock() B().mutex_lock(self._id) end
function Mutex:unlock() B().mutex_unlock(self._id) end
function Mutex:id() return self._id end
function Mutex:free() end

-- tensors always cross by reference here (the behaviour of threads.sharedserialize); the choice of
-- serializer is accepted and remembered for scripts that read it back
local serializer = 'threads.sharedserialize'
function threads.serialization(name)
   if name == nil then return serializer end
   if type(name) ~= 'string' then error('threads.serialization: module name (string) expected', 2) end
   serializer = name
end
threads.Threads.serialization = threads.serialization

package.loaded['threads'] = threads
return threads
