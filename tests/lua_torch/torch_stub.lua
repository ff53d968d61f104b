-- Test fixture only: a minimal torch.class system used while the real `torch` package (branch lua-torch)
-- is not in this checkout. Loaded by luarunner.py only when require 'torch' fails.
local torch = {}
local registry = {}   -- name -> metatable
local names = {}      -- metatable -> name

function torch.class(name, parentName, module)
   if type(parentName) == 'table' then module, parentName = parentName, nil end
   if registry[name] then error(name .. ' has been already assigned a factory', 2) end
   local mt = { __typename = name, __version = 1 }
   mt.__index = mt
   mt.__metatable = mt
   mt.__tostring = function(self) return name end
   local parent
   if parentName then
      parent = registry[parentName]
      if not parent then error('bad argument #2 (unknown parent class ' .. parentName .. ')', 2) end
      setmetatable(mt, parent)
   end
   mt.__factory = function() return setmetatable({}, mt) end
   local ctor = setmetatable({}, {
      __index = mt, __newindex = mt,
      __call = function(_, ...)
         local obj = setmetatable({}, mt)
         if obj.__init then obj:__init(...) end
         return obj
      end,
   })
   mt.new = function(...) return ctor(...) end
   mt.__constructor = ctor
   registry[name] = mt
   names[mt] = name
   local path, last = name:match('^(.*)%.([^.]+)$')
   if module then
      module[last or name] = ctor
   elseif path then
      local t = _G
      for part in path:gmatch('[^.]+') do t = t[part] end
      t[last] = ctor
   else
      _G[name] = ctor
   end
   return mt, parent
end

function torch.getmetatable(name) return registry[name] end
function torch.typename(obj)
   local mt = getmetatable(obj)
   return type(mt) == 'table' and rawget(mt, '__typename') or nil
end
function torch.type(obj) return torch.typename(obj) or type(obj) end
function torch.factory(name)
   local mt = registry[name]
   return mt and mt.__factory or nil
end
function torch.version(obj)
   local mt = getmetatable(obj)
   return type(mt) == 'table' and rawget(mt, '__version') or nil
end
function torch.pointer(obj)
   if type(obj) == 'table' or type(obj) == 'function' then
      return tonumber(tostring(obj):match('0x%x+'))
   end
   return nil
end
function torch.isTypeOf(obj, name)
   local mt = getmetatable(obj)
   while type(mt) == 'table' do
      if rawget(mt, '__typename') == name then return true end
      mt = getmetatable(mt)
   end
   return false
end
return torch
