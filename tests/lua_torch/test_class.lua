-- torch.class and friends (inventory §2.1)
local T = {}

function T.class_returns_metatable_and_parent()
   local Base = torch.class('ltest.Base', {})
end

function T.class_basics()
   ltest = {}
   local Base = torch.class('ltest.Base')
   function Base:__init(v) self.v = v end
   function Base:get() return self.v end
   local Child, parent = torch.class('ltest.Child', 'ltest.Base')
   tester:assert(parent == Base, 'parent metatable returned')
   function Child:__init(v) parent.__init(self, v * 2) end
   local c = ltest.Child(3)
   tester:eq(c:get(), 6)
   tester:eq(torch.typename(c), 'ltest.Child')
   tester:eq(torch.type(c), 'ltest.Child')
   tester:eq(torch.type(3), 'number')
   tester:assert(torch.isTypeOf(c, 'ltest.Base'), 'isTypeOf parent by name')
   tester:assert(torch.isTypeOf(c, ltest.Base), 'isTypeOf by constructor table')
   tester:assert(torch.isTypeOf(c, 'Chi'), 'isTypeOf pattern')
   tester:assert(not torch.isTypeOf(ltest.Base(1), 'ltest.Child'), 'not a child')
   tester:assert(torch.getmetatable('ltest.Child') == Child, 'getmetatable by name')
   tester:assert(getmetatable(c) == Child, 'instance metatable is the class')
   -- obj.new(...) (dot call) builds the same class
   local d = c.new(5)
   tester:eq(torch.typename(d), 'ltest.Child')
   tester:eq(d:get(), 10)
   -- constructor table writes into the class
   function ltest.Child:extra() return 'x' end
   tester:eq(c:extra(), 'x')
   tester:eq(ltest.Child.get(c), 6)
   -- factory creates without __init
   local e = torch.factory('ltest.Child')()
   tester:eq(e.v, nil)
   tester:eq(torch.typename(e), 'ltest.Child')
   tester:eq(torch.factory('no.such.Class'), nil)
   -- version is not inherited
   Base.__version = 3
   tester:eq(torch.version(ltest.Base(1)), 3)
   tester:eq(torch.version(c), 1)
   -- re-declaring errors
   tester:assertError(function() torch.class('ltest.Child') end)
   -- setmetatable by name
   local f = torch.setmetatable({ v = 9 }, 'ltest.Base')
   tester:eq(f:get(), 9)
end

function T.class_in_module_table()
   local mod = {}
   local K = torch.class('ltest2.K', mod)
   tester:assert(mod.K ~= nil, 'module table receives the constructor')
   tester:eq(torch.typename(mod.K()), 'ltest2.K')
end

function T.class_tostring_and_operators()
   local V = torch.class('ltestV')
   function V:__init(x) self.x = x end
   function V:__tostring__() return 'V(' .. self.x .. ')' end
   function V:__add__(o) return ltestV(self.x + o.x) end
   tester:eq(tostring(ltestV(2)), 'V(2)')
   tester:eq((ltestV(2) + ltestV(3)).x, 5)
end

function T.tensor_types_and_aliases()
   tester:assert(torch.Tensor == torch.DoubleTensor, 'Tensor is DoubleTensor')
   tester:eq(torch.getdefaulttensortype(), 'torch.DoubleTensor')
   torch.setdefaulttensortype('torch.FloatTensor')
   tester:assert(torch.Tensor == torch.FloatTensor, 'alias follows the default')
   tester:eq(torch.typename(torch.Tensor(2)), 'torch.FloatTensor')
   tester:eq(torch.typename(torch.zeros(2)), 'torch.FloatTensor')
   tester:eq(torch.typename(torch.Storage(2)), 'torch.FloatStorage')
   torch.setdefaulttensortype('torch.DoubleTensor')
   tester:assert(torch.Tensor == torch.DoubleTensor, 'alias restored')
   for _, name in ipairs({ 'Byte', 'Char', 'Short', 'Int', 'Long', 'Float', 'Double', 'Half' }) do
      local x = torch[name .. 'Tensor'](2)
      tester:eq(torch.typename(x), 'torch.' .. name .. 'Tensor')
      tester:eq(type(x), 'userdata')
      tester:eq(x:type(), 'torch.' .. name .. 'Tensor')
      tester:assert(torch.isTensor(x), 'isTensor')
      tester:assert(torch.isStorage(x:storage()), 'isStorage')
      tester:eq(torch.typename(x:storage()), 'torch.' .. name .. 'Storage')
      tester:assert(torch.isTypeOf(x, 'torch.' .. name .. 'Tensor'), 'isTypeOf tensor')
      tester:assert(torch.getmetatable('torch.' .. name .. 'Tensor') ~= nil, 'tensor metatable registered')
   end
   tester:assert(not torch.isTensor({}), 'table is not a tensor')
   tester:assert(not torch.isTensor(torch.DoubleStorage(2)), 'storage is not a tensor')
