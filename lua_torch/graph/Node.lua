-- graph.Node(data): a node with its children (an array that also maps child -> position),
-- and depth-first / breadth-first walks.
local Node = torch.class('graph.Node')

function Node:__init(d)
   self.data = d
   self.id = 0
   self.children = {}
   self.visited = false
   self.marked = false
end

function Node:add(child)
   if type(child) == 'table' and not torch.typename(child) then
      for _, c in ipairs(child) do self:add(c) end
   elseif not self.children[child] then
      table.insert(self.children, child)
      self.children[child] = #self.children
   end
end

function Node:visit(pre, post)
   if self.visited then return end
   if pre then pre(self) end
   for _, c in ipairs(self.children) do c:visit(pre, post) end
   if post then post(self) end
end

function Node:label() return tostring(self.data) end

-- the graph of every edge reachable from this node, edges added in breadth-first order
function Node:graph()
   local g = graph.Graph()
   self:bfs(function(node)
      for _, c in ipairs(node.children) do g:add(graph.Edge(node, c)) end
   end)
   return g
end

function Node:dfs_dirty(fn)
   local seen = {}
   self:visit(function(node) node.visited = true end,
              function(node) fn(node); seen[#seen + 1] = node end)
   return seen
end

function Node:dfs(fn)
   for _, node in ipairs(self:dfs_dirty(fn)) do node.visited = false end
end

function Node:bfs_dirty(fn)
   local seen, queue = {}, {self}
   self.marked = true
   while #queue > 0 do
      local node = table.remove(queue, 1)
      seen[#seen + 1] = node
      fn(node)
      for _, c in ipairs(node.children) do
         if not c.marked then
            c.marked = true
            queue[#queue + 1] = c
         end
      end
   end
   return seen
end

function Node:bfs(fn)
   for _, node in ipairs(self:bfs_dirty(fn)) do node.marked = false end
end

function Node:hasCycle()
   local cycle, explored = false, {}
   self:visit(function(node)
      if cycle then return end
      if node.marked then
         node.visited = true
         cycle = true
         return
      end
      node.marked = true
   end, function(node)
      node.marked = false
      node.visited = true
      explored[node] = true
   end)
   for node in pairs(explored) do node.visited = false end
   return cycle
end
