-- nn.gModule(inputs, outputs): a module evaluating a graph of nngraph nodes.  The backward graph
-- (bg) is built from the outputs, the forward graph (fg) is its reverse; both are sorted
-- topologically, and the modules are added in forward order (so parameters() follows it).
local utils = require 'nngraph.utils'
local gModule, parent = torch.class('nn.gModule', 'nn.Container')

-- the sum of the gradients a node received from its consumers
local function totalGradOutput(node)
   local grads = node.data.gradOutput
   assert(utils.istable(grads), "expecting gradients to sum")
   if #grads == 1 then return grads[1] end
   if not node.data.gradOutputBuffer then
      -- a single non-trivial gradient needs no buffer (zero placeholders are one-element storages)
      local count, idx = 0, 1
      for i, g in ipairs(grads) do
         local zero = torch.isTensor(g) and g:storage() ~= nil and g:storage():size() == 1 and g:storage()[1] == 0
         if not zero then idx, count = i, count + 1 end
      end
      if count < 2 then return grads[idx] end
   end
   node.data.gradOutputBuffer = node.data.gradOutputBuffer or utils.cloneNested(grads[1])
   local buf = node.data.gradOutputBuffer
   utils.resizeNestedAs(buf, grads[1])
   utils.copyNested(buf, grads[1])
   for i = 2, #grads do utils.addNestedTo(buf, grads[i]) end
   return buf
end

