-- nn.LayerNormalization(nOutput[, bias=0, eps=1e-10, affine=true]): x - mean(x), scaled to norm
-- sqrt(nOutput), then a gain (CMul, 1) and a bias (Add, filled with `bias`) when affine; built from
-- modules as Torch7 built it, so saved models keep the structure. Input (B x) nOutput.
local LayerNormalization, parent = torch.class('nn.LayerNormalization', 'nn.Sequential')

function LayerNormalization:__init(nOutput, bias, eps, affine)
   parent.__init(self)
   eps = eps or 1e-10
   if affine == nil then affine = true end
   bias = bias or 0
   self:add(nn.ConcatTable()
      :add(nn.Identity())
      :add(nn.Sequential():add(nn.Mean(1, 1)):add(nn.Replicate(nOutput, 1, 1))))
      :add(nn.CSubTable())
      :add(nn.Normalize(2, eps))
      :add(nn.MulConstant(math.sqrt(nOutput)))
   if affine then
      local gain = nn.CMul(nOutput)
      gain.weight:fill(1)
      local shift = nn.Add(nOutput, false)
      shift.bias:fill(bias)
      self:add(gain)
      self:add(shift)
   end
end
