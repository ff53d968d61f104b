-- nn.Threshold([th=1e-6[, val=0[, inplace]]]): y = x if x > th else val.
local K = nn.kernels
local Threshold, parent = torch.class('nn.Threshold', 'nn.Module')

function Threshold:__init(th, v, ip)
   parent.__init(self)
   self.threshold = th or 1e-6
   self.val = v or 0
   if th and type(th) ~= 'number' or v and type(v) ~= 'number' then
      error('nn.Threshold(threshold, value)')
   end
   self.inplace = ip or false
   if ip and type(ip) ~= 'boolean' then error('in-place flag must be boolean') end
   self:validateParameters()
end

function Threshold:validateParameters()
   self.inplace = self.inplace or false
   if self.inplace and self.val > self.threshold then
      error('in-place processing requires value (' .. self.val .. ') not exceed threshold (' .. self.threshold .. ')')
   end
end

function Threshold:updateOutput(input)
   self:validateParameters()
   return K.activation(self, input, 'THRESHOLD', self.threshold, self.val, self.inplace)
end

function Threshold:updateGradInput(input, gradOutput)
   self:validateParameters()
   -- after an in-place forward the input holds the output, which tells the same mask
   return K.activationBackward(self, self.inplace and self.output or input, gradOutput,
                               'THRESHOLD', self.threshold, self.val, self.inplace)
end
