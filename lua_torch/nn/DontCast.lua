-- nn.DontCast(module, castin, castout, moduleType): a Decorator whose module keeps its tensor type when the
-- network is cast with :type(). With castin the input is converted to the module's type before the
-- forward; with castout the output (and gradInput) go back to the caller's type.
local DontCast, parent = torch.class('nn.DontCast', 'nn.Decorator')

local function recursiveTypeCopy(dst, src, type_str)
   if torch.isTensor(src) then
      dst = (torch.isTensor(dst) and torch.type(dst) == type_str) and dst or torch.getmetatable(type_str).new()
      return dst:resize(src:size()):copy(src)
   elseif type(src) == 'table' then
      dst = type(dst) == 'table' and dst or {}
      for k, v in pairs(src) do dst[k] = recursiveTypeCopy(dst[k], v, type_str) end
      for k in pairs(dst) do if src[k] == nil then dst[k] = nil end end
      return dst
   end
   return src
end

local function tensorType(x)
   if torch.isTensor(x) then return torch.type(x) end
   if type(x) == 'table' then for _, v in pairs(x) do local t = tensorType(v); if t then return t end end end
end

function DontCast:__init(module, castin, castout, moduleType)
   parent.__init(self, module)
   self.castin = castin
   self.castout = (castout == nil) and castin or castout
   self.moduleType = moduleType
   if self.moduleType == false then
      self.moduleType = module.output and tensorType(module.output) or torch.getdefaulttensortype()
   end
end

function DontCast:updateOutput(input)
   local mtype = self.moduleType or torch.getdefaulttensortype()
   if self.castin and tensorType(input) ~= mtype then
      self._input = recursiveTypeCopy(self._input, input, mtype)
      input = self._input
   end
   local output = self.modules[1]:updateOutput(input)
   local itype = tensorType(self._callerType and self._callerType or input)
   if self.castout and self._callerType and tensorType(output) ~= self._callerType then
      self.output = recursiveTypeCopy(self.output, output, self._callerType)
   else
      self.output = output
   end
   return self.output
end

function DontCast:updateGradInput(input, gradOutput)
   local mtype = self.moduleType or torch.getdefaulttensortype()
   local callerType = tensorType(input)
   if self.castin and callerType ~= mtype then input = self._input end
   if self.castout and tensorType(gradOutput) ~= mtype then
      self._gradOutput = recursiveTypeCopy(self._gradOutput, gradOutput, mtype)
      gradOutput = self._gradOutput
   end
   local gradInput = self.modules[1]:updateGradInput(input, gradOutput)
   if self.castin and tensorType(gradInput) ~= callerType then
      self.gradInput = recursiveTypeCopy(self.gradInput, gradInput, callerType)
   else
      self.gradInput = gradInput
   end
   return self.gradInput
end

function DontCast:accGradParameters(input, gradOutput, scale)
   if self.castin and self._input and tensorType(input) ~= tensorType(self._input) then input = self._input end
   if self.castout and self._gradOutput and tensorType(gradOutput) ~= tensorType(self._gradOutput) then
      gradOutput = self._gradOutput
   end
   self.modules[1]:accGradParameters(input, gradOutput, scale)
end

-- Casting the network leaves the wrapped module alone; only the caller-facing type changes.
function DontCast:type(type_str)
   if self.castout and type_str then self._callerType = type_str end
   return self
end
