-- nn.TemporalDynamicKMaxPooling(minK, factor): keeps, for every feature, the k largest values over time in
-- their original order, k = max(minK, ceil(factor * T)) (k = minK without factor), as in Torch7. Input
-- (T, F) or (B, T, F); output (k, F) / (B, k, F). topk + sort of the indices + gather; backward scatters.
local TemporalDynamicKMaxPooling, parent = torch.class('nn.TemporalDynamicKMaxPooling', 'nn.Module')

function TemporalDynamicKMaxPooling:__init(minK, factor)
   parent.__init(self)
   self.minK = minK
   self.factor = factor or 0
end

function TemporalDynamicKMaxPooling:updateOutput(input)
   assert(input:dim() == 2 or input:dim() == 3, 'TemporalDynamicKMaxPooling: 2D or 3D (batch mode) tensor expected')
   local tdim = input:dim() - 1
   local T = input:size(tdim)
   local k = math.max(self.minK, math.ceil(self.factor * T))
   assert(k <= T, string.format('TemporalDynamicKMaxPooling: k (%d) larger than the sequence (%d)', k, T))
   self.k = k
   local _, idx = input:topk(k, tdim, true)
   self.indices = idx:sort(tdim)
   self.output = input.gather and input:gather(tdim, self.indices) or torch.gather(input, tdim, self.indices)
   return self.output
end

function TemporalDynamicKMaxPooling:updateGradInput(input, gradOutput)
   local tdim = input:dim() - 1
   self.gradInput:resizeAs(input):zero():scatter(tdim, self.indices, gradOutput)
   return self.gradInput
end

function TemporalDynamicKMaxPooling:clearState()
   nn.utils.clear(self, 'indices')
   return parent.clearState(self)
end
