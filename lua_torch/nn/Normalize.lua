-- nn.Normalize(p[, eps=1e-10]): each sample (a vector, or the rows of a batch) divided by its
-- p-norm (inf allowed).
local K = nn.kernels
local Normalize, parent = torch.class('nn.Normalize', 'nn.Module')

function Normalize:__init(p, eps)
   parent.__init(self)
   assert(p, 'p-norm not provided')
   assert(p > 0, p .. '-norm not supported')
   self.p = p
   self.eps = eps or 1e-10
end

function Normalize:updateOutput(input)
   assert(input:dim() <= 2, 'only 1d layer supported')
   self.norm = self.norm or input.new()
   K.check(K.C.tc_nn_normalize(self.output:cdata(), self.norm:cdata(), input:cdata(), self.p, self.eps))
   return self.output
end

function Normalize:updateGradInput(input, gradOutput)
   K.check(K.C.tc_nn_normalize_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(),
                                        self.norm:cdata(), self.p))
   return self.gradInput
end

function Normalize:__tostring__()
   return torch.type(self) .. '(' .. (self.p == math.huge and 'inf' or self.p) .. ')'
end

function Normalize:type(type, tensorCache)
   self._indices = nil
   return parent.type(self, type, tensorCache)
end

function Normalize:clearState()
   nn.utils.clear(self, {'_output', '_indices', '_gradInput', 'buffer', 'norm', 'normp', 'cross'})
   return parent.clearState(self)
end
