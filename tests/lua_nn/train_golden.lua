-- Replays Torch7's golden training traces (shared/data/torch7-golden/train/*.t7): each record's
-- `source` is run verbatim (our generator is Torch7's), and the 20 losses and final parameters must
-- match (1e-7 relative for double runs, float tolerance for float runs).
require 'nn'
require 'optim'
local G = {}

function G.run(path)
   local rec = torch.load(path)
   local got = assert(loadstring(rec.source))()
   local bad = {}
   local float = torch.typename(rec.params_final) == 'torch.FloatTensor'
   local abs, rel = float and 1e-5 or 1e-9, float and 1e-4 or 1e-7
   for i = 1, (torch.isTensor(rec.losses) and rec.losses:nElement() or #rec.losses) do
      local want = rec.losses[i]
      local l = got.losses[i]
      if type(l) ~= 'number' or math.abs(l - want) > abs + rel * math.abs(want) then
         bad[#bad + 1] = string.format('loss %d: %s, Torch7 %.17g', i, tostring(l), want)
         break
      end
   end
   local p = got.params_final:double()
   local w = rec.params_final:double()
   if p:nElement() ~= w:nElement() then
      bad[#bad + 1] = string.format('params_final: %d values, Torch7 %d', p:nElement(), w:nElement())
   else
      local diff = (p - w):abs()
      if diff:gt(w:clone():abs():mul(rel):add(abs)):sum() > 0 then
         bad[#bad + 1] = string.format('params_final differs by up to %.3g', diff:max())
      end
   end
   return bad
end

return G
