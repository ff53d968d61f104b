-- nn.Collapse(nInputDim): flattens all but a leading batch dimension (when there is one beyond nInputDim)
local Collapse, CollapseParent = torch.class('nn.Collapse', 'nn.Module')
function Collapse:__init(nInputDim)
   CollapseParent.__init(self)
   self.nInputDim = nInputDim
end
function Collapse:updateOutput(input)
   local x = input:contiguous()
   if x:dim() > self.nInputDim then
      self.output = x:view(x:size(1), -1)
   else
      self.output = x:view(-1)
   end
   return self.output
end
function Collapse:updateGradInput(input, gradOutput)
   self.gradInput = gradOutput:contiguous():view(input:size())
   return self.gradInput
end
