-- Every real Torch7 file in shared/data/t7 (and the golden data sets) loads with its documented contents.
-- nn / nngraph are not in this checkout yet: their classes are declared as plain torch classes, so those files
-- load as tables of class instances (U.loadDeclaring).
local U = require 't7util'
local eq, raises = U.eq, U.raises

local T = {}
local D = os.getenv('LUATORCH_SHARED') .. '/data/t7/'
local G = os.getenv('LUATORCH_SHARED') .. '/data/torch7-golden/'

local function sum(t)
   local s = 0
   t:apply(function(v) s = s + v end)
   return s
end

local function close(a, b, tol, msg)
   if math.abs(a - b) > (tol or 1e-12) * math.max(1, math.abs(b)) then
      error((msg or 'value') .. ': ' .. tostring(a) .. ' vs ' .. tostring(b), 2)
   end
end

local function dims(t) return table.concat(t:size():totable(), 'x') end

function T.python_torchfile_tensors()
   local d = torch.load(D .. 'python-torchfile/doubletensor.t7')
   eq(torch.typename(d), 'torch.DoubleTensor'); eq(dims(d), '2x3')
   local want = { { 1, 2, 3 }, { 4, 5, 6.9 } }
   for i = 1, 2 do for j = 1, 3 do close(d[i][j], want[i][j]) end end
   local f = torch.load(D .. 'python-torchfile/floattensor.t7')
   eq(torch.typename(f), 'torch.FloatTensor'); eq(dims(f), '2x3x4')
   close(sum(f), 12.97241666913, 1e-9, 'float sum')
   local x = torch.load(D .. 'torch-tutorials/X.t7')
   eq(torch.typename(x), 'torch.DoubleTensor'); eq(dims(x), '32x32'); eq(sum(x), 769)
end

