-- nn.FlattenTable: a nested table of tensors becomes a flat table (depth-first order).
local FlattenTable, parent = torch.class('nn.FlattenTable', 'nn.Module')

function FlattenTable:__init()
   parent.__init(self)
   self.output = {}
   self.input_map = {}
   self.gradInput = {}
end

-- flattens input into output; returns the nested map of output positions
local function flatten(output, input)
   if torch.type(input) == 'table' then
      local map = {}
      for i = 1, #input do map[#map + 1] = flatten(output, input[i]) end
      return map
   end
   output[#output + 1] = input
   return #output
end

local function same_structure(map, input)
   if torch.type(input) == 'table' then
      if torch.type(map) ~= 'table' or #map ~= #input then return false end
      for i = 1, #input do if not same_structure(map[i], input[i]) then return false end end
      return true
   end
   return torch.type(map) == 'number'
end

local function inverse(gradInput, map, gradOutput)
   if torch.type(map) == 'table' then
      gradInput = torch.type(gradInput) == 'table' and gradInput or {}
      for i = 1, #map do gradInput[i] = inverse(gradInput[i], map[i], gradOutput) end
      for i = #map + 1, #gradInput do gradInput[i] = nil end
      return gradInput
   end
   return gradOutput[map]
end

function FlattenTable:updateOutput(input)
   assert(torch.type(input) == 'table', 'input must be a table')
   self.output = {}
   self.input_map = flatten(self.output, input)
   return self.output
end

function FlattenTable:updateGradInput(input, gradOutput)
   assert(torch.type(input) == 'table' and torch.type(gradOutput) == 'table', 'input and gradOutput must be tables')
   if not same_structure(self.input_map, input) then
      self.output = {}
      self.input_map = flatten(self.output, input)
   end
   self.gradInput = inverse(self.gradInput, self.input_map, gradOutput)
   return self.gradInput
end

function FlattenTable:type(type, tensorCache)
   self.input_map = {}
   return parent.type(self, type, tensorCache)
end
