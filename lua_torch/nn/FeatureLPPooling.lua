-- nn.FeatureLPPooling(width, stride, power, batch_mode): Lp pooling across the feature dimension
-- (dim 1, or dim 2 in batch mode): out[o] = (sum_{k<width} x[(o-1)*stride + k]^p)^(1/p), inputs of
-- 1 to 3 dims (+1 in batch mode), as in Torch7. Windows are unfold views.
local FeatureLPPooling, parent = torch.class('nn.FeatureLPPooling', 'nn.Module')

function FeatureLPPooling:__init(width, stride, power, batch_mode)
   parent.__init(self)
   assert(width >= 2, 'FeatureLPPooling: width must be at least 2')
   assert(stride >= 1, 'FeatureLPPooling: stride must be at least 1')
   assert(power >= 1, 'FeatureLPPooling: power must be at least 1')
   self.width, self.stride, self.power = width, stride, power
   self.batch_mode = batch_mode
end

function FeatureLPPooling:_windows(x)
   local fdim = self.batch_mode and 2 or 1
   local d = x:dim()
   assert(d >= fdim and d <= fdim + 3, 'FeatureLPPooling: input must have 1 to 4 dims (batch mode: 2 to 4)')
   assert(x:size(fdim) >= self.width, 'FeatureLPPooling: fewer features than the pooling width')
   return x:unfold(fdim, self.width, self.stride), x:dim() + 1
end

function FeatureLPPooling:updateOutput(input)
   local win, last = self:_windows(input)
   self._pow = self._pow or input.new()
   self._pow:resizeAs(win):copy(win):pow(self.power)
   self._sum = self._sum or input.new()
   torch.sum(self._sum, self._pow, last)
   self.output:resize(self._sum:size()):copy(self._sum)
   self.output = self.output:select(last, 1):clone():pow(1 / self.power)
   return self.output
end

function FeatureLPPooling:updateGradInput(input, gradOutput)
   local win, last = self:_windows(input)
   -- d out / d x = x^(p-1) * out^(1-p)
   self._g = self._g or input.new()
   self._g:resizeAs(win):copy(win):pow(self.power - 1)
   local scaleOut = torch.pow(self.output, 1 - self.power):cmul(gradOutput)
   local shape = scaleOut:size():totable(); shape[#shape + 1] = 1
   self._g:cmul(scaleOut:view(unpack(shape)):expandAs(self._g))
   self.gradInput:resizeAs(input):zero()
   local gwin = self:_windows(self.gradInput)
   for k = 1, self.width do gwin:select(last, k):add(self._g:select(last, k)) end
   return self.gradInput
end

function FeatureLPPooling:clearState()
   nn.utils.clear(self, '_pow', '_sum', '_g')
   return parent.clearState(self)
end

function FeatureLPPooling:__tostring__()
   return string.format('%s(w%d s%d power %s)', torch.type(self), self.width, self.stride, tostring(self.power))
end
