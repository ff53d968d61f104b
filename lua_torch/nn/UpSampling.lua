-- nn.UpSampling(params, mode): Torch7's generic upsampler for 4D (B, C, H, W) and 5D (B, C, T, H, W)
-- inputs (3D/4D without batch), mode 'nearest' (integer scale) or 'linear' (4D: bilinear with aligned
-- corners, delegated to SpatialUpSamplingBilinear). params: a scale number or a table {oheight=, owidth=}
-- / {scale_factor=}. Nearest upsampling is a copy into an expanded view, no loop over elements.
local UpSampling, parent = torch.class('nn.UpSampling', 'nn.Module')

function UpSampling:__init(params, mode)
   parent.__init(self)
   self.mode = mode or 'nearest'
   assert(self.mode == 'nearest' or self.mode == 'linear', "UpSampling: mode must be 'nearest' or 'linear'")
   if type(params) == 'number' then
      self.scale_factor = params
   else
      assert(type(params) == 'table', 'UpSampling: params must be a number or a table')
      self.scale_factor = params.scale_factor
      self.oheight, self.owidth, self.otime = params.oheight, params.owidth, params.otime
   end
   if self.scale_factor then
      assert(self.scale_factor >= 1 and math.floor(self.scale_factor) == self.scale_factor,
         'UpSampling: scale_factor must be an integer >= 1')
   end
   if self.mode == 'linear' then
      self._bilinear = nn.SpatialUpSamplingBilinear(params)
   end
   self.inputSize = torch.LongStorage(5):fill(0)
   self.outputSize = torch.LongStorage(5):fill(0)
end

local function nearestView(out, spatialDims, s)
   -- out (..., S1*s, S2*s, ...) seen as (..., S1, s, S2, s, ...)
   local shape = {}
   local d = out:dim()
   for i = 1, d - spatialDims do shape[#shape + 1] = out:size(i) end
   for i = d - spatialDims + 1, d do
      shape[#shape + 1] = out:size(i) / s
      shape[#shape + 1] = s
   end
   return out:view(unpack(shape))
end

function UpSampling:_spatialDims(input)
   local d = input:dim()
   assert(d >= 3 and d <= 5, 'UpSampling: 3D to 5D tensor expected')
   if self.mode == 'linear' then return 2 end
   if d == 5 then return 3 end
   return 2
end

function UpSampling:updateOutput(input)
   if self.mode == 'linear' then
      self._bilinear:type(torch.type(input))
      self.output = self._bilinear:updateOutput(input)
      return self.output
   end
   local sd = self:_spatialDims(input)
   local s = self.scale_factor
   assert(s, "UpSampling: 'nearest' needs an integer scale_factor")
   local size = input:size()
   for i = input:dim() - sd + 1, input:dim() do size[i] = size[i] * s end
   self.output:resize(size)
   local outv = nearestView(self.output, sd, s)
   local inShape = {}
   for i = 1, input:dim() - sd do inShape[#inShape + 1] = input:size(i) end
   for i = input:dim() - sd + 1, input:dim() do inShape[#inShape + 1] = input:size(i); inShape[#inShape + 1] = 1 end
   outv:copy(input:contiguous():view(unpack(inShape)):expandAs(outv))
   return self.output
end

function UpSampling:updateGradInput(input, gradOutput)
   if self.mode == 'linear' then
      self.gradInput = self._bilinear:updateGradInput(input, gradOutput)
      return self.gradInput
   end
   local sd = self:_spatialDims(input)
   local g = nearestView(gradOutput:contiguous(), sd, self.scale_factor)
   local d0 = input:dim() - sd
   for i = 1, sd do g = g:sum(d0 + 2 * i) end
   self.gradInput:resizeAs(input):copy(g)
   return self.gradInput
end

function UpSampling:__tostring__()
   return string.format('%s(%s, %s)', torch.type(self), tostring(self.scale_factor or (self.oheight .. 'x' .. self.owidth)), self.mode)
end
