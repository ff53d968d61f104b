-- torch.class and the class registry (Torch7's init.lua + luaT semantics, in plain Lua).
--
-- A class is its metatable: methods live on it, instances are tables (or, for tensors and
-- storages, ffi cdata) whose lookups end there.  The constructor table (nn.Linear) reads through to
-- the metatable, writes into it, and builds an instance when called.
local torch = ...
local rawtype = type

local registry = {}      -- name -> class metatable
local names = {}         -- class metatable -> name
local constructors = {}  -- name -> constructor table
torch._registry = registry
torch._classnames = names

local function forward(meta)
   return function(a, b)
      local mt = getmetatable(a)
      if rawtype(mt) ~= 'table' or mt[meta] == nil then mt = getmetatable(b) end
      local f = mt and mt[meta]
      if f == nil then
         error(string.format("attempt to perform %s on a %s object", meta, torch.typename(a) or rawtype(a)), 2)
      end
      return f(a, b)
   end
end

local function default_tostring(self)
   local mt = getmetatable(self)
   local f = mt.__tostring__
   if f then return f(self) end
   return torch.typename(self) or rawtype(self)
end

local function default_call(self, ...)
   local f = getmetatable(self).__call__
   if f == nil then error(string.format("attempt to call a %s value", torch.typename(self)), 2) end
   return f(self, ...)
end

local function default_eq(a, b)
   local f = getmetatable(a).__eq__
   if f then return f(a, b) end
   return rawequal(a, b)
end

-- Resolves 'a.b.C' to (the table holding C, 'C').
local function holder_of(name, module)
   if module then
      return module, name:match('([^%.]+)$')
   end
   local parts = {}
   for p in name:gmatch('[^%.]+') do parts[#parts + 1] = p end
   local t = _G
   for i = 1, #parts - 1 do
      t = t[parts[i]]
      if rawtype(t) ~= 'table' then
         error(string.format("while creating metatable %s: bad argument #1 (%s is an invalid module name)",
                             name, table.concat(parts, '.', 1, i)), 3)
      end
   end
   return t, parts[#parts]
end

-- torch.newmetatable(name, parentName, constructor, destructor, factory, module)
-- whether the code `level` frames up comes from luatorch's own Lua packages
-- (the folder holding the packages: this file is <root>/torch/class.lua)
local LIB_ROOT = debug.getinfo(1, 'S').source:match('^(@.*[/\\])torch[/\\]class%.lua$')
local function fromLibrary(level)
   local info = debug.getinfo(level + 1, 'S')
   return LIB_ROOT ~= nil and info ~= nil and info.source:sub(1, #LIB_ROOT) == LIB_ROOT
end

-- A script may define a class under a name that luatorch's packages also define (nn.OneHot,
-- nn.PixelShuffle, ... joined nn after many scripts carried their own): the script's class takes the
-- name, as it did on the Torch7 the script was written for. Redefining a script's class is an error.
local function takeOver(name)
   local old = registry[name]
   if old and rawget(old, '__library') then
      registry[name] = nil
      constructors[name] = nil
      return true
   end
   return false
end

local classCaller   -- set by torch.class: whether its caller is a luatorch package

function torch.newmetatable(name, parentname, ctor, dtor, factory, module)
   assert(rawtype(name) == 'string', 'bad argument #1 to newmetatable (string expected)')
   local library = classCaller
   if library == nil then library = fromLibrary(2) end
   classCaller = nil
   if registry[name] and not (not library and takeOver(name)) then
      error(string.format("%s has been already assigned a factory", name), 2)
   end
   local parent
   if parentname then
      parent = registry[parentname]
      if not parent then error(string.format("bad argument #2 (invalid parent class name %s)", parentname), 2) end
   end
   local mt = {}
   if library then rawset(mt, '__library', true) end
   mt.__typename = name
   mt.__version = 1
   mt.__metatable = mt
   mt.__index = mt
   mt.__tostring = default_tostring
   mt.__call = default_call
   mt.__eq = default_eq
   for _, m in ipairs({'add', 'sub', 'mul', 'div', 'mod', 'pow', 'unm', 'concat', 'len', 'lt', 'le'}) do
      mt['__' .. m] = forward('__' .. m .. '__')
   end
   if parent then setmetatable(mt, parent) end
   registry[name] = mt
   names[mt] = name

   local newinstance = factory or function() return setmetatable({}, mt) end
   mt.__factory = newinstance
   local construct = ctor or function(...)
      local self = newinstance()
      local init = self.__init
      if init then init(self, ...) end
      return self
   end
   mt.new = construct
   local ct = setmetatable({}, {
      __index = mt,
      __newindex = mt,
      __call = function(_, ...) return construct(...) end,
      __tostring = function() return name end,
      __metatable = mt,   -- getmetatable(nn.Linear) is the class, as with luaT
   })
   mt.__constructor = ct
   constructors[name] = ct
   local holder, key = holder_of(name, module)
   rawset(holder, key, ct)
   return mt
end

function torch.class(...)
   local args = { ... }
   local name, parentname, module = args[1], nil, nil
   if rawtype(name) ~= 'string' then error('torch.class: class name (string) expected', 2) end
   if rawtype(args[2]) == 'string' then
      parentname = args[2]; module = args[3]
   elseif rawtype(args[2]) == 'table' then
      module = args[2]
   end
   if parentname and not registry[parentname] then
      error(string.format("bad argument #2 to torch.class (invalid parent class name %s)", parentname), 2)
   end
   local library = fromLibrary(2)
   if registry[name] and not (not library and takeOver(name)) then
      error(string.format("%s has been already assigned a factory", name), 2)
   end
   classCaller = library
   local mt = torch.newmetatable(name, parentname, nil, nil, nil, module)
   return mt, parentname and registry[parentname] or nil
end

function torch.getmetatable(name)
   if rawtype(name) ~= 'string' then error('bad argument #1 to getmetatable (string expected)', 2) end
   return registry[name]
end

function torch.getconstructortable(name) return constructors[name] end

-- Lua-level metatable of any torch object (tables with class metatables, tensors, storages).
function torch._classof(obj)
   local tp = rawtype(obj)
   if tp == 'table' then
      local mt = getmetatable(obj)
      if mt and names[mt] then return mt end
      return nil
   elseif tp == 'cdata' then
      return torch._cdata_class(obj) or torch._metatype_class(obj)
   end
   return nil
end

-- torch.metatype(name, mt[, ctype]): makes cdata of an ffi type (ctype, or the type named `name`) torch
-- objects of class `name`: torch.typename/type/version/factory see them, and the .t7 codec writes and reads
-- them with the class's write/read (or __write/__read) methods, as packages such as tds used it. The caller
-- sets the ffi metatype itself (ffi.metatype) before or after; mt.__factory creates an empty instance.
local metatypes = {}     -- list of { ctype, class metatable }
function torch.metatype(name, mt, ctype)
   if rawtype(name) ~= 'string' then error('torch.metatype: class name (string) expected', 2) end
   if rawtype(mt) ~= 'table' then error('torch.metatype: metatable (table) expected', 2) end
   local ffi = require 'ffi'
   local ok, ct = pcall(ffi.typeof, ctype or name)
   if not ok then error('torch.metatype: unknown ffi type ' .. tostring(ctype or name) .. ' (' .. ct .. ')', 2) end
   if registry[name] and registry[name] ~= mt then
      error(string.format("%s has been already assigned a factory", name), 2)
   end
   registry[name] = mt
   names[mt] = name
   if rawget(mt, '__version') == nil then mt.__version = 1 end
   if mt.write == nil and mt.__write then mt.write = mt.__write end
   if mt.read == nil and mt.__read then mt.read = mt.__read end
   metatypes[#metatypes + 1] = { ct, mt }
   return mt
end

function torch._metatype_class(obj)
   local ffi = require 'ffi'
   for i = 1, #metatypes do
      local entry = metatypes[i]
      if ffi.istype(entry[1], obj) then return entry[2] end
   end
   return nil
end

function torch.typename(obj)
   local mt = torch._classof(obj)
   return mt and names[mt] or nil
end

function torch.type(obj)
   return torch.typename(obj) or rawtype(obj)
end

function torch.setmetatable(obj, name)
   local mt = rawtype(name) == 'string' and registry[name] or name
   if not mt then error('torch.setmetatable: unknown class ' .. tostring(name), 2) end
   return setmetatable(obj, mt)
end

function torch.factory(name)
   local mt = registry[name]
   return mt and mt.__factory or nil
end

function torch.version(obj)
   local mt = torch._classof(obj)
   return mt and rawget(mt, '__version') or nil
end

-- isTypeOf(obj, 'nn.Module' | pattern | constructor table): walks the parent chain.
function torch.isTypeOf(obj, typespec)
   local mt = torch._classof(obj)
   if not mt then return false end
   local want
   if rawtype(typespec) == 'table' then
      want = getmetatable(typespec)
      if names[typespec] then want = typespec end
      if not want then return false end
   elseif rawtype(typespec) ~= 'string' then
      error('isTypeOf: type must be a string or a class', 2)
   end
   while mt do
      if want then
         if mt == want then return true end
      else
         local n = names[mt]
         if n == typespec then return true end
         local s, e = n:find(typespec)
         if s and not (s == 1 and e == #n) then return true end
         if s and s == 1 and e == #n then return true end
      end
      mt = getmetatable(mt)
      if mt ~= nil and not names[mt] then break end
   end
   return false
end

function torch.isequal(a, b)
   return rawequal(a, b) or (torch.pointer(a) == torch.pointer(b) and torch.typename(a) == torch.typename(b))
end
