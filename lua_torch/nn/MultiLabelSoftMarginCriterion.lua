-- nn.MultiLabelSoftMarginCriterion([weights[, sizeAverage=true]]): sigmoid then binary cross entropy
-- per label, averaged over the labels (and the batch when sizeAverage).
local MultiLabelSoftMarginCriterion, parent = torch.class('nn.MultiLabelSoftMarginCriterion', 'nn.Criterion')

function MultiLabelSoftMarginCriterion:__init(weights, sizeAverage)
   parent.__init(self)
   if sizeAverage ~= nil then self.sizeAverage = sizeAverage else self.sizeAverage = true end
   if weights ~= nil then
      assert(weights:dim() == 1, "weights input should be 1-D Tensor")
      self.weights = weights
   end
   self.sigmoid = nn.Sigmoid()
end

function MultiLabelSoftMarginCriterion:updateOutput(input, target)
   local weights = self.weights
   if weights ~= nil and target:dim() ~= 1 then weights = self.weights:view(1, target:size(2)):expandAs(target) end
   local x = input:view(input:nElement())
   local t = target:view(target:nElement())
   self.sigmoid:updateOutput(x)
   self._buffer1 = self._buffer1 or input.new()
   self._buffer2 = self._buffer2 or input.new()
   -- -(t log s + (1 - t) log(1 - s)), s = sigmoid(x)
   self._buffer1:ge(self.sigmoid.output, 0.5)
   self._buffer2:resizeAs(x):copy(self.sigmoid.output):log()
   local loss = torch.cmul(t, self._buffer2)
   self._buffer2:resizeAs(x):copy(self.sigmoid.output):mul(-1):add(1):log()
   loss:add(torch.cmul(torch.mul(t, -1):add(1), self._buffer2))
   if weights then loss:cmul(weights:contiguous():view(-1)) end
   self.output = -loss:sum()
   if self.sizeAverage then self.output = self.output / input:nElement() end
   return self.output
end

function MultiLabelSoftMarginCriterion:updateGradInput(input, target)
   local weights = self.weights
   if weights ~= nil and target:dim() ~= 1 then weights = self.weights:view(1, target:size(2)):expandAs(target) end
   local x = input:view(input:nElement())
   local t = target:view(target:nElement())
   self.sigmoid:updateOutput(x)
   self.gradInput:resizeAs(x):copy(self.sigmoid.output):add(-1, t)
   if weights then self.gradInput:cmul(weights:contiguous():view(-1)) end
   if self.sizeAverage then self.gradInput:div(input:nElement()) end
   self.gradInput = self.gradInput:viewAs(input)
   return self.gradInput
end