function gModule:__init(inputs, outputs)
   parent.__init(self)
   local outnode = nngraph.Node({input = {}})
   for i = 1, utils.tableMaxN(outputs) do
      local node = outputs[i]
      if torch.typename(node) ~= 'nngraph.Node' then error(utils.expectingNodeErrorMessage(node, 'outputs', i)) end
      outnode:add(node, true)
   end
   for i = 1, utils.tableMaxN(inputs) do
      if torch.typename(inputs[i]) ~= 'nngraph.Node' then
         error(utils.expectingNodeErrorMessage(inputs[i], 'inputs', i))
      end
   end

   local innode = nngraph.Node({input = {}})
   assert(#inputs > 0, "no inputs are not supported")
   if #inputs == 1 then
      inputs[1]:add(innode, true)
   else
      local splits = {innode:split(#inputs)}
      for i = 1, #inputs do assert(#inputs[i].children == 0, "an input should have no inputs") end
      for i = 1, #inputs do inputs[i]:add(splits[i], true) end
   end

   self.bg = outnode:graph()
   self.fg = self.bg:reverse()
   local roots = self.fg:roots()
   if #roots > 1 then
      for _, root in ipairs(roots) do
         if root.data == innode.data then
            assert(self.innode == nil, 'more than one matching input node found in leaves')
            self.innode = root
         else
            assert(root.data.module, 'Expected nnop.Parameters node, module not found in node')
            assert(torch.typename(root.data.module) == 'nnop.Parameters',
                   'Expected nnop.Parameters node, found : ' .. tostring(torch.typename(root.data.module)))
         end
      end
      assert(self.innode ~= nil, 'input node not found among roots')
   else
      assert(#roots == 1, "expecting only one start")
      self.innode = roots[1]
   end
   assert(self.innode.data == innode.data, "expecting the forward innode")
   self.outnode = outnode
   self.verbose = false
   self.nInputs = #inputs

   self.forwardnodes = self.fg:topsort()
   self.backwardnodes = self.bg:topsort()
   for i, node in ipairs(self.forwardnodes) do
      local nSplit = node.data.nSplitOutputs
      if nSplit and nSplit ~= #node.children then
         error(string.format("%s of split(%s) outputs from the node declared at %s are unused",
            nSplit - #node.children, nSplit, node.data.annotations._debugLabel))
      end
      for successor in pairs(node.data.reverseMap) do
         local found = false
         for j = i + 1, #self.forwardnodes do
            if self.forwardnodes[j].data == successor.data then found = true break end
         end
         assert(found, string.format("node declared on %s does not connect to gmodule output",
                                     successor.data.annotations._debugLabel))
      end
      node.data.forwardNodeId = node.id
      if node.data.module then self:add(node.data.module) end
   end
   self.output = nil
   self.gradInput = nil
   if #self.outnode.children > 1 then self.output = self.outnode.data.input end
end

function gModule:replace(fn)
   local out = fn(self)
   local position = {}
   for i, m in ipairs(self.modules) do position[m] = i end
   for _, node in ipairs(self.forwardnodes) do
      local m = node.data.module
      if m then
         node.data.module = m:replace(fn)
         self.modules[position[m]] = node.data.module
      end
   end
   return out
end

function gModule:map(other, fn)
   for i, node in ipairs(self.forwardnodes) do
      local o = other.forwardnodes[i]
      assert(o, 'trying to map another gModule with a different structure')
      if node.data.module then
         assert(o.data.module, 'trying to map another gModule with a different structure')
         fn(node.data.module, o.data.module)
      end
   end
end

local function typed(v, type_str)
   if torch.type(v) == 'table' then
      for i = 1, #v do v[i] = typed(v[i], type_str) end
   elseif torch.isTensor(v) then
      v = v:type(type_str)
   end
   return v
end

function gModule:type(type, tensorCache)
   if not type then return self._type end
   tensorCache = tensorCache or {}
   local function convert(t) for k, v in pairs(t) do t[k] = typed(v, type) end end
   convert(self)
   if self.innode then convert(self.innode.data) end
   if self.outnode then convert(self.outnode.data) end
   for _, m in ipairs(self.modules) do m:type(type, tensorCache) end
   for _, node in ipairs(self.backwardnodes) do
      if node.data.gradOutputBuffer ~= nil then node.data.gradOutputBuffer = typed(node.data.gradOutputBuffer, type) end
      for _, c in ipairs(node.children) do convert(c.data) end
   end
   for _, node in ipairs(self.forwardnodes) do
      if node.data.input ~= nil then node.data.input = typed(node.data.input, type) end
      for _, c in ipairs(node.children) do convert(c.data) end
   end
   self._type = type
   return self
end

function gModule:clearState()
   local ret = parent.clearState(self)
   for _, node in ipairs(self.backwardnodes) do
      node.data.gradOutput = nil
      node.data.gradOutputBuffer = nil
   end
   for _, node in ipairs(self.forwardnodes) do node.data.input = nil end
   return ret
end

-- a node's input as its module sees it: nothing -> {}, one element -> that element
local function node_input(node)
   local input = node.data.input
   if input == nil and node.data.module ~= nil then input = {} end
   if #input == 1 then input = input[1] end
   return input
end

function gModule:updateOutput(input)
   return self:runForwardFunction('updateOutput', input)
end

function gModule:runForwardFunction(func, input)
   if type(func) == 'string' then
      local name = func
      func = function(m, x) return m[name](m, x) end
   end
   local nInputs = self.nInputs or #self.innode.children
   if nInputs <= 1 then
      input = {input}
   elseif type(input) ~= 'table' then
      error(string.format("expecting table of %s inputs", nInputs))
   end

   local function propagate(node, x)
      for _, child in ipairs(node.children) do
         child.data.input = child.data.input or {}
         local pos = child.data.mapindex[node.data]
         assert(not child.data.input[pos], "each input should have one source")
         child.data.input[pos] = x
      end
   end
   local function evaluate(node)
      if node.data.selectindex then
         assert(not node.data.module, "the selectindex-handling nodes should have no module")
         local x = node.data.input
         assert(#x == 1, "only the splitted node should be the input")
         assert(utils.istable(x[1]), "the input for a split should be a table")
         propagate(node, x[1][node.data.selectindex])
      else
         local x = node_input(node)
         local out = node.data.module and func(node.data.module, x) or x
         if node.data.nSplitOutputs and node.data.nSplitOutputs ~= #out then
            error(string.format("split(%s) cannot split %s outputs", node.data.nSplitOutputs, #out))
         end
         propagate(node, out)
      end
      if self.verbose then print(' V : ' .. node:label()) end
   end

   if #input ~= nInputs then error(string.format('Got %s inputs instead of %s', #input, nInputs)) end
   for _, node in ipairs(self.forwardnodes) do
      local x = node.data.input
      while x and #x > 0 do table.remove(x) end
   end
   self.innode.data.input = self.innode.data.input or {}
   for i, item in ipairs(input) do self.innode.data.input[i] = item end
   for _, node in ipairs(self.forwardnodes) do evaluate(node) end

   self.output = self.outnode.data.input
   if #self.outnode.children == 1 then self.output = self.output[1] end
   return self.output
end

function gModule:updateGradInput(input, gradOutput)
   local function evaluate(node)
      if node.data.selectindex then
         assert(not node.data.module, "the selectindex-handling nodes should have no module")
         assert(#node.children == 1, "only the splitted node should be the input")
         local child = node.children[1]
         local g = totalGradOutput(node)
         child.data.gradOutput = child.data.gradOutput or {}
         assert(#child.data.gradOutput <= 1, "the splitted node should be used only once")
         child.data.gradOutput[1] = child.data.gradOutput[1] or {}
         assert(not child.data.gradOutput[1][node.data.selectindex], "no gradOutput should be assigned yet")
         child.data.gradOutput[1][node.data.selectindex] = g
      else
         local g = totalGradOutput(node)
         local gi = g
         if node.data.module then gi = node.data.module:updateGradInput(node_input(node), g) end
         for _, child in ipairs(node.children) do
            child.data.gradOutput = child.data.gradOutput or {}
            local part = #node.children == 1 and gi or gi[node.data.mapindex[child.data]]
            table.insert(child.data.gradOutput, part)
         end
      end
      if self.verbose then print(' V : ' .. node:label()) end
   end

   local outnode = self.outnode
   if #outnode.children > 1 and #gradOutput ~= #outnode.children then
      error(string.format('Got %s gradOutputs instead of %s', #gradOutput, #outnode.children))
   end
   for _, node in ipairs(self.backwardnodes) do
      local g = node.data.gradOutput
      while g and #g > 0 do table.remove(g) end
   end
   outnode.data.gradOutput = outnode.data.gradOutput or {}
   outnode.data.gradOutput[1] = gradOutput
   for _, node in ipairs(self.backwardnodes) do evaluate(node) end
   assert(#self.innode.data.gradOutput == 1, "expecting the innode to be used only once")
   self.gradInput = self.innode.data.gradOutput[1]
   return self.gradInput
end

function gModule:accGradParameters(input, gradOutput, lr)
   local outnode = self.outnode
   if #outnode.children > 1 and #gradOutput ~= #outnode.children then
      error(string.format('Got %s gradOutputs instead of %s', #gradOutput, #outnode.children))
   end
   for _, node in ipairs(self.backwardnodes) do
      local m = node.data.module
      if m then
         local g = node.data.gradOutput[1]
         if #node.data.gradOutput > 1 then g = node.data.gradOutputBuffer end
         m:accGradParameters(node_input(node), g, lr)
      end
      if self.verbose then print(' V : ' .. node:label()) end
   end
end

function gModule:read(file)
   for k, v in pairs(file:readObject()) do self[k] = v end
   if not self.modules then
      self.modules = {}
      for _, node in ipairs(self.forwardnodes) do
         if node.data.module then table.insert(self.modules, node.data.module) end
      end
   end
end

function gModule:__tostring__()
   return self.name or torch.type(self)
end
