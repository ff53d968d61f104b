-- nn.Module: the base of every layer.  forward = updateOutput; backward = updateGradInput then
-- accGradParameters (which accumulates scale * dL/dtheta, never zeroes).
local Module = torch.class('nn.Module')

function Module:__init()
   self.gradInput = torch.Tensor()
   self.output = torch.Tensor()
   self._type = self.output:type()
end

function Module:parameters()
   local params, grads = {}, {}
   if self.weight then params[#params + 1], grads[#grads + 1] = self.weight, self.gradWeight end
   if self.bias then params[#params + 1], grads[#grads + 1] = self.bias, self.gradBias end
   if #params > 0 then return params, grads end
end

function Module:updateOutput(input) return self.output end
function Module:forward(input) return self:updateOutput(input) end
function Module:updateGradInput(input, gradOutput) return self.gradInput end
function Module:accGradParameters(input, gradOutput, scale) end

function Module:backward(input, gradOutput, scale)
   scale = scale or 1
   self:updateGradInput(input, gradOutput)
   self:accGradParameters(input, gradOutput, scale)
   return self.gradInput
end

function Module:backwardUpdate(input, gradOutput, lr)
   self:updateGradInput(input, gradOutput)
   self:accUpdateGradParameters(input, gradOutput, lr)
   return self.gradInput
end

function Module:accUpdateGradParameters(input, gradOutput, lr)
   if self.shared then
      self:sharedAccUpdateGradParameters(input, gradOutput, lr)
   else
      self:defaultAccUpdateGradParameters(input, gradOutput, lr)
   end
end

-- Accumulating with -lr straight into the weights updates them without gradient buffers.
function Module:defaultAccUpdateGradParameters(input, gradOutput, lr)
   local gradWeight, gradBias = self.gradWeight, self.gradBias
   self.gradWeight, self.gradBias = self.weight, self.bias
   self:accGradParameters(input, gradOutput, -lr)
   self.gradWeight, self.gradBias = gradWeight, gradBias
end

function Module:sharedAccUpdateGradParameters(input, gradOutput, lr)
   if self:parameters() then
      self:zeroGradParameters()
      self:accGradParameters(input, gradOutput, 1)
      self:updateParameters(lr)
   end
end

function Module:zeroGradParameters()
   local _, grads = self:parameters()
   for _, g in ipairs(grads or {}) do g:zero() end
end

function Module:updateParameters(learningRate)
   local params, grads = self:parameters()
   for i, p in ipairs(params or {}) do p:add(-learningRate, grads[i]) end
end

function Module:training() self.train = true end
function Module:evaluate() self.train = false end

function Module:share(other, ...)
   for _, name in ipairs{...} do
      if self[name] ~= nil then
         self[name]:set(other[name])
         self.shared = true
         other.shared = true
      end
   end
   return self
end

-- A serializer that writes the named tensor fields as empty tensors of the same type.
local function write_without(names)
   local skip = {}
   for _, n in ipairs(names) do skip[n] = true end
   return function(self, file)
      local object = {}
      for k, v in pairs(self) do
         if skip[k] then
            assert(torch.isTensor(v), 'Shared parameters have to be Tensors')
            object[k] = v.new()
         else
            object[k] = v
         end
      end
      file:writeObject(object)
   end
end

-- Deep copy through a binary memory-file round trip; named fields are then shared with self.
function Module:clone(...)
   local saved = nn.Module.write
   nn.Module.write = write_without{...}
   local ok, result = pcall(function()
      local f = torch.MemoryFile("rw"):binary()
      f:writeObject(self)
      f:seek(1)
      local copy = f:readObject()
      f:close()
      return copy
   end)
   nn.Module.write = saved
   if not ok then error(result, 0) end
   if select('#', ...) > 0 then result:share(self, ...) end
   return result
end

function Module:type(type, tensorCache)
   if not type then return self._type end
   tensorCache = tensorCache or {}
   for key, value in pairs(self) do
      self[key] = nn.utils.recursiveType(value, type, tensorCache)
   end
   self._type = type
   return self
end

function Module:float(...) return self:type('torch.FloatTensor', ...) end
function Module:double(...) return self:type('torch.DoubleTensor', ...) end
function Module:cuda(...)
   if not rawget(torch, 'CudaTensor') then error(torch.CUDA_UNAVAILABLE, 2) end
   return self:type('torch.CudaTensor', ...)
end

function Module:reset() end

function Module:write(file)
   local object = {}
   for k, v in pairs(self) do object[k] = v end
   file:writeObject(object)
end

function Module:read(file)
   for k, v in pairs(file:readObject()) do self[k] = v end
end

-- Whether a view covers its span of storage without gaps (strides sorted, as a permuted
-- contiguous tensor would have).
local function is_compact(t)
   local dims = {}
   for d = 1, t:dim() do
      if t:stride(d) > 0 then dims[#dims + 1] = {t:size(d), t:stride(d)} end
   end
   table.sort(dims, function(a, b) return a[2] > b[2] end)
   local expected = 1
   for i = #dims, 1, -1 do
      if dims[i][1] ~= 1 then
         if dims[i][2] ~= expected then return false end
         expected = expected * dims[i][1]
      end
   end
   return true
end

-- Module.flatten(tensors): one flat tensor holding every distinct storage once (holes no tensor
-- uses are dropped); each tensor is re-pointed into it with its size and stride.
Module._flattenTensorBuffer = {}
function Module.flatten(tensors)
   if not tensors or #tensors == 0 then return torch.Tensor() end
   local Tensor = tensors[1].new
   local slots, total, meta = {}, 0, {}
   for k, t in ipairs(tensors) do
      local storage = t:storage()
      local key = torch.pointer(storage)
      if not slots[key] then
         slots[key] = {storage = storage, offset = total}
         total = total + storage:size()
      end
      meta[k] = {offset = t:storageOffset() + slots[key].offset, size = t:size(), stride = t:stride()}
   end

   -- mark the elements some tensor uses
   local flat = Tensor(total):zero()
   local compact = true
   for _, m in ipairs(meta) do
      local view = Tensor():set(flat:storage(), m.offset, m.size, m.stride)
      view:fill(1)
      compact = compact and is_compact(view)
   end
   local used = flat:byte():clone()
   local newOffset = flat:long():cumsum(1)
   local nUsed = total > 0 and newOffset[total] or 0

   for _, slot in pairs(slots) do
      if slot.storage:size() > 0 then
         flat:narrow(1, slot.offset + 1, slot.storage:size()):copy(Tensor():set(slot.storage))
      end
   end
   for _, t in ipairs(tensors) do t:set(Tensor()) end

   if nUsed ~= total then
      assert(compact, "Cannot gather tensors that are not compact")
      flat = Tensor(nUsed):copy(flat:maskedSelect(used))
      for _, m in ipairs(meta) do m.offset = newOffset[m.offset] end
   end
   for k, t in ipairs(tensors) do
      t:set(flat:storage(), meta[k].offset, meta[k].size, meta[k].stride)
   end
   return flat
end

function Module:getParameters()
   local params, grads = self:parameters()
   local p, g = Module.flatten(params), Module.flatten(grads)
   assert(p:nElement() == g:nElement(), 'check that you are sharing parameters and gradParameters')
   for i = 1, #(params or {}) do
      assert(params[i]:storageOffset() == grads[i]:storageOffset(), 'misaligned parameter at ' .. tostring(i))
   end
   return p, g
end

function Module:__call__(input, gradOutput)
   self:forward(input)
   if gradOutput then
      self:backward(input, gradOutput)
      return self.output, self.gradInput
   end
   return self.output
end

function Module:apply(fn)
   fn(self)
   for _, m in ipairs(self.modules or {}) do m:apply(fn) end
end

function Module:findModules(typename, container)
   container = container or self
   local found, containers = {}, {}
   if torch.typename(self) == typename then
      found[1], containers[1] = self, container
   end
   if torch.type(self.modules) == 'table' then
      for _, child in ipairs(self.modules) do
         local f, c = child:findModules(typename, self)
         for j = 1, #f do
            found[#found + 1], containers[#containers + 1] = f[j], c[j]
         end
      end
   end
   return found, containers
end

function Module:listModules()
   local list = {self}
   for _, child in ipairs(self.modules or {}) do
      for _, m in ipairs(child:listModules()) do list[#list + 1] = m end
   end
   return list
end

function Module:clearState()
   return nn.utils.clear(self, 'output', 'gradInput')
end

function Module:replace(fn)
   local out = fn(self)
   if self.modules then
      for i, m in ipairs(self.modules) do self.modules[i] = m:replace(fn) end
   end
   return out
end

function Module:__tostring__()
   return torch.type(self)
end
