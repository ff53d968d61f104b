-- nn.MV([trans=false]): {M, v} -> M v (2-D x 1-D, or batched 3-D x 2-D).
local MV, parent = torch.class('nn.MV', 'nn.Module')

function MV:__init(trans)
   parent.__init(self)
   self.trans = trans or false
   self.gradInput = {torch.Tensor(), torch.Tensor()}
end

function MV:updateOutput(input)
   local M, v = input[1], input[2]
   if M:dim() == 2 then
      if self.trans then M = M:t() end
      self.output:resize(M:size(1)):mv(M, v)
   else
      if self.trans then M = M:transpose(2, 3) end
      self.output:resize(M:size(1), M:size(2), 1):bmm(M, v:view(v:size(1), v:size(2), 1))
      self.output:resize(M:size(1), M:size(2))
   end
   return self.output
end

function MV:updateGradInput(input, gradOutput)
   local M, v = input[1], input[2]
   self.gradInput[1] = self.gradInput[1] or M.new()
   self.gradInput[2] = self.gradInput[2] or v.new()
   self.gradInput[1]:resizeAs(M)
   self.gradInput[2]:resizeAs(v)
   if M:dim() == 2 then
      if self.trans then
         self.gradInput[1]:ger(v, gradOutput)
         self.gradInput[2]:mv(M, gradOutput)
      else
         self.gradInput[1]:ger(gradOutput, v)
         self.gradInput[2]:mv(M:t(), gradOutput)
      end
   else
      local g = gradOutput:view(gradOutput:size(1), gradOutput:size(2), 1)
      local vv = v:view(v:size(1), 1, v:size(2))
      if self.trans then
         self.gradInput[1]:bmm(v:view(v:size(1), v:size(2), 1), g:transpose(2, 3))
         self.gradInput[2]:view(v:size(1), v:size(2), 1):bmm(M, g)
      else
         self.gradInput[1]:bmm(g, vv)
         self.gradInput[2]:view(v:size(1), v:size(2), 1):bmm(M:transpose(2, 3), g)
      end
   end
   return self.gradInput
end
