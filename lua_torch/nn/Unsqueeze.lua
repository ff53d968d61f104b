-- nn.Unsqueeze(pos[, numInputDims]): inserts a size-1 dimension at pos (after a batch dim when
-- the input has one more dim than numInputDims).
local Unsqueeze, parent = torch.class('nn.Unsqueeze', 'nn.Module')

function Unsqueeze:__init(pos, numInputDims)
   parent.__init(self)
   self.pos = pos or error('nn.Unsqueeze(pos) expects a position')
   self:setNumInputDims(numInputDims)
end

function Unsqueeze:setNumInputDims(n)
   self.numInputDims = n
   return self
end

function Unsqueeze:updateOutput(input)
   local pos = self.pos
   if self.numInputDims and input:dim() == self.numInputDims + 1 then pos = pos + 1 end
   nn.utils.addSingletonDimension(self.output, input, pos)
   return self.output
end

function Unsqueeze:updateGradInput(input, gradOutput)
   assert(input:nElement() == gradOutput:nElement())
   self.gradInput:view(gradOutput, input:size())
   return self.gradInput
end

function Unsqueeze:__tostring__()
   return torch.type(self) .. '(dim ' .. self.pos .. ')'
end
