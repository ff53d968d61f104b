-- nn.AddConstant(c[, inplace]): y = x + c.
local AddConstant, parent = torch.class('nn.AddConstant', 'nn.Module')

function AddConstant:__init(constant_scalar, ip)
   parent.__init(self)
   assert(type(constant_scalar) == 'number' or torch.isTensor(constant_scalar),
          'input is not scalar or tensor!')
   self.constant_scalar = constant_scalar
   self.inplace = ip or false
end

function AddConstant:updateOutput(input)
   if self.inplace then
      input:add(self.constant_scalar)
      self.output:set(input)
   else
      self.output:resizeAs(input):copy(input):add(self.constant_scalar)
   end
   return self.output
end

function AddConstant:updateGradInput(input, gradOutput)
   if self.inplace then
      self.gradInput:set(gradOutput)
      input:add(-self.constant_scalar)   -- restore the input the forward pass shifted
   else
      self.gradInput:resizeAs(gradOutput):copy(gradOutput)
   end
   return self.gradInput
end
