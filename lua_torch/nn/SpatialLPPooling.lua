-- nn.SpatialLPPooling(nInputPlane, p, kW, kH[, dW=kW, dH=kH]): the p-norm of each window, built as
-- Torch7 builds it (saved models keep this structure): Power(p) (Square for p = 2), window sums as
-- SpatialAveragePooling x MulConstant(kW*kH), then Power(1/p) (Sqrt for p = 2). Files from early
-- Torch7 hold the older Square / SpatialSubSampling / Sqrt form; they run through their own children.
local SpatialLPPooling, parent = torch.class('nn.SpatialLPPooling', 'nn.Sequential')

function SpatialLPPooling:__init(nInputPlane, pnorm, kW, kH, dW, dH)
   parent.__init(self)
   dW, dH = dW or kW, dH or kH
   self.kW, self.kH, self.dW, self.dH = kW, kH, dW, dH
   self:add(pnorm == 2 and nn.Square() or nn.Power(pnorm))
   self:add(nn.SpatialAveragePooling(kW, kH, dW, dH))
   self:add(nn.MulConstant(kW * kH))
   self:add(pnorm == 2 and nn.Sqrt() or nn.Power(1 / pnorm))
end

-- a Sequential would train its children's parameters: the pooling has none to learn
function SpatialLPPooling:reset() end
function SpatialLPPooling:accGradParameters() end
function SpatialLPPooling:accUpdateGradParameters() end
function SpatialLPPooling:zeroGradParameters() end
function SpatialLPPooling:updateParameters() end
