-- graph: directed graphs of nodes and edges (the package nngraph builds on).  Serialized
-- gModules contain graph.Graph, graph.Edge and node objects, so the classes, their fields and
-- their traversal orders follow Torch7's graph package.
require 'torch'

graph = graph or {}
require 'graph.Node'
require 'graph.Edge'

local Graph = torch.class('graph.Graph')

-- `nodes` and `edges` are arrays that also map each element to its position.
function Graph:__init()
   self.nodes = {}
   self.edges = {}
end

local function index(list, item)
   if not list[item] then
      table.insert(list, item)
      list[item] = #list
   end
   return list[item]
end

function Graph:add(edge)
   if type(edge) ~= 'table' then error('graph.Edge or {graph.Edges} expected') end
   if not torch.typename(edge) then
      for _, e in ipairs(edge) do self:add(e) end
      return
   end
   index(self.edges, edge)
   index(self.nodes, edge.from)
   index(self.nodes, edge.to)
   edge.from:add(edge.to)
   edge.from.id = self.nodes[edge.from]
   edge.to.id = self.nodes[edge.to]
end

function Graph:clone()
   local copy, nodes = graph.Graph(), {}
   for i, n in ipairs(self.nodes) do nodes[i] = n.new(n.data) end
   for _, e in ipairs(self.edges) do
      copy:add(e.new(nodes[self.nodes[e.from]], nodes[self.nodes[e.to]]))
   end
   return copy
end

-- The same graph with every edge reversed; new node objects share the old nodes' data.
-- Returns the reversed graph and the old-node -> new-node map.
function Graph:reverse()
   local rg, map = graph.Graph(), {}
   for _, e in ipairs(self.edges) do
      map[e.from] = map[e.from] or e.from.new(e.from.data)
      map[e.to] = map[e.to] or e.to.new(e.to.data)
      rg:add(e.new(map[e.to], map[e.from]))
   end
   return rg, map
end

function Graph:hasCycle()
   local roots = self:roots()
   if #roots == 0 then return true end
   for _, r in ipairs(roots) do
      if r:hasCycle() then return true end
   end
   return false
end

-- Nodes ordered so that every edge goes from an earlier to a later node: the post-order of a
-- depth-first walk of the reversed graph.
function Graph:topsort()
   local rg, map = self:reverse()
   local back = {}
   for old, new in pairs(map) do back[new] = old end
   local roots = rg:roots()
   if #roots == 0 then error('Graph has cycles') end
   local start = roots[1]
   if #roots > 1 then
      start = graph.Node('dummy_root')
      for _, r in ipairs(roots) do start:add(r) end
   end
   local sorted = {}
   start:dfs(function(node) table.insert(sorted, back[node]) end)
   if #sorted ~= #self.nodes then error('Graph has cycles') end
   return sorted, rg, roots
end

-- nodes that are the source (roots) / target (leaves) of edges but never the other end,
-- in the order the graph first saw them
local function ends(self, this, other)
   local candidates = {}
   for _, e in ipairs(self.edges) do candidates[e[this]] = true end
   for _, e in ipairs(self.edges) do candidates[e[other]] = nil end
   local list = {}
   for n in pairs(candidates) do list[#list + 1] = n end
   table.sort(list, function(a, b) return self.nodes[a] < self.nodes[b] end)
   return list
end

function Graph:roots() return ends(self, 'from', 'to') end
function Graph:leaves() return ends(self, 'to', 'from') end

function graph._dotEscape(str)
   if string.find(str, '[^a-zA-Z]') then
      str = '"' .. str:gsub('\n', '\\n'):gsub('"', '\\"') .. '"'
   end
   return str
end

local function attributes(attrs)
   local keys, out = {}, {}
   for k in pairs(attrs) do keys[#keys + 1] = k end
   table.sort(keys)
   for _, k in ipairs(keys) do out[#out + 1] = tostring(k) .. '=' .. graph._dotEscape(tostring(attrs[k])) end
   return ' ' .. table.concat(out, ' ')
end

-- the graph in graphviz's dot language
function Graph:todot(title)
   local out = {'digraph G {\n'}
   if title then out[#out + 1] = 'labelloc="t";\nlabel="' .. title .. '";\n' end
   out[#out + 1] = 'node [shape = oval]; '
   local names = {}
   for _, node in ipairs(self.nodes) do
      local name = node.graphNodeName and node:graphNodeName() or ('Node' .. node.id)
      names[node] = 'n' .. node.id
      local extra = node.graphNodeAttributes and attributes(node:graphNodeAttributes()) or ''
      out[#out + 1] = '\n' .. names[node] .. '[label=' .. graph._dotEscape(name .. '\n' .. node:label()) .. extra .. '];'
   end
   out[#out + 1] = '\n'
   for _, e in ipairs(self.edges) do
      out[#out + 1] = names[e.from] .. ' -> ' .. names[e.to] .. ';\n'
   end
   out[#out + 1] = '}'
   return table.concat(out)
end

-- graph.dot(g, title, fileName): writes fileName.dot and, when graphviz's `dot` is installed,
-- fileName.png / .svg.  Returns the dot text.
function graph.dot(g, title, fileName)
   local text = g:todot(title)
   if fileName then
      local f = assert(io.open(fileName .. '.dot', 'w'))
      f:write(text)
      f:close()
      if os.execute('command -v dot >/dev/null 2>&1') == 0 then
         os.execute(string.format('dot -Tsvg -o %q %q', fileName .. '.svg', fileName .. '.dot'))
         os.execute(string.format('dot -Tpng -o %q %q', fileName .. '.png', fileName .. '.dot'))
      end
   end
   return text
end

return graph
