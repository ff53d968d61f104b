-- nn.Dropout([p=0.5[, v1=false[, inplace[, stochasticInference]]]]).
-- v2 (default): kept units are scaled by 1/(1-p) in training, evaluation is the identity.
-- v1 (and old files without the v2 field): no scaling in training, output * (1-p) at evaluation.
local Dropout, parent = torch.class('nn.Dropout', 'nn.Module')

function Dropout:__init(p, v1, inplace, stochasticInference)
   parent.__init(self)
   self.p = p or 0.5
   self.train = true
   self.inplace = inplace
   self.stochastic_inference = stochasticInference or false
   self.v2 = not v1
   if self.p >= 1 or self.p < 0 then error('<Dropout> illegal percentage, must be 0 <= p < 1') end
   self.noise = torch.Tensor()
end

local function pass_through(dst, src, inplace)
   if inplace then return dst:set(src) end
   return dst:resizeAs(src):copy(src)
end

function Dropout:updateOutput(input)
   pass_through(self.output, input, self.inplace)
   if self.p > 0 then
      if self.train or self.stochastic_inference then
         self.noise:resizeAs(input):bernoulli(1 - self.p)
         if self.v2 then self.noise:div(1 - self.p) end
         self.output:cmul(self.noise)
      elseif not self.v2 then
         self.output:mul(1 - self.p)
      end
   end
   return self.output
end

function Dropout:updateGradInput(input, gradOutput)
   pass_through(self.gradInput, gradOutput, self.inplace)
   if self.train then
      if self.p > 0 then self.gradInput:cmul(self.noise) end
   elseif not self.v2 and self.p > 0 then
      self.gradInput:mul(1 - self.p)
   end
   return self.gradInput
end

function Dropout:setp(p) self.p = p end

function Dropout:__tostring__()
   return string.format('%s(%f)', torch.type(self), self.p)
end

function Dropout:clearState()
   if self.noise then self.noise:set() end
   return parent.clearState(self)
end
