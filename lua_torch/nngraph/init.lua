-- nngraph: build nn modules as directed acyclic graphs.  `m(node)` makes a graph node; nn.gModule
-- turns input and output nodes into a module.  Loading it replaces nn.Module.__call__.
require 'nn'
require 'graph'

nngraph = nngraph or {}
require 'nngraph.node'
require 'nngraph.gmodule'
require 'nngraph.JustElement'
require 'nngraph.JustTable'
require 'nngraph.ModuleFromCriterion'
local utils = require 'nngraph.utils'

local Module = torch.getmetatable('nn.Module')

-- m(x), m({x, y}) -> a node with m as its module and the given nodes as inputs; m() -> an input node
function Module:__call__(...)
   local n = select('#', ...)
   assert(n <= 1, 'Use {input1, input2} to pass multiple inputs.')
   local input = ...
   if n == 1 and input == nil then error(utils.expectingNodeErrorMessage(input, 'inputs', 1)) end
   if type(input) == 'table' and next(input) == nil then
      error('cannot pass an empty table of inputs. To indicate no incoming connections, leave the second set of parens blank.')
   end
   if not utils.istable(input) then input = {input} end
   local node = nngraph.Node({module = self})
   for i = 1, utils.tableMaxN(input) do
      local parent = input[i]
      if torch.typename(parent) ~= 'nngraph.Node' then
         error(utils.expectingNodeErrorMessage(parent, 'inputs', i))
      end
      node:add(parent, true)
   end
   return node
end

local Criterion = torch.getmetatable('nn.Criterion')
function Criterion:__call__(...)
   return nn.ModuleFromCriterion(self)(...)
end

-- operator sugar: -m == m(), a - m == m(a)
Module.__unm__ = function(m) return m() end
Module.__sub__ = function(prev, nxt) return nxt(prev) end
torch.getmetatable('nngraph.Node').__sub__ = function(prev, nxt) return nxt(prev) end

-- annotate every node of the graphs created so far with the names of the local variables that
-- hold them (call from the function that builds the graph)
function nngraph.annotateNodes()
   local level = 2
   local names = {}
   local i = 1
   while true do
      local name, value = debug.getlocal(level, i)
      if not name then break end
      if torch.typename(value) == 'nngraph.Node' then names[value] = name end
      i = i + 1
   end
   for node, name in pairs(names) do
      if not node.data.annotations.name then node:annotate{name = name} end
   end
end

function nngraph.setDebug(on) nngraph._debug = on end

return nngraph
