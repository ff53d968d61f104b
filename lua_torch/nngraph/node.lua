-- nngraph.Node: a graph node whose data table carries the module, its inputs during forward,
-- its gradOutputs during backward, and `mapindex` (parents' data in argument order, and
-- data -> position).  Nodes of the forward and backward graphs share one data table.
local utils = require 'nngraph.utils'
local Node, parent = torch.class('nngraph.Node', 'graph.Node')

function Node:__init(data)
   parent.__init(self, data)
   self.data.annotations = self.data.annotations or {}
   self.data.mapindex = self.data.mapindex or {}
   self.data.reverseMap = self.data.reverseMap or {}
   if not self.data.annotations._debugLabel then
      self:_makeDebugLabel(debug.getinfo(6, 'Sl'))
   end
end

function Node:_makeDebugLabel(info)
   if info then
      self.data.annotations._debugLabel = string.format('[%s]:%d_%s', info.short_src, info.currentline, info.name or '')
   end
end

-- child is an input of this node (edges point from outputs to inputs, as in the backward graph)
function Node:add(child, domap)
   parent.add(self, child)
   if domap then
      local mapindex = self.data.mapindex
      assert(not mapindex[child.data], "Don't pass the same input twice.")
      table.insert(mapindex, child.data)
      mapindex[child.data] = #mapindex
      assert(not child.data.reverseMap[self], 'this connection has already been made!')
      child.data.reverseMap[self] = true
   end
end

-- n nodes selecting the elements of this node's table output
function Node:split(noutput)
   if noutput == 1 then return nngraph.JustElement()(self) end
   local label = self.data.annotations._debugLabel
   local info = debug.getinfo(2, 'Sl')
   local where = string.format(' split at [%s]:%d', info.short_src, info.currentline)
   local splitter = nngraph.Node({nSplitOutputs = noutput, annotations = {_debugLabel = label .. where .. '-mnode'}})
   splitter:add(self, true)
   local outs = {}
   for i = 1, noutput do
      local node = nngraph.Node({selectindex = i, input = {}, annotations = {_debugLabel = label .. '-' .. i}})
      node:add(splitter, true)
      outs[i] = node
   end
   return unpack(outs)
end

function Node:annotate(annotations)
   for k, v in pairs(annotations) do self.data.annotations[k] = v end
   return self
end

function Node:graphNodeName()
   local name = self.data.annotations.name
   return name and (name .. ' (' .. self.id .. ')') or ('Node' .. self.id)
end

function Node:graphNodeAttributes()
   local a = self.data.annotations
   a.graphAttributes = a.graphAttributes or {}
   a.graphAttributes.tooltip = a.graphAttributes.tooltip or a._debugLabel
   return a.graphAttributes
end

local function describe(v)
   if v == nil then return '' end
   if torch.isTensor(v) then
      local kind = v:type() ~= torch.Tensor():type() and v:type() or 'Tensor'
      local flag = ''
      if v:nElement() > 0 then
         if v:ne(v):sum() > 0 then flag = 'NaN'
         elseif v:max() == math.huge then flag = 'inf'
         elseif v:min() == -math.huge then flag = '-inf' end
      end
      return kind .. '[' .. table.concat(v:size():totable(), 'x') .. ']' .. flag
   elseif utils.istable(v) then
      local parts = {}
      for i, x in ipairs(v) do parts[i] = describe(x) end
      return '{' .. table.concat(parts, ',') .. '}'
   end
   return (tostring(v):gsub('\n', '\\l'))
end

function Node:label()
   local lines = {}
   for k, v in pairs(self.data) do
      if k == 'mapindex' then
         if #v > 1 then
            local ids = {}
            for i, d in ipairs(v) do ids[i] = 'Node' .. (d.forwardNodeId or '') end
            lines[#lines + 1] = k .. ' = {' .. table.concat(ids, ',') .. '}'
         end
      elseif k ~= 'forwardNodeId' and k ~= 'annotations' then
         lines[#lines + 1] = k .. ' = ' .. describe(v)
      end
   end
   local desc = self.data.annotations.description
   return (desc and ('desc = ' .. desc .. '\\n') or '') .. table.concat(lines, '\\l')
end
