-- nn.Replicate(n[, dim=1[, ndim]]): a stride-0 view repeating the input n times along a new dim.
local Replicate, parent = torch.class('nn.Replicate', 'nn.Module')

function Replicate:__init(nf, dim, ndim)
   parent.__init(self)
   self.nfeatures = nf
   self.dim = dim or 1
   self.ndim = ndim
   assert(self.dim > 0, "Can only replicate across positive integer dimensions.")
end

function Replicate:_dim(input)
   return (self.ndim and input:dim() > self.ndim) and self.dim + 1 or self.dim
end

function Replicate:updateOutput(input)
   local rdim = self:_dim(input)
   assert(rdim <= input:dim() + 1, "Not enough input dimensions to replicate along dimension " .. tostring(rdim) .. ".")
   local size, stride = {}, {}
   for d = 1, input:dim() do size[d], stride[d] = input:size(d), input:stride(d) end
   table.insert(size, rdim, self.nfeatures)
   table.insert(stride, rdim, 0)
   self.output:set(input:storage(), input:storageOffset(), torch.LongStorage(size), torch.LongStorage(stride))
   return self.output
end

function Replicate:updateGradInput(input, gradOutput)
   local rdim = self:_dim(input)
   self.gradInput:resizeAs(input):zero()
   local size = input:size():totable()
   table.insert(size, rdim, 1)
   self.gradInput:view(self.gradInput, torch.LongStorage(size)):sum(gradOutput, rdim)
   self.gradInput:resizeAs(input)
   return self.gradInput
end
