-- torch.test([tests[, seed]]): the torch package's own unit tests, run through torch.Tester as in Torch7
-- (`luatorch th -e "torch.test()"`, or torch.test{'mm', 'sort'} for a selection). Each test checks an
-- operation against an independent computation (element loops, known values); the random streams
-- are checked against the values Torch7 produces after manualSeed(1).
local function buildTests(T)
   local t = {}
   local function near(a, b, tol, msg)
      if torch.isTensor(a) then T:assertTensorEq(a, b, tol or 1e-12, msg) else T:assertalmosteq(a, b, tol or 1e-12, msg) end
   end

   function t.mm()
      local a, b = torch.randn(4, 3), torch.randn(3, 5)
      local c = torch.mm(a, b)
      for i = 1, 4 do for j = 1, 5 do
         local s = 0
         for k = 1, 3 do s = s + a[i][k] * b[k][j] end
         near(c[i][j], s, 1e-12, 'mm element')
      end end
      near(a * b, c, 1e-12, 'operator *')
      local r = torch.Tensor(4, 5):fill(1)
      r:addmm(2, r, 3, a, b)
      near(r, c * 3 + 2, 1e-12, 'addmm(beta, M, alpha, a, b)')
   end

   function t.mv_dot_ger()
      local m, v = torch.randn(3, 4), torch.randn(4)
      local y = torch.mv(m, v)
      for i = 1, 3 do near(y[i], m[i]:dot(v), 1e-12, 'mv row') end
      local s = 0
      for i = 1, 4 do s = s + v[i] * v[i] end
      near(v:dot(v), s, 1e-12, 'dot')
      local g = torch.ger(torch.Tensor { 1, 2 }, torch.Tensor { 3, 4, 5 })
      T:eq(g:totable(), { { 3, 4, 5 }, { 6, 8, 10 } }, 'ger')
   end

   function t.bmm()
      local a, b = torch.randn(2, 3, 4), torch.randn(2, 4, 2)
      local c = torch.bmm(a, b)
      for k = 1, 2 do near(c[k], torch.mm(a[k], b[k]), 1e-12, 'bmm slice') end
   end

   function t.pointwise_forms()
      local x, y = torch.Tensor { 1, 2, 3 }, torch.Tensor { 4, 5, 6 }
      T:eq(torch.add(x, y):totable(), { 5, 7, 9 })
      T:eq(torch.add(x, 2, y):totable(), { 9, 12, 15 })
      T:eq(torch.cmul(x, y):totable(), { 4, 10, 18 })
      T:eq(torch.cdiv(y, x):totable(), { 4, 2.5, 2 })
      local r = torch.Tensor(3)
      r:add(x, y)
      T:eq(r:totable(), { 5, 7, 9 }, 'res:add(a, b) overwrites res')
      T:eq(x:clone():mul(2):totable(), { 2, 4, 6 })
      T:eq(torch.pow(x, 2):totable(), { 1, 4, 9 })
      T:eq(torch.clamp(torch.Tensor { -2, 0, 2 }, -1, 1):totable(), { -1, 0, 1 })
      near(torch.exp(torch.Tensor { 0, 1 }), torch.Tensor { 1, math.exp(1) }, 1e-15)
   end

   function t.reductions()
      local x = torch.Tensor { { 1, 5, 3 }, { 4, 2, 6 } }
      T:eq(x:sum(), 21)
      T:eq(x:sum(1):totable(), { { 5, 7, 9 } })
      T:eq(x:sum(2):totable(), { { 9 }, { 12 } })
      T:eq(x:max(), 6); T:eq(x:min(), 1)
      local v, i = x:max(2)
      T:eq(v:totable(), { { 5 }, { 6 } }); T:eq(i:totable(), { { 2 }, { 3 } })
      near(x:mean(), 3.5)
      near(torch.Tensor { 1, 2, 3, 4 }:std(), math.sqrt(5 / 3), 1e-12, 'unbiased std')
      near(torch.Tensor { 1, 2, 3, 4 }:var(1, true)[1], 1.25, 1e-12, 'biased var')
      T:eq(x:prod(), 720)
      T:eq(torch.cumsum(torch.Tensor { 1, 2, 3 }):totable(), { 1, 3, 6 })
   end

   function t.sort_topk_kthvalue()
      local x = torch.Tensor { 3, 1, 2, 5, 4 }
      local s, i = torch.sort(x)
      T:eq(s:totable(), { 1, 2, 3, 4, 5 }); T:eq(i:totable(), { 2, 3, 1, 5, 4 })
      s = torch.sort(x, true)
      T:eq(s:totable(), { 5, 4, 3, 2, 1 })
      local k = torch.topk(x, 2, 1, true, true)
      T:eq(k:totable(), { 5, 4 })
      local kv = torch.kthvalue(x, 2)
      T:eq(kv[1], 2)
      T:eq(torch.median(x)[1], 3)
   end

   function t.views()
      local x = torch.range(1, 12):resize(3, 4)
      T:eq(x:narrow(2, 2, 2):totable(), { { 2, 3 }, { 6, 7 }, { 10, 11 } })
      T:eq(x:select(1, 2):totable(), { 5, 6, 7, 8 })
      T:eq(x:t():size():totable(), { 4, 3 })
      T:eq(x:view(2, 6)[2][1], 7)
      T:eq(x[{ 2, { 2, 3 } }]:totable(), { 6, 7 })
      T:eq(torch.range(1, 5):unfold(1, 2, 2):totable(), { { 1, 2 }, { 3, 4 } })
      local y = x:narrow(1, 1, 1)
      y:fill(0)
      T:eq(x[1]:sum(), 0, 'views share storage')
      T:eq(torch.Tensor { 1, 2 }:view(2, 1):expand(2, 3):totable(), { { 1, 1, 1 }, { 2, 2, 2 } })
   end

   function t.cat_and_indexing()
      T:eq(torch.cat(torch.Tensor { 1, 2 }, torch.Tensor { 3 }, 1):totable(), { 1, 2, 3 })
      local x = torch.Tensor { { 1, 2 }, { 3, 4 } }
      T:eq(x:index(1, torch.LongTensor { 2, 1 }):totable(), { { 3, 4 }, { 1, 2 } })
      T:eq(x:gather(2, torch.LongTensor { { 2 }, { 1 } }):totable(), { { 2 }, { 3 } })
      T:eq(torch.zeros(2, 2):scatter(2, torch.LongTensor { { 2 }, { 1 } }, 5):totable(), { { 0, 5 }, { 5, 0 } })
      T:eq(x:maskedSelect(x:gt(2)):totable(), { 3, 4 })
      local y = x:clone()
      y:maskedFill(y:lt(2), 0)
      T:eq(y:totable(), { { 0, 2 }, { 3, 4 } })
      T:eq(x:nonzero():size(1), 4)
   end

   function t.random_streams()
      -- after manualSeed(1), Torch7 gives exactly these
      torch.manualSeed(1)
      local u = torch.Tensor(5):uniform()
      near(u, torch.Tensor { 0.41702199843712151, 0.99718480813317001, 0.72032448928803205,
         0.93255736120045185, 0.00011438108049333096 }, 1e-16, 'uniform stream')
      torch.manualSeed(1)
      local n = torch.Tensor(5):normal()
      near(n, torch.Tensor { -2.9718290309304063, 1.7069510634116105, -0.43049897103891599,
         -2.2820224170301482, 0.52365734937443909 }, 1e-15, 'normal stream')
      torch.manualSeed(1)
      T:eq(torch.randperm(10):totable(), { 6, 7, 2, 3, 1, 9, 10, 4, 8, 5 }, 'randperm')
      local state = torch.getRNGState()
      local a = torch.rand(3)
      torch.setRNGState(state)
      T:eq(torch.rand(3):totable(), a:totable(), 'RNG state restores the stream')
   end

   function t.serialization()
      local obj = { a = torch.randn(3), s = 'x', n = 4, nested = { torch.LongTensor { 1, 2 } } }
      obj.self = obj
      obj.b = obj.a
      for _, mode in ipairs { 'binary', 'ascii' } do
         local back = torch.deserialize(torch.serialize(obj, mode), mode)
         T:assertTensorEq(back.a, obj.a, 0, mode .. ' tensor')
         T:eq(back.s, 'x'); T:eq(back.n, 4)
         T:eq(torch.type(back.nested[1]), 'torch.LongTensor')
         T:assert(back.self == back, mode .. ': cycles preserved')
         T:assert(back.b == back.a, mode .. ': shared references preserved')
      end
   end

   function t.types()
      local d = torch.Tensor { 1.7, -2.2 }
      T:eq(torch.type(d:float()), 'torch.FloatTensor')
      T:eq(d:int():totable(), { 1, -2 })
      T:eq(torch.type(d:long()), 'torch.LongTensor')
      T:eq(torch.ByteTensor { 255 }:double()[1], 255)
      T:assert(torch.isTensor(d) and not torch.isTensor({}))
      T:eq(torch.typename(torch.FloatStorage(2)), 'torch.FloatStorage')
   end

   function t.lapack()
      local a = torch.Tensor { { 4, 1, 0 }, { 1, 3, 1 }, { 0, 1, 2 } }
      near(torch.mm(a, torch.inverse(a)), torch.eye(3), 1e-12, 'inverse')
      local b = torch.Tensor { { 1 }, { 2 }, { 3 } }
      local x = torch.gesv(b, a)
      near(torch.mm(a, x), b, 1e-12, 'gesv')
      local e = torch.symeig(a)
      near(e:sum(), 9, 1e-12, 'eigenvalues sum to the trace')
   end

   function t.histc_cross_trace()
      T:eq(torch.histc(torch.Tensor { 1, 2, 2, 3 }, 3):totable(), { 1, 2, 1 })
      T:eq(torch.cross(torch.Tensor { 1, 0, 0 }, torch.Tensor { 0, 1, 0 }):totable(), { 0, 0, 1 })
      T:eq(torch.trace(torch.Tensor { { 1, 2 }, { 3, 4 } }), 5)
      T:eq(torch.diag(torch.Tensor { 1, 2 }):totable(), { { 1, 0 }, { 0, 2 } })
      T:eq(torch.tril(torch.ones(2, 2)):totable(), { { 1, 0 }, { 1, 1 } })
   end

   return t
end

return function(tests, seed) return torch._runTestSuite(buildTests, tests, seed) end
