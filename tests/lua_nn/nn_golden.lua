-- Replays one record of Torch7's golden nn data (shared/data/torch7-golden/nn): the module is built
-- from its constructor expression, given the stored parameters (and batch-norm buffers), and run
-- forward and backward on the stored input and gradOutput; results are compared with Torch7's.
-- Returns a list of mismatch descriptions (empty when everything agrees).
require 'nn'
pcall(require, 'nngraph')

local G = {}

local function tolerance(t)
   if torch.typename(t) == 'torch.FloatTensor' then return 1e-5, 1e-4 end
   return 1e-10, 1e-8
end

-- appends to `bad` every place where got differs from want
function G.compare(got, want, where, bad)
   if torch.isTensor(want) then
      if not torch.isTensor(got) then
         bad[#bad + 1] = where .. ': expected a tensor, got ' .. torch.type(got)
         return
      end
      if got:nElement() ~= want:nElement() then
         bad[#bad + 1] = string.format('%s: %d elements, expected %d', where, got:nElement(), want:nElement())
         return
      end
      if want:nElement() == 0 then return end
      local abs, rel = tolerance(want)
      local g = got:double():contiguous():view(-1)
      local w = want:double():contiguous():view(-1)
      local diff = (g - w):abs()
      local allowed = w:clone():abs():mul(rel):add(abs)
      local over = diff:gt(allowed):sum()
      if over > 0 then
         bad[#bad + 1] = string.format('%s: %d of %d values differ (max |diff| %.3g)', where, over, w:nElement(), diff:max())
      end
   elseif type(want) == 'table' then
      if type(got) ~= 'table' then
         bad[#bad + 1] = where .. ': expected a table, got ' .. torch.type(got)
         return
      end
      for k, v in pairs(want) do G.compare(got[k], v, where .. '[' .. tostring(k) .. ']', bad) end
   elseif type(want) == 'number' then
      local abs, rel = 1e-10, 1e-8
      if G.float_record then abs, rel = 1e-5, 1e-4 end   -- a float32 computation reported as a number
      if type(got) ~= 'number' or math.abs(got - want) > abs + rel * math.abs(want) then
         bad[#bad + 1] = string.format('%s: %s, expected %.17g', where, tostring(got), want)
      end
   end
end

local function copy(x)
   if torch.isTensor(x) then return x:clone() end
   if type(x) == 'table' then
      local t = {}
      for k, v in pairs(x) do t[k] = copy(v) end
      return t
   end
   return x
end

local function load(path)
   return torch.load(path, path:match('%.ascii%.t7$') and 'ascii' or 'binary')
end

local function build(rec)
   -- nn records hold an expression; nngraph records a chunk ending in `return nn.gModule(...)`
   local src = rec.kind == 'gmodule' and rec.args or ('return ' .. rec.args)
   return assert(loadstring(src))()
end

-- the deterministic recipe: stored parameters, buffers, input and gradOutput
local function replay(rec, bad)
   local m = build(rec)
   if rec.kind == 'criterion' then
      if rec.type == 'torch.FloatTensor' then m:float() end
      local loss = m:forward(copy(rec.input), copy(rec.target))
      G.compare(loss, rec.loss, 'loss', bad)
      G.compare(m:backward(copy(rec.input), copy(rec.target)), rec.gradInput, 'gradInput', bad)
      return
   end
   if rec.type == 'torch.FloatTensor' then m:float() end
   local params = m:parameters() or {}
   local stored = rec.paramsBefore or rec.params or {}
   if #params ~= #stored then
      bad[#bad + 1] = string.format('parameters: %d tensors, Torch7 had %d', #params, #stored)
      return
   end
   for i, p in ipairs(params) do p:copy(stored[i]) end
   if rec.buffers then
      m.running_mean:copy(rec.buffers.running_mean)
      m.running_var:copy(rec.buffers.running_var)
   end
   if rec.mode == 'evaluate' then m:evaluate() else m:training() end
   local out = m:forward(copy(rec.input))
   G.compare(out, rec.output, 'output', bad)
   m:zeroGradParameters()
   local gin = m:backward(copy(rec.input), copy(rec.gradOutput), 1)
   G.compare(gin, rec.gradInput, 'gradInput', bad)
   local _, grads = m:parameters()
   G.compare(grads or {}, rec.gradParams or {}, 'gradParams', bad)
end

-- the RNG recipe of the golden README, for records whose forward draws random numbers
local function replay_with_rng(rec, bad)
   local m = build(rec)
   torch.manualSeed(rec.seed)
   m:reset()
   if rec.prep_src then assert(loadstring('local m = ...\n' .. rec.prep_src))(m) end
   if rec.type == 'torch.FloatTensor' then m:float() end
   local input = assert(loadstring('return ' .. rec.input_src))()
   if rec.type == 'torch.FloatTensor' and torch.isTensor(input) and torch.typename(input) ~= 'torch.LongTensor' then
      input = input:float()
   end
   if rec.mode == 'evaluate' then m:evaluate() else m:training() end
   G.compare(m:forward(input), rec.output, 'output (RNG replay)', bad)
end

function G.run(path)
   local rec = load(path)
   local bad = {}
   G.float_record = rec.type == 'torch.FloatTensor'
   if rec.rng_dependent then
      replay_with_rng(rec, bad)
   else
      replay(rec, bad)
   end
   -- the deserialized module itself reproduces the output
   if rec.kind == 'module' and rec.module and not rec.rng_dependent then
      local m = rec.module
      if rec.mode == 'evaluate' then m:evaluate() end
      local ok, out = pcall(function() return m:forward(copy(rec.input)) end)
      if ok then G.compare(out, rec.output, 'output of the loaded module', bad)
      else bad[#bad + 1] = 'loaded module forward failed: ' .. tostring(out) end
   end
   return bad
end

return G
