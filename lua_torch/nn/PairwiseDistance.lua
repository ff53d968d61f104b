-- nn.PairwiseDistance(p=2): {a, b} -> the p-norm of a - b per row (a vector for 1-D inputs).
local PairwiseDistance, parent = torch.class('nn.PairwiseDistance', 'nn.Module')

function PairwiseDistance:__init(p)
   parent.__init(self)
   self.gradInput = {}
   self.diff = torch.Tensor()
   self.norm = p or 2
end

function PairwiseDistance:updateOutput(input)
   local a, b = input[1], input[2]
   self.output:resize(1)
   self.diff:resizeAs(a):copy(a):add(-1, b)
   if a:dim() == 1 then
      self.output[1] = self.diff:norm(self.norm)
   elseif a:dim() == 2 then
      self.output:norm(self.diff, self.norm, 2):resize(a:size(1))
   else
      error('input must be vector or matrix')
   end
   return self.output
end

-- d||d||_p / dd = sign(d) |d|^(p-1) / (||d|| + 1e-6)^(p-1)
function PairwiseDistance:updateGradInput(input, gradOutput)
   local a, b = input[1], input[2]
   if a:dim() > 2 then error('input must be vector or matrix') end
   self.gradInput[1] = self.gradInput[1] or a.new()
   self.gradInput[2] = self.gradInput[2] or b.new()
   local p = self.norm
   local g = self.gradInput[1]:resizeAs(a)
   g:copy(self.diff)
   if p == 1 then
      g:sign()
   elseif p ~= 2 then
      g:copy(self.diff):abs():pow(p - 2):cmul(self.diff)
   end
   local scale = self.output:clone():add(1e-6)   -- Torch7's guard against dividing by zero
   if p ~= 1 then scale:pow(p - 1) else scale:fill(1) end
   scale = torch.cdiv(gradOutput:contiguous():view(-1), scale:view(-1))
   if a:dim() == 1 then
      g:mul(scale[1])
   else
      g:cmul(scale:view(-1, 1):expandAs(g))
   end
   self.gradInput[2]:resizeAs(g):copy(g):mul(-1)
   return self.gradInput
end

function PairwiseDistance:clearState()
   nn.utils.clear(self, 'diff', 'outExpand', 'grad', 'ones')
   return parent.clearState(self)
end
