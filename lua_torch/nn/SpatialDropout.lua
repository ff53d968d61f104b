-- nn.SpatialDropout(p=0.5[, stochasticInference=false]): drops whole feature maps: one Bernoulli(1-p)
-- draw per (sample, plane), no rescaling in training; at evaluation the output is scaled by 1-p (Torch7's
-- convention). nn.VolumetricDropout is the same over 5-D (or 4-D) volumes.
local SpatialDropout, parent = torch.class('nn.SpatialDropout', 'nn.Module')

function SpatialDropout:__init(p, stochasticInference)
   parent.__init(self)
   self.p = p or 0.5
   self.train = true
   self.stochastic_inference = stochasticInference or false
   self.noise = torch.Tensor()
end

-- the rank of an unbatched input, and the message for other ranks
SpatialDropout._rank = 3
SpatialDropout._shapes = 'Input must be 4D (nbatch, nfeat, h, w) or 3D (nfeat, h, w)'

function SpatialDropout:updateOutput(input)
   self.output:resizeAs(input):copy(input)
   if self.train or self.stochastic_inference then
      local r = self._rank
      local size
      if input:dim() == r + 1 then
         size = { input:size(1), input:size(2) }
      elseif input:dim() == r then
         size = { input:size(1) }
      else
         error(self._shapes, 2)
      end
      while #size < input:dim() do size[#size + 1] = 1 end
      self.noise:resize(unpack(size)):bernoulli(1 - self.p)
      self.output:cmul(self.noise:expandAs(input))
   else
      self.output:mul(1 - self.p)
   end
   return self.output
end

function SpatialDropout:updateGradInput(input, gradOutput)
   if not self.train then error('backprop only defined while training', 2) end
   self.gradInput:resizeAs(gradOutput):copy(gradOutput):cmul(self.noise:expandAs(input))
   return self.gradInput
end

function SpatialDropout:setp(p) self.p = p end

function SpatialDropout:__tostring__()
   return string.format('%s(%f)', torch.type(self), self.p)
end

function SpatialDropout:clearState()
   if self.noise then self.noise:set() end
   return parent.clearState(self)
end

local VolumetricDropout = torch.class('nn.VolumetricDropout', 'nn.SpatialDropout')
VolumetricDropout._rank = 4
VolumetricDropout._shapes = 'Input must be 5D (nbatch, nfeat, t, h, w) or 4D (nfeat, t, h, w)'
