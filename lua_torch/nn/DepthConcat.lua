-- nn.DepthConcat(dim): like Concat, but outputs smaller than the largest in the other dims are
-- zero-padded and centred.
local DepthConcat, parent = torch.class('nn.DepthConcat', 'nn.Concat')

-- the window of `output` where a child's output goes (centred in the non-concatenated dims)
function DepthConcat:windowNarrow(output, current, offset)
   local window = output:narrow(self.dimension, offset, current:size(self.dimension))
   for d = 1, self.outputSize:size(1) do
      local n = current:size(d)
      if d ~= self.dimension and self.outputSize[d] ~= n then
         window = window:narrow(d, math.floor((self.outputSize[d] - n) / 2 + 1), n)
      end
   end
   return window
end

function DepthConcat:updateOutput(input)
   self.outputSize = self.outputSize or torch.LongStorage()
   local outs = {}
   for i, m in ipairs(self.modules) do
      local out = self:rethrowErrors(m, i, 'updateOutput', input)
      outs[i] = out
      if i == 1 then
         self.outputSize:resize(out:dim()):copy(out:size())
      else
         for d = 1, self.outputSize:size(1) do
            if d == self.dimension then
               self.outputSize[d] = self.outputSize[d] + out:size(d)
            else
               self.outputSize[d] = math.max(self.outputSize[d], out:size(d))
            end
         end
      end
   end
   self.output:resize(self.outputSize):zero()
   local offset = 1
   for _, out in ipairs(outs) do
      self:windowNarrow(self.output, out, offset):copy(out)
      offset = offset + out:size(self.dimension)
   end
   return self.output
end

-- the gradient window for each child, as Concat's slices
function DepthConcat:_eachSlice(gradOutput, fn)
   local offset = 1
   for i, m in ipairs(self.modules) do
      fn(i, m, self:windowNarrow(gradOutput, m.output, offset))
      offset = offset + m.output:size(self.dimension)
   end
end
