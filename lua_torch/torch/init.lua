-- The torch package: Torch7's tensors, storages, class system and utilities on LuaJIT's ffi.
local ffi = require 'ffi'

torch = torch or {}
local torch = torch
torch._VERSION = 'luatorch'

local here = debug.getinfo(1, 'S').source:match('^@(.*)init%.lua$') or './'
torch._dir = here

-- what `require 'cutorch'`, `require 'cunn'` and `:cuda()` say on this build
torch.CUDA_UNAVAILABLE = "CUDA is not available to Lua scripts here (no GPU backend for cutorch/cunn in this "
   .. "luatorch build); run on the CPU, e.g. `local ok = pcall(require, 'cunn')` and skip :cuda() when not ok"

local function load_part(name, ...)
   local f = assert(loadfile(here .. name .. '.lua'))
   return f(torch, ...)
end

load_part('class')
local core = require 'torch.core'
torch._core = core
load_part('storage', core)
load_part('tensor', core)
load_part('print', core)
load_part('utils', core)
load_part('math', core)
load_part('Tester', core)
load_part('TestSuite', core)

-- optional parts written by other packages (file codec, Timer, CmdLine...) plug in here when present
for _, name in ipairs({ 'File', 'DiskFile', 'MemoryFile', 'serialize', 'Timer', 'CmdLine' }) do
   local path = here .. name .. '.lua'
   local fh = io.open(path, 'r')
   if fh then
      fh:close()
      assert(loadfile(path))(torch, core)
   end
end

-- torch.test([tests[, seed]]): the package's own unit tests through torch.Tester (torch/test.lua)
function torch.test(tests, seed) return assert(loadfile(here .. 'test.lua'))()(tests, seed) end

-- methods added to the shared table after the classes were made
for dtype, cls in pairs(torch._TensorClass) do
   for k, v in pairs(torch._TensorMethods) do
      -- the latest definition wins, except over ops the dispatcher installed per type
      if rawget(cls, k) == nil or torch._dispatch.ops[k] == nil then cls[k] = v end
   end
end

torch.setdefaulttensortype('torch.DoubleTensor')
-- last, so every part above captured Lua's own type()
torch._install_globals()
return torch
