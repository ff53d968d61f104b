-- nn.GPU(module, device, outdevice): Torch7's container that pins a module to a CUDA device. On this CPU
-- runtime it keeps the fields (device, outdevice) so saved models load, and forwards to its module.
local GPU, parent = torch.class('nn.GPU', 'nn.Container')

function GPU:__init(module, device, outdevice)
   parent.__init(self)
   assert(torch.type(device) == 'number', 'nn.GPU: expecting a device number')
   self.device = device
   self.outdevice = outdevice or device
   self.modules[1] = module
end

function GPU:updateOutput(input)
   self.output = self.modules[1]:updateOutput(input)
   return self.output
end

function GPU:updateGradInput(input, gradOutput)
   self.gradInput = self.modules[1]:updateGradInput(input, gradOutput)
   return self.gradInput
end

function GPU:accGradParameters(input, gradOutput, scale)
   self.modules[1]:accGradParameters(input, gradOutput, scale)
end

function GPU:setDevice(device) self.device = device or self.device; return self end

function GPU:__tostring__()
   return 'nn.GPU(' .. tostring(self.device) .. ') @ ' .. tostring(self.modules[1]):gsub('\n', '\n  ')
end