function T.python_torchfile_tables()
   eq(torch.load(D .. 'python-torchfile/hello=123.t7').hello, 123)
   local l = torch.load(D .. 'python-torchfile/list_table.t7')
   eq(#l, 4); eq(l[1], 'hello'); eq(l[2], 'world'); eq(l[3], 'third item'); eq(l[4], 123)
   local m1 = torch.load(D .. 'python-torchfile/map_table1.t7')
   for k = 0, 4 do assert(m1[k] ~= nil, 'key ' .. k) end
   local m2 = torch.load(D .. 'python-torchfile/map_table2.t7')
   for k = 1, 4 do assert(m2[k] ~= nil) end
   assert(m2.a ~= nil)
   local r = torch.load(D .. 'python-torchfile/recursive_kv_table.t7')
   local n = 0
   for k, v in pairs(r) do eq(k, r); eq(v, r); n = n + 1 end
   eq(n, 1)
end

function T.python_torchfile_classes()
   -- user class Blah: an error naming it until it is declared, then an instance
   raises(function() torch.load(D .. 'python-torchfile/custom_class.t7') end, 'unknown Torch class <Blah>')
   torch.class('Blah')
   local b = torch.load(D .. 'python-torchfile/custom_class.t7')
   eq(torch.typename(b), 'Blah')
   local r = U.loadDeclaring(D .. 'python-torchfile/recursive_class.t7')
   eq(r.a, r, 'r.a == r')
end

function T.python_torchfile_tds()
   local h = torch.load(D .. 'python-torchfile/tds_hash.t7')
   eq(h[1], 2); eq(h[10], 11)
   local v = torch.load(D .. 'python-torchfile/tds_vec.t7')
   eq(#v, 2); eq(v[1], 123); eq(v[2], 456)
end

function T.python_torchfile_functions_refused()
   for _, f in ipairs { 'function.t7', 'function_upvals.t7' } do
      raises(function() torch.load(D .. 'python-torchfile/' .. f) end, 'allowFunctions=true')
      -- allowed: this LuaJIT refuses the other build's bytecode with a clean error
      local ok, res = pcall(torch.load, D .. 'python-torchfile/' .. f, 'binary', true, { allowFunctions = true })
      if not ok then
         assert(tostring(res):find('cannot load a serialized function', 1, true), res)
      else
         eq(type(res), 'function')
      end
   end
end

function T.python_torchfile_nngraph()
   local g = U.loadDeclaring(D .. 'python-torchfile/gmodule_with_linear_identity.t7')
   eq(torch.typename(g), 'nn.gModule')
   local found = {}
   local seen = {}
   local function walk(o)
      if type(o) ~= 'table' or seen[o] then return end
      seen[o] = true
      local name = torch.typename(o)
      if name then found[name] = (found[name] or 0) + 1 end
      for k, v in pairs(o) do walk(k); walk(v) end
   end
   walk(g)
   eq(found['nn.Linear'], 1); eq(found['nn.CAddTable'], 1); eq(found['nn.Identity'], 2)
   assert(found['nngraph.Node'] and found['nngraph.Node'] >= 4)
   local linear
   for o in pairs(seen) do if torch.typename(o) == 'nn.Linear' then linear = o end end
   eq(dims(linear.weight), '2x1')
   local node = U.loadDeclaring(D .. 'python-torchfile/nngraph_node.t7')
   eq(torch.typename(node), 'nngraph.Node')
end

function T.torch_demos_old_format()
   for _, f in ipairs { 'random.net', 'unsupervised.net' } do
      local net = U.loadDeclaring(D .. 'torch-demos/' .. f)
      eq(torch.typename(net), 'nn.Sequential'); eq(#net.modules, 6)
      local c1 = net.modules[1]
      eq(torch.typename(c1), 'nn.SpatialConvolutionMap')
      eq(c1.nInputPlane, 3); eq(c1.nOutputPlane, 32); eq(c1.kW, 7); eq(dims(c1.weight), '32x7x7')
      eq(dims(c1.connTable), '32x2')
      eq(torch.typename(net.modules[2]), 'nn.Tanh')
      eq(torch.typename(net.modules[3]), 'nn.SpatialLPPooling')
      eq(dims(net.modules[6].output), '32x1x1')
   end
   -- mixed Float/Double tensors in random.net
   local net = U.loadDeclaring(D .. 'torch-demos/random.net')
   eq(torch.typename(net.modules[1].weight), 'torch.FloatTensor')
   eq(torch.typename(net.modules[1].gradWeight), 'torch.DoubleTensor')
end

function T.opencv_linear()
   local O = D .. 'opencv-dnn-torch-ascii/'
   local net = U.loadDeclaring(O .. 'net_linear_2d_net.txt', 'ascii')
   eq(torch.typename(net), 'nn.Linear'); eq(dims(net.weight), '3x7'); eq(dims(net.bias), '3')
   local x = torch.load(O .. 'net_linear_2d_input.txt', 'ascii')
   local y = torch.load(O .. 'net_linear_2d_output.txt', 'ascii')
   eq(dims(x), '13x7'); eq(dims(y), '13x3')
   local W, b, X, Y = net.weight:totable(), net.bias:totable(), x:totable(), y:totable()
   for i = 1, 13 do
      for o = 1, 3 do
         local s = b[o]
         for j = 1, 7 do s = s + X[i][j] * W[o][j] end
         close(s, Y[i][o], 1e-9, 'linear output')
      end
   end
end

function T.opencv_softmax_logsoftmax()
   local O = D .. 'opencv-dnn-torch-ascii/'
   local net = U.loadDeclaring(O .. 'net_softmax_net.txt', 'ascii')
   eq(torch.typename(net), 'nn.Sequential'); eq(torch.typename(net.modules[1]), 'nn.SoftMax')
   local x = torch.load(O .. 'net_softmax_input.txt', 'ascii')
   eq(dims(x), '1x5x1x1')
   local xs = x:storage():totable()
   local z = 0
   for i = 1, 5 do z = z + math.exp(xs[i]) end
   local out = net.output:storage():totable()
   for i = 1, 5 do close(out[i], math.exp(xs[i]) / z, 1e-6, 'softmax') end
   local lnet = U.loadDeclaring(O .. 'net_logsoftmax_net.txt', 'ascii')
   eq(torch.typename(lnet.modules[1]), 'nn.LogSoftMax')
   local li = torch.load(O .. 'net_logsoftmax_input.txt', 'ascii')
   local lo = torch.load(O .. 'net_logsoftmax_output.txt', 'ascii')
   eq(dims(li), '3x4x1x1'); eq(dims(lo), '3x4x1x1')
   local I, Oo = li:storage():totable(), lo:storage():totable()
   for b = 0, 2 do
      local zz = 0
      for c = 1, 4 do zz = zz + math.exp(I[b * 4 + c]) end
      for c = 1, 4 do close(Oo[b * 4 + c], I[b * 4 + c] - math.log(zz), 1e-6, 'logsoftmax') end
   end
end

function T.opencv_batchnorm_v2()
   local O = D .. 'opencv-dnn-torch-ascii/'
   local f = io.open(O .. 'net_batch_norm_net.txt'):read('*a')
   assert(f:find('\nV 2\n', 1, true), 'the file holds a version 2 object')
   local net = U.loadDeclaring(O .. 'net_batch_norm_net.txt', 'ascii')
   local bn = net.modules[1]
   eq(torch.typename(bn), 'nn.SpatialBatchNormalization'); eq(bn.eps, 0.001)
   local x = torch.load(O .. 'net_batch_norm_input.txt', 'ascii')
   eq(dims(x), '1x4x5x6')
   local X, Y = x:storage():totable(), bn.output:storage():totable()
   local mean, var = bn.running_mean:totable(), bn.running_var:totable()
   local w, b = bn.weight:totable(), bn.bias:totable()
   for c = 1, 4 do
      for k = 1, 30 do
         local i = (c - 1) * 30 + k
         close(Y[i], (X[i] - mean[c]) / math.sqrt(var[c] + bn.eps) * w[c] + b[c], 1e-6, 'batchnorm')
      end
   end
   -- uninitialised buffers were written as -nan: they load as NaN
   local nans = 0
   for _, t in ipairs { bn.save_mean, bn.save_std } do
      t:apply(function(v) if v ~= v then nans = nans + 1 end end)
   end
   assert(nans > 0, 'expected -nan values in the buffers')
end

function T.golden_tensor_ops_and_rng_load()
   local cases = torch.load(G .. 'tensor/tensor_ops.t7')
   local src = dofile(G .. 'tensor/tensor_ops_cases.lua')
   eq(#cases, #src)
   local byName = {}
   for _, c in ipairs(cases) do byName[c.name] = c end
   for _, s in ipairs(src) do
      local c = byName[s.name]
      assert(c, 'case ' .. s.name .. ' missing')
      eq(c.fn, s.fn); eq(c.setup, s.setup); eq(c.seed, s.seed)
      assert(c.output ~= nil or s.fn:find('return nil'), s.name)
   end
   local rng = torch.load(G .. 'rng/rng.t7')
   assert(#rng > 50)
   local state
   for _, e in ipairs(rng) do
      assert(type(e.name) == 'string' and type(e.src) == 'string' and type(e.seed) == 'number')
      if e.src:find('getRNGState') and torch.typename(e.value) == 'torch.ByteTensor' then state = e.value end
   end
   assert(state and state:nElement() == 5048, 'the 5048-byte generator state loads as a ByteTensor')
end

function T.golden_nn_records_load()
   local dir = G .. 'nn/'
   local n = 0
   for name in require('paths').files(dir, '%.t7$') do
      local mode = name:find('%.ascii%.t7$') and 'ascii' or 'binary'
      local rec = U.loadDeclaring(dir .. name, mode)
      assert(type(rec.name) == 'string' and rec.module ~= nil, name)
      assert(torch.typename(rec.module):find('^nn%.'), name)
      n = n + 1
   end
   assert(n > 100, n)
end

function T.golden_ascii_matches_binary()
   local dir = G .. 'nn/'
   for name in require('paths').files(dir, '%.ascii%.t7$') do
      local a = U.loadDeclaring(dir .. name, 'ascii')
      local b = U.loadDeclaring(dir .. name:gsub('%.ascii%.t7$', '.t7'))
      local function cmp(x, y, path, seen)
         if torch.isTensor(x) then
            U.sameTensor(x, y, path)
         elseif torch.isStorage(x) then
            eq(torch.typename(x), torch.typename(y), path)
            eq(x:size(), y:size(), path)
            for i = 1, x:size() do
               if not (x[i] ~= x[i] and y[i] ~= y[i]) then eq(x[i], y[i], path) end
            end
         elseif type(x) == 'table' then
            if seen[x] then return end
            seen[x] = true
            for k, v in pairs(x) do
               if type(k) ~= 'table' and not torch.isTensor(k) then cmp(v, y[k], path .. '.' .. tostring(k), seen) end
            end
         elseif not (x ~= x and y ~= y) then
            eq(x, y, path)
         end
      end
      cmp(a.output, b.output, name .. ':output', {})
      cmp(a.module, b.module, name .. ':module', {})
   end
end

function T.golden_nngraph_optim_train_load()
   for _, sub in ipairs { 'nngraph', 'train' } do
      for name in require('paths').files(G .. sub, '%.t7$') do
         local mode = name:find('%.ascii%.t7$') and 'ascii' or 'binary'
         local rec = U.loadDeclaring(G .. sub .. '/' .. name, mode)
         eq(type(rec), 'table', name)
      end
   end
   local runs = U.loadDeclaring(G .. 'optim/optim.t7')
   assert(#runs > 0)
end

function T.rewrite_is_byte_identical_to_torch7()
   -- files whose content has a single order (tensors, arrays, one-key tables): loading and writing again
   -- gives Torch7's bytes exactly, binary and ascii
   for _, p in ipairs {
      { 'torch-tutorials/X.t7', 'binary' }, { 'python-torchfile/doubletensor.t7', 'binary' },
      { 'python-torchfile/floattensor.t7', 'binary' }, { 'python-torchfile/hello=123.t7', 'binary' },
      { 'python-torchfile/list_table.t7', 'binary' },
      { 'opencv-dnn-torch-ascii/net_linear_2d_input.txt', 'ascii' },
      { 'opencv-dnn-torch-ascii/net_linear_2d_output.txt', 'ascii' },
      { 'opencv-dnn-torch-ascii/net_softmax_input.txt', 'ascii' },
      { 'opencv-dnn-torch-ascii/net_logsoftmax_input.txt', 'ascii' },
      { 'opencv-dnn-torch-ascii/net_logsoftmax_output.txt', 'ascii' },
      { 'opencv-dnn-torch-ascii/net_batch_norm_input.txt', 'ascii' },
   } do
      local f = io.open(D .. p[1], 'rb')
      local raw = f:read('*a')
      f:close()
      local again = torch.serialize(torch.load(D .. p[1], p[2]), p[2])
      eq(#again, #raw, p[1] .. ' length')
      assert(again == raw, p[1] .. ': bytes differ')
   end
end

function T.golden_aliasing_survives()
   -- Sequential.output is its last module's output object (inventory §9.2 pitfall 13): one object after load
   for _, mode in ipairs { 'binary', 'ascii' } do
      local name = mode == 'ascii' and 'Sequential_nested.ascii.t7' or 'Sequential_nested.t7'
      local m = U.loadDeclaring(G .. 'nn/' .. name, mode).module
      eq(torch.typename(m), 'nn.Sequential')
      local last = m.modules[#m.modules]
      eq(m.output, last.output, mode .. ': output aliasing')
      m.output[1][1] = 12345
      eq(last.output[1][1], 12345)
   end
end

return T