end

function T.tensor_classes_are_extensible()
   function torch.FloatTensor:twice() return self:clone():copy(self):mul(1) end
   function torch.FloatTensor:ltestName() return 'float:' .. self:nElement() end
   tester:eq(torch.FloatTensor(3):ltestName(), 'float:3')
   tester:eq(torch.DoubleTensor(3).ltestName, nil)
   local mt = torch.getmetatable('torch.DoubleTensor')
   mt.ltestViaMt = function(self) return 42 end
   tester:eq(torch.Tensor(1):ltestViaMt(), 42)
   tester:eq(torch.DoubleTensor.size(torch.Tensor(4, 5), 2), 5)
   tester:eq(torch.DoubleTensor.narrow(torch.Tensor(4), 1, 2, 2):nElement(), 2)
end

function T.pointer_identity()
   local x = torch.Tensor(4)
   local s1, s2 = x:storage(), x:storage()
   tester:assert(torch.pointer(s1) == torch.pointer(s2), 'two handles of one storage share a pointer')
   tester:assert(torch.pointer(x) == torch.pointer(torch.Tensor(x)) == false, 'a new tensor on the same storage is another tensor')
   tester:assert(torch.pointer(x:narrow(1, 1, 2):storage()) == torch.pointer(s1), 'views share the storage')
   local t = {}
   tester:assert(torch.pointer(t) == torch.pointer(t) and type(torch.pointer(t)) == 'number', 'tables have pointers')
   tester:assert(x == x, 'identity')
   tester:assert(x ~= torch.Tensor(x), 'another handle is another tensor')
   tester:assert(not (x == nil), 'comparison with nil')
end

function T.tester_behaviour()
   local t = torch.Tester()
   local suite = torch.TestSuite()
   tester:assertError(function() suite.x = 1 end, 'only functions')
   suite.ok = function() t:eq({ 1, { 2 } }, { 1, { 2 } }) end
   tester:assertError(function() suite.ok = function() end end, 'duplicate names refused')
   suite.fails = function() t:assertTensorEq(torch.Tensor({ 1 }), torch.Tensor({ 2 }), 1e-3) end
   t:add(suite)
   local okrun = pcall(function() t:run('ok') end)
   tester:assert(okrun, 'run with a name pattern runs only the matching test')
   tester:eq(t.countasserts, 1)
   local ok, err = pcall(function() t:run() end)
   tester:assert(not ok, 'run errors at the end on failure')
   tester:assert(tostring(err):find('error was found') ~= nil, 'error message')
   tester:eq(#t.errors, 1)
end

function T.tester_asserts()
   local t = torch.Tester()
   tester:eq(t:assertalmosteq(1, 1 + 1e-9, 1e-6), true)
   tester:eq(t:asserteq(2, 2), true)
   tester:eq(t:assertlt(1, 2), true)
   tester:eq(t:assertge(2, 2), true)
   tester:eq(t:assertErrorPattern(function() error('abc123') end, 'c12'), true)
   tester:eq(t:assertErrorMsg(function() error('exact', 0) end, 'exact'), true)
   tester:eq(t:assertNoError(function() end), true)
   tester:eq(t:assertTableEq({ 1, 2 }, { 1, 2 }), true)
   tester:eq(t:assertTensorNe(torch.Tensor({ 1 }), torch.Tensor({ 2 })), true)
   tester:eq(t:eq(1, 2), false)
   tester:eq(t:eq(torch.Tensor({ 1 }), torch.FloatTensor({ 1 })), false)
   tester:eq(t:ne(1, 2), true)
   tester:eq(#t.assertionFail, 2)
end

T.class_returns_metatable_and_parent = nil
return T
