-- nn.CosineDistance: {a, b} -> cosine similarity per row (a vector for 1-D inputs).
local CosineDistance, parent = torch.class('nn.CosineDistance', 'nn.Module')

function CosineDistance:__init()
   parent.__init(self)
   self.gradInput = {torch.Tensor(), torch.Tensor()}
end

local EPS = 1e-12

local function rows(t) return t:dim() == 1 and t:view(1, -1) or t end

function CosineDistance:updateOutput(input)
   local a, b = rows(input[1]), rows(input[2])
   self.w1 = torch.cmul(a, b):sum(2)
   self.w22 = torch.cmul(a, a):sum(2):add(EPS)
   self.w32 = torch.cmul(b, b):sum(2):add(EPS)
   self.w = torch.cmul(self.w22, self.w32):sqrt()
   self.output:resize(a:size(1)):copy(torch.cdiv(self.w1, self.w))
   if input[1]:dim() == 1 then self.output:resize(1) end
   return self.output
end

-- d cos / da = b / (|a||b|) - cos a / |a|^2
function CosineDistance:updateGradInput(input, gradOutput)
   local a, b = rows(input[1]), rows(input[2])
   local g = gradOutput:contiguous():view(-1, 1)
   local cos = torch.cdiv(self.w1, self.w)
   local ga = torch.cdiv(b, self.w:expandAs(b)) - torch.cmul(a, torch.cdiv(cos, self.w22):expandAs(a))
   local gb = torch.cdiv(a, self.w:expandAs(a)) - torch.cmul(b, torch.cdiv(cos, self.w32):expandAs(b))
   ga:cmul(g:expandAs(ga))
   gb:cmul(g:expandAs(gb))
   self.gradInput[1]:resizeAs(input[1]):copy(ga)
   self.gradInput[2]:resizeAs(input[2]):copy(gb)
   return self.gradInput
end

function CosineDistance:clearState()
   nn.utils.clear(self, {'buffer', 'w1', 'w22', 'w', 'w32', 'ones'})
   return parent.clearState(self)
end
