-- hdf5: torch-hdf5's API (hdf5.open, file:write, file:read(path):all()/partial, close), backed by h5py.
require 'torch'
local ffi = require 'ffi'

local hdf5 = {}
_G.hdf5 = hdf5   -- torch.class('hdf5.X') needs the global table
local backend
local function B()
   if not backend then
      backend = python.eval('__import__("importlib").import_module("lua_torch.hdf5.backend")')
   end
   return backend
end

local KIND = {
   ['torch.DoubleTensor'] = 'double', ['torch.FloatTensor'] = 'float', ['torch.LongTensor'] = 'long',
   ['torch.IntTensor'] = 'int', ['torch.ShortTensor'] = 'short', ['torch.CharTensor'] = 'char',
   ['torch.ByteTensor'] = 'byte',
}
local CTOR = {
   double = torch.DoubleTensor, float = torch.FloatTensor, long = torch.LongTensor, int = torch.IntTensor,
   short = torch.ShortTensor, char = torch.CharTensor, byte = torch.ByteTensor,
}

local function normpath(p)
   if type(p) ~= 'string' then error('hdf5: dataset path must be a string', 3) end
   return p:sub(1, 1) == '/' and p or '/' .. p
end

local File = torch.class('hdf5.HDF5File')
local DataSet = torch.class('hdf5.HDF5DataSet')

function hdf5.open(path, mode)
   local r = { B().open_file(path, mode or 'a') }
   if r[1] == nil then error(r[2], 2) end
   local f = torch.factory('hdf5.HDF5File')()
   f._id, f._path = r[1], path
   return f
end

function File:write(path, t)
   if not self._id then error('hdf5: file is closed', 2) end
   local kind = KIND[torch.type(t)]
   if not kind then error('hdf5.write: cannot write a ' .. torch.type(t), 2) end
   local c = t:contiguous()
   local shape = {}
   for i = 1, c:dim() do shape[i] = c:size(i) end
   B().write(self._id, normpath(path), tonumber(ffi.cast('uintptr_t', c:data())), kind, shape)
end

function File:read(path)
   if not self._id then error('hdf5: file is closed', 2) end
   path = normpath(path or '/')
   local r = { B().dataspace(self._id, path) }
   if r[1] == nil then error(r[2], 2) end
   local d = torch.factory('hdf5.HDF5DataSet')()
   d._file, d._name = self, path
   return d
end

function File:close()
   if self._id then B().close(self._id); self._id = nil end
end

function File:__tostring__() return 'hdf5.HDF5File: ' .. tostring(self._path) end

local function fetch(self, ranges)
   local r = { B().read(self._file._id, self._name, ranges) }
   if r[1] == nil then error(r[2], 3) end
   local data, kind, shape = r[1], r[2], r[3]
   local dims = {}
   for n in shape:gmatch('%d+') do dims[#dims + 1] = tonumber(n) end
   local t
   if #dims == 0 then t = CTOR[kind](1) else t = CTOR[kind]():resize(torch.LongStorage(dims)) end  -- LongTensor(LongStorage) would view it
   if t:nElement() > 0 then ffi.copy(t:data(), data, #data) end
   return t
end

function DataSet:all() return fetch(self, nil) end

-- partial({a1,b1}, {a2,b2}, ...): 1-based inclusive ranges per dimension, as torch-hdf5
function DataSet:partial(...)
   local ranges = { ... }
   for i, r in ipairs(ranges) do
      if type(r) ~= 'table' or #r ~= 2 then error('hdf5.partial: each range is {first, last}', 2) end
   end
   return fetch(self, ranges)
end

function DataSet:dataspaceSize()
   local r = { B().dataspace(self._file._id, self._name) }
   local s = {}
   for n in r[1]:gmatch('%d+') do s[#s + 1] = tonumber(n) end
   return s
end

package.loaded['hdf5'] = hdf5
return hdf5
