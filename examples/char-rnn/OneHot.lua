-- nn.OneHot(n): a batch of 1-based class indices -> one-hot rows (char-rnn's helper module).
local OneHot, parent = torch.class('nn.OneHot', 'nn.Module')

function OneHot:__init(outputSize)
   parent.__init(self)
   self.outputSize = outputSize
end

function OneHot:updateOutput(input)
   self.output:resize(input:size(1), self.outputSize):zero()
   self.output:scatter(2, input:long():contiguous():view(-1, 1), 1)
   return self.output
end

function OneHot:updateGradInput(input, gradOutput)
   self.gradInput:resize(input:size()):zero()
   return self.gradInput
end
