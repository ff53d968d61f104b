-- torch.TestSuite: a table of test functions that refuses non-functions and duplicate names.
local torch = ...
local TestSuite = torch.class('torch.TestSuite')

function TestSuite:__init()
   rawset(self, '__tests', {})
end

function TestSuite:__newindex(name, fn)
   error('use the TestSuite through its metatable', 2)
end

local mt = torch.getmetatable('torch.TestSuite')
mt.__index = function(self, k)
   local tests = rawget(self, '__tests')
   if tests and tests[k] ~= nil then return tests[k] end
   return mt[k]
end
mt.__newindex = function(self, name, fn)
   local tests = rawget(self, '__tests')
   if type(fn) ~= 'function' then
      error("Only functions can be added to a TestSuite (got " .. type(fn) .. " for '" .. tostring(name) .. "')", 2)
   end
   if tests[name] ~= nil then error("Test '" .. tostring(name) .. "' is already defined.", 2) end
   tests[name] = fn
end
mt.__pairs = function(self) return next, rawget(self, '__tests'), nil end
function mt._tests(self) return rawget(self, '__tests') end
