-- nn.Max([dim=1[, nInputDims]]): maximum over dim, the reduced dim removed for inputs of more
-- than one dim; the gradient is scattered back to the arg-max positions.
local Max, parent = torch.class('nn.Max', 'nn.Module')

function Max:__init(dimension, nInputDims)
   parent.__init(self)
   self.dimension = dimension or 1
   self.nInputDims = nInputDims
end

function Max:_getPositiveDimension(input)
   local dim = self.dimension
   if dim < 0 then
      dim = input:dim() + dim + 1
   elseif self.nInputDims and input:dim() == self.nInputDims + 1 then
      dim = dim + 1
   end
   return dim
end

function Max:_lazyInit()
   self._output = self._output or self.output.new()
   self._indices = self._indices or torch.LongTensor()
end

function Max:_reduce(values, indices, input, dim) torch.max(values, indices, input, dim) end

function Max:updateOutput(input)
   self:_lazyInit()
   local dim = self:_getPositiveDimension(input)
   self:_reduce(self._output, self._indices, input, dim)
   if input:dim() > 1 then
      self.output:set(self._output:select(dim, 1))
   else
      self.output:set(self._output)
   end
   return self.output
end

function Max:updateGradInput(input, gradOutput)
   self:_lazyInit()
   local dim = self:_getPositiveDimension(input)
   local g = input:dim() > 1 and nn.utils.addSingletonDimension(gradOutput, dim) or gradOutput
   self.gradInput:resizeAs(input):zero():scatter(dim, self._indices, g)
   return self.gradInput
end

function Max:type(type, tensorCache)
   self._indices = nil
   parent.type(self, type, tensorCache)
   return self
end

function Max:clearState()
   nn.utils.clear(self, '_indices', '_output')
   return parent.clearState(self)
end
