-- What trepl's `th` sets up around a script: a print that shows tables as { key : value } trees and
-- tensors inside tables by type and size, and a require that accepts relative './x' paths.
local torch = require 'torch'
local trepl = {}

local lua_print = print
trepl.lua_print = lua_print

local function short(v)
   local tn = torch.typename(v)
   if tn and torch.isTensor(v) then
      local dims = {}
      for i = 1, v:dim() do dims[i] = v:size(i) end
      return tn:gsub('^torch%.', '') .. ' - ' .. (#dims > 0 and ('size: ' .. table.concat(dims, 'x')) or 'empty')
   elseif tn and torch.isStorage(v) then
      return tn:gsub('^torch%.', '') .. ' - size: ' .. v:size()
   end
   return nil
end

local function sortkeys(t)
   local keys = {}
   for k in pairs(t) do keys[#keys + 1] = k end
   table.sort(keys, function(a, b)
      local ta, tb = type(a), type(b)
      if ta == tb and (ta == 'number' or ta == 'string') then return a < b end
      return ta < tb
   end)
   return keys
end

local function fmt(v, indent, seen)
   local tv = type(v)
   if tv == 'string' then return string.format('%q', v):gsub('\\\n', '\\n') end
   local s = short(v)
   if s then return s end
   if tv == 'table' and not (getmetatable(v) and getmetatable(v).__tostring and torch.typename(v)) then
      if seen[v] then return tostring(v) end
      seen[v] = true
      local keys = sortkeys(v)
      if #keys == 0 then return '{}' end
      local lines = { '{' }
      for _, k in ipairs(keys) do
         lines[#lines + 1] = indent .. '  ' .. tostring(k) .. ' : ' .. fmt(v[k], indent .. '  ', seen)
      end
      lines[#lines + 1] = indent .. '}'
      seen[v] = nil
      return table.concat(lines, '\n')
   end
   return tostring(v)
end

function trepl.format(v)
   if type(v) == 'table' and not torch.typename(v) then return fmt(v, '', {}) end
   return tostring(v)
end

function trepl.print(...)
   local n = select('#', ...)
   local parts = {}
   for i = 1, n do
      local v = select(i, ...)
      if torch.isTensor(v) or torch.isStorage(v) then
         parts[i] = tostring(v)
      else
         parts[i] = trepl.format(v)
      end
   end
   io.write(table.concat(parts, '\t'), '\n')
   io.flush()
end

local lua_require = require
function trepl.require(name)
   if type(name) == 'string' and (name:sub(1, 2) == './' or name:sub(1, 3) == '../') then
      local path = name:match('%.lua$') and name or (name .. '.lua')
      return dofile(path)
   end
   return lua_require(name)
end

function trepl.install()
   _G.print = trepl.print
   _G.require = trepl.require
   -- penlight's path module, which scripts run by th find as a global
   if rawget(_G, 'path') == nil then
      local ok, pl_path = pcall(lua_require, 'pl.path')
      if ok then _G.path = pl_path end
   end
   _G.who = function()
      for k, v in pairs(_G) do lua_print(k, type(v)) end
   end
end

return trepl
