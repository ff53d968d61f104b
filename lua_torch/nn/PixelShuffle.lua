-- nn.PixelShuffle(r): (B x) C*r*r x H x W -> (B x) C x H*r x W*r, sub-pixel rearrangement.
local PixelShuffle, parent = torch.class('nn.PixelShuffle', 'nn.Module')

function PixelShuffle:__init(upscaleFactor)
   parent.__init(self)
   self.upscaleFactor = upscaleFactor
   self.upscaleFactorSquared = upscaleFactor * upscaleFactor
end

-- (batch, channels, H, W) of an input, erroring on bad shapes
local function dims(self, input)
   local nd = input:dim()
   if nd ~= 3 and nd ~= 4 then error('nn.PixelShuffle: 3D or 4D (batch) input expected', 3) end
   local b = nd == 4 and input:size(1) or 1
   local o = nd - 2
   local c = input:size(o)
   if c % self.upscaleFactorSquared ~= 0 then
      error(string.format('nn.PixelShuffle: %d channels are not divisible by %d', c, self.upscaleFactorSquared), 3)
   end
   return b, c / self.upscaleFactorSquared, input:size(o + 1), input:size(o + 2), nd == 4
end

function PixelShuffle:updateOutput(input)
   local b, c, h, w, batched = dims(self, input)
   local r = self.upscaleFactor
   self._shuffleOut = self._shuffleOut or input.new()
   self._shuffleOut:resize(b, c, h, r, w, r)
   self._shuffleOut:copy(input:contiguous():view(b, c, r, r, h, w):permute(1, 2, 5, 3, 6, 4))
   if batched then
      self.output = self._shuffleOut:view(b, c, h * r, w * r)
   else
      self.output = self._shuffleOut:view(c, h * r, w * r)
   end
   return self.output
end

function PixelShuffle:updateGradInput(input, gradOutput)
   local b, c, h, w = dims(self, input)
   local r = self.upscaleFactor
   self._shuffleIn = self._shuffleIn or input.new()
   self._shuffleIn:resize(b, c, r, r, h, w)
   self._shuffleIn:copy(gradOutput:contiguous():view(b, c, h, r, w, r):permute(1, 2, 4, 6, 3, 5))
   self.gradInput = self._shuffleIn:view(input:size())
   return self.gradInput
end

function PixelShuffle:clearState()
   nn.utils.clear(self, '_shuffleOut', '_shuffleIn')
   return parent.clearState(self)
end
