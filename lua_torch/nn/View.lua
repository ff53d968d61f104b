-- nn.View(sizes...): a view of a contiguous input; one size may be -1; leading elements beyond
-- the view's count (or dims beyond numInputDims) become a batch dimension.
local View, parent = torch.class('nn.View', 'nn.Module')

function View:resetSize(...)
   if select('#', ...) == 1 and torch.typename(select(1, ...)) == 'torch.LongStorage' then
      self.size = select(1, ...)
   else
      self.size = torch.LongStorage({...})
   end
   self.numElements = 1
   local inferred = false
   for i = 1, #self.size do
      local s = self.size[i]
      if s >= 0 then
         self.numElements = self.numElements * s
      else
         assert(s == -1, 'size should be positive or -1')
         assert(not inferred, 'only one dimension can be at -1')
         inferred = true
      end
   end
   return self
end

function View:__init(...)
   parent.__init(self)
   self:resetSize(...)
   self.numInputDims = nil
end

function View:setNumInputDims(n)
   self.numInputDims = n
   return self
end

-- the batch size implied by the input, or nil when there is no batch dimension
local function batch_size(input, size, numInputDims, numElements)
   local nd = input:nDimension()
   local used = numInputDims or nd
   local inner = 1
   for i = nd, nd - used + 1, -1 do inner = inner * input:size(i) end
   if inner % numElements ~= 0 then
      error(string.format('input view (%s) and desired view (%s) do not match',
         table.concat(input:size():totable(), 'x'), table.concat(size:totable(), 'x')))
   end
   local bsz = inner / numElements
   for i = 1, #size do if size[i] == -1 then bsz = 1 break end end
   for i = nd - used, 1, -1 do bsz = bsz * input:size(i) end
   if bsz == 1 and (not numInputDims or nd <= numInputDims) then return nil end
   return bsz
end

function View:updateOutput(input)
   self.output = self.output or input.new()
   local bsz = batch_size(input, self.size, self.numInputDims, self.numElements)
   if bsz then
      self.output:view(input, bsz, unpack(self.size:totable()))
   else
      self.output:view(input, self.size)
   end
   return self.output
end

function View:updateGradInput(input, gradOutput)
   self.gradInput = self.gradInput or gradOutput.new()
   self.gradInput:view(gradOutput, input:size())
   return self.gradInput
end

function View:__tostring__()
   return torch.type(self) .. '(' .. table.concat(self.size:totable(), ', ') .. ')'
end
