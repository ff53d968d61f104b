-- torch.* utilities (inventory §1.20, §2.1)
local T = {}
local here = debug.getinfo(1, 'S').source:match('^@(.*)/[^/]*$')

function T.threads()
   local n = torch.getnumthreads()
   tester:assert(n >= 1, 'at least one thread')
   torch.setnumthreads(1)
   tester:eq(torch.getnumthreads(), 1)
   torch.setnumthreads(n)
   tester:eq(torch.getnumthreads(), n)
end

function T.include_and_package_path()
   local saved = package.path
   package.path = here .. '/fixtures/?/init.lua;' .. package.path
   tester:eq(torch.packageLuaPath('ltinc'), here .. '/fixtures/ltinc')
   torch.include('ltinc', 'part.lua')
   tester:eq(ltinc_loaded, 1)
   package.path = saved
end

function T.env_tables()
   local x = torch.Tensor(1)
   local env = { refs = 1 }
   torch.setenv(x, env)
   tester:assert(torch.getenv(x) == env, 'env of a tensor')
   local f = function() return undefined_global_name end
   torch.setenv(f, { undefined_global_name = 5 })
   tester:eq(f(), 5)
end

function T.isequal_and_pointer()
   local x = torch.Tensor(2)
   tester:assert(torch.isequal(x, x), 'same object')
   tester:assert(not torch.isequal(x, torch.Tensor(2)), 'other object')
   local s = x:storage()
   tester:eq(torch.pointer(s), torch.pointer(x:storage()))
   tester:assert(torch.pointer(x) ~= torch.pointer(s), 'tensor and storage differ')
   tester:eq(torch.pointer(5), nil)
end

function T.type_errors_name_the_type()
   tester:assertErrorPattern(function() torch.Tensor(2):type('torch.NoSuchTensor') end, 'unknown tensor type')
   tester:assertErrorPattern(function() torch.setdefaulttensortype('torch.Nope') end, 'unknown tensor type')
   tester:assertErrorPattern(function() torch.Tensor(2):narrow(3, 1, 1) end, 'out of range')
   tester:assertErrorPattern(function() torch.Tensor(2, 2):t():view(4) end, 'contiguous')
   tester:assertErrorPattern(function() torch.Tensor(2):copy(5) end, 'tensor expected')
   tester:assertErrorPattern(function() torch.Tensor(2):fill('a') end, 'number expected')
   tester:assertErrorPattern(function() torch.Tensor('x') end, 'expected')
end

function T.lua51_names()
   tester:assert(table.unpack == unpack, 'table.unpack alias')
   tester:eq(math.pow(2, 3), 8)
   tester:eq(math.log10(1000), 3)
   tester:assert(loadstring ~= nil and setfenv ~= nil, 'Lua 5.1 API')
end

return T
