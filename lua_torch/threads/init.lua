-- threads: Torch7's threads package. Each worker is a separate LuaJIT state on its own OS thread
-- (Python threads driving independent lupa runtimes, lua_torch/threads/backend.py). Callbacks, their
-- upvalues and arguments are torch-serialized into the worker and results back; tensors in arguments and
-- results cross BY REFERENCE (retain/release of the C tensor, same storage), tensors captured as upvalues
-- are copied by the serializer; mutexes are shared process-wide by id.
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

-- Tensors in job arguments and results (at any depth of plain tables) cross by reference: the sender
-- hands over one retained reference to the C tensor, the receiver wraps it (torch._pushtensor takes it).
local SHARED = '__threads_shared_tensor'
local function share(v, seen)
   if torch.isTensor(v) then
      return { [SHARED] = torch._retainedpointer(v) }
   elseif type(v) == 'table' and torch.typename(v) == nil and getmetatable(v) == nil then
      seen = seen or {}
      if seen[v] then return seen[v] end
      local c = {}
      seen[v] = c
      for k, x in pairs(v) do c[k] = share(x, seen) end
      return c
   end
   return v
end
local function unshare(v, seen)
   if type(v) == 'table' and getmetatable(v) == nil then
      if v[SHARED] then return torch._pushtensor(v[SHARED]) end
      seen = seen or {}
      if seen[v] then return v end
      seen[v] = true
      for k, x in pairs(v) do v[k] = unshare(x, seen) end
   end
   return v
end
threads._share, threads._unshare = share, unshare

local function packed(...)
   local st = torch.serializeToStorage(share({ n = select('#', ...), ... }))
   return st, tonumber(ffi.cast('uintptr_t', st:data())), st:size()
end

local Threads = torch.class('threads.Threads')

-- threads.Threads(n, init1, init2, ...): each init function runs in every worker with its thread id
function Threads:__init(n, ...)
   if type(n) ~= 'number' or n < 1 then error('threads.Threads: number of threads must be >= 1', 2) end
   local st, addr, size = packed(...)
   local r = { B().new_pool(n, addr, size) }
   if r[1] == nil then error(r[2], 2) end
   self._pool, self._n, self._next, self._ends = r[1], n, 0, {}
   self.N = n
end

-- addjob(callback, endcallback, ...): callback(...) runs in a worker; endcallback(results...) runs
-- here, in the main thread, during synchronize (or dojob)
function Threads:addjob(callback, endcallback, ...)
   if not self._pool then error('threads: pool terminated', 2) end
   if type(callback) ~= 'function' then error('threads.addjob: callback must be a function', 2) end
   self._next = self._next + 1
   self._ends[self._next] = endcallback or false
   local ok, st, addr, size = pcall(packed, callback, ...)
   if not ok then error('threads.addjob: cannot serialize the job: ' .. tostring(st), 2) end
   B().add(self._pool, self._next, addr, size)
end

-- runs the end callback of one finished job; false when no job is pending
function Threads:dojob()
   local jid, ok, data = B().wait_one(self._pool)
   if jid == nil then return false end
   local endcb = self._ends[jid]
   self._ends[jid] = nil
   if not ok then error(data, 2) end
   local res = unshare(torch.deserialize(data, 'binary', { allowFunctions = true }))
   if endcb then endcb(unpack(res, 1, res.n)) end
   return true
end

function Threads:hasjob() return next(self._ends) ~= nil end

function Threads:synchronize()
   while self:dojob() do end
end

function Threads:terminate()
   if self._pool then
      self:synchronize()
      B().terminate(self._pool)
      self._pool = nil
   end
end

function Threads:specific() return false end

local Mutex = torch.class('threads.Mutex')
-- threads.Mutex() creates one; threads.Mutex(id) opens an existing one (in a worker, after m:id())
function Mutex:__init(id)
   self._id = id or B().mutex_new()
end
function Mutex:lock() B().mutex_lock(self._id) end
function Mutex:unlock() B().mutex_unlock(self._id) end
function Mutex:id() return self._id end
function Mutex:free() end

threads.serialization = function() end
package.loaded['threads'] = threads
return threads
