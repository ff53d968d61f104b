-- nn.Convert(inputShape, outputShape): converts between tensor layouts named by letters, e.g.
-- nn.Convert('bchw', 'bf') (flatten), nn.Convert('bchw', 'bhwc') (transpose). 'b' is the batch dim;
-- 'f' in the output stands for all input dims not named there, flattened in input order. Without shapes
-- ('default') it only passes the input through (converted to the module's type). Implemented with
-- permute + contiguous + view (backward: the inverse view and permutation).
local Convert, parent = torch.class('nn.Convert', 'nn.Container')

function Convert:__init(inputShape, outputShape)
   parent.__init(self)
   if outputShape and not inputShape then error('nn.Convert: expecting an inputShape with an outputShape') end
   self.inputShape = inputShape or 'default'
   self.outputShape = outputShape or self.inputShape
   self.modules = {}
end

-- the permutation (input dims in output order) and the output size
function Convert:_plan(input)
   local ins, outs = self.inputShape, self.outputShape
   assert(#ins == input:dim(), string.format("nn.Convert: input has %d dims, shape '%s' names %d", input:dim(), ins, #ins))
   local pos = {}
   for i = 1, #ins do pos[ins:sub(i, i)] = i end
   local used, order, size = {}, {}, {}
   for j = 1, #outs do
      local c = outs:sub(j, j)
      if c ~= 'f' then
         assert(pos[c], string.format("nn.Convert: output dim '%s' not in input shape '%s'", c, ins))
         used[pos[c]] = true
      end
   end
   for j = 1, #outs do
      local c = outs:sub(j, j)
      if c == 'f' then
         local n = 1
         for i = 1, #ins do
            if not used[i] then order[#order + 1] = i; n = n * input:size(i); used[i] = true end
         end
         size[#size + 1] = n
      else
         order[#order + 1] = pos[c]
         size[#size + 1] = input:size(pos[c])
      end
   end
   assert(#order == #ins, string.format("nn.Convert: cannot convert '%s' to '%s' (dims would be lost)", ins, outs))
   return order, size
end

function Convert:updateOutput(input)
   if self.inputShape == 'default' or self.inputShape == self.outputShape then
      self.output = input
      return self.output
   end
   local order, size = self:_plan(input)
   self.output = input:permute(unpack(order)):contiguous():view(unpack(size))
   return self.output
end

function Convert:updateGradInput(input, gradOutput)
   if self.inputShape == 'default' or self.inputShape == self.outputShape then
      self.gradInput = gradOutput
      return self.gradInput
   end
   local order = self:_plan(input)
   local permutedSize = {}
   for k, i in ipairs(order) do permutedSize[k] = input:size(i) end
   local inverse = {}
   for k, i in ipairs(order) do inverse[i] = k end
   self.gradInput = gradOutput:contiguous():view(unpack(permutedSize)):permute(unpack(inverse)):contiguous()
   return self.gradInput
end

function Convert:__tostring__()
   return string.format('%s(%s -> %s)', torch.type(self), self.inputShape, self.outputShape)
end
