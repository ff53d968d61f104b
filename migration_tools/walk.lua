-- Describes a loaded Lua object graph for the converter: nn modules become plain tables
-- {class=, fields=, tensors=, children=, graph=}, with tensors left as tensors (the Python side
-- takes them by reference).  Only data is read; no module code runs.
local walk = {}

local function is_module(v)
   return type(v) == 'table' and torch.typename(v) ~= nil and
      (torch.isTypeOf(v, 'nn.Module') or torch.isTypeOf(v, 'nn.Criterion'))
end
walk.is_module = is_module

-- a value the converter may need as a constructor argument
local function plain(v, depth)
   depth = depth or 0
   local t = type(v)
   if t == 'number' or t == 'string' or t == 'boolean' then return v end
   if torch.isStorage(v) then return v:totable() end
   if t == 'table' and torch.typename(v) == nil and depth < 2 then
      local out, n = {}, 0
      for k, x in pairs(v) do
         local p = plain(x, depth + 1)
         if p ~= nil and (type(k) == 'number' or type(k) == 'string') then out[k] = p; n = n + 1 end
      end
      if n > 0 then return out end
   end
   return nil
end

function walk.describe(m, path)
   local d = {class = torch.typename(m), fields = {}, tensors = {}, children = {}, path = path}
   for k, v in pairs(m) do
      if type(k) == 'string' then
         if torch.isTensor(v) then
            d.tensors[k] = v
         elseif k ~= 'modules' and not is_module(v) then
            local p = plain(v)
            if p ~= nil then d.fields[k] = p end
         end
      end
   end
   if d.class == 'nn.gModule' then
      d.graph = walk.graph(m, path)
   elseif type(m.modules) == 'table' then
      for i, child in ipairs(m.modules) do
         d.children[i] = walk.describe(child, path .. '.modules[' .. i .. ']')
      end
   elseif type(m.criterions) == 'table' then   -- ParallelCriterion / MultiCriterion
      for i, child in ipairs(m.criterions) do
         d.children[i] = walk.describe(child, path .. '.criterions[' .. i .. ']')
      end
   end
   -- modules built from named inner modules (the local normalisations): described as parts
   for _, k in ipairs({'meanestimator', 'stdestimator', 'normalizer'}) do
      if is_module(m[k]) then
         d.parts = d.parts or {}
         d.parts[k] = walk.describe(m[k], path .. '.' .. k)
      end
   end
   -- wrappers holding their module in a field
   for _, k in ipairs({'module', 'criterion', 'lsm', 'nll'}) do
      if is_module(m[k]) then d.children[#d.children + 1] = walk.describe(m[k], path .. '.' .. k); d.wrapped = k end
   end
   return d
end

-- gModule: nodes in forward (topological) order, each with the positions of its inputs
function walk.graph(g, path)
   local index = {}
   for i, node in ipairs(g.forwardnodes) do index[node.data] = i end
   local nodes = {}
   for i, node in ipairs(g.forwardnodes) do
      local data = node.data
      local inputs = {}
      for j, parent in ipairs(data.mapindex or {}) do inputs[j] = index[parent] end
      local ann = data.annotations or {}
      nodes[i] = {
         inputs = inputs,
         selectindex = data.selectindex,
         nSplitOutputs = data.nSplitOutputs,
         name = ann.name,
         module = data.module and walk.describe(data.module, path .. '.forwardnodes[' .. i .. ']') or nil,
      }
   end
   local outputs = {}
   for j, parent in ipairs(g.outnode.data.mapindex) do outputs[j] = index[parent] end
   return {nodes = nodes, innode = index[g.innode.data], outputs = outputs, nInputs = g.nInputs or 1}
end

-- Finds the model inside a checkpoint: the object itself, or a module inside a table (char-rnn's
-- checkpoint.protos.rnn, {model=...}, ...).  Returns the module and where it was found.
function walk.find_model(obj, path, depth)
   path, depth = path or 'checkpoint', depth or 0
   if is_module(obj) then return obj, path end
   if type(obj) ~= 'table' or torch.typename(obj) or depth > 3 then return nil end
   local preferred = {'model', 'net', 'network', 'protos', 'rnn', 'module'}
   for _, k in ipairs(preferred) do
      if obj[k] ~= nil then
         local m, p = walk.find_model(obj[k], path .. '.' .. k, depth + 1)
         if m then return m, p end
      end
   end
   local keys = {}
   for k in pairs(obj) do keys[#keys + 1] = k end
   table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
   for _, k in ipairs(keys) do
      local m, p = walk.find_model(obj[k], path .. '.' .. tostring(k), depth + 1)
      if m then return m, p end
   end
   return nil
end

-- An indented tree of an arbitrary loaded object (luatorch inspect).
function walk.inspect(obj, indent, seen, lines, key)
   indent, seen, lines = indent or '', seen or {}, lines or {}
   local label = key and (tostring(key) .. ': ') or ''
   if torch.isTensor(obj) then
      local size = obj:nDimension() > 0 and table.concat(obj:size():totable(), 'x') or 'empty'
      lines[#lines + 1] = indent .. label .. torch.typename(obj) .. ' ' .. size
   elseif is_module(obj) then
      if seen[obj] then lines[#lines + 1] = indent .. label .. torch.typename(obj) .. ' (shared)'; return lines end
      seen[obj] = true
      local nparams = 0
      local ok, params = pcall(function() return obj:parameters() end)
      if ok and params then for _, p in ipairs(params) do nparams = nparams + p:nElement() end end
      lines[#lines + 1] = indent .. label .. torch.typename(obj) .. string.format(' (%d parameters)', nparams)
      for k, v in pairs(obj) do
         if torch.isTensor(v) and v:nElement() > 0 and (k == 'weight' or k == 'bias' or k:find('running')) then
            walk.inspect(v, indent .. '  ', seen, lines, k)
         end
      end
      if obj.forwardnodes then
         for i, node in ipairs(obj.forwardnodes) do
            if node.data.module then walk.inspect(node.data.module, indent .. '  ', seen, lines, 'node ' .. i) end
         end
      elseif type(obj.modules) == 'table' then
         for i, child in ipairs(obj.modules) do walk.inspect(child, indent .. '  ', seen, lines, '(' .. i .. ')') end
      end
   elseif type(obj) == 'table' and torch.typename(obj) == nil then
      if seen[obj] then lines[#lines + 1] = indent .. label .. 'table (seen)'; return lines end
      seen[obj] = true
      local n = 0
      for _ in pairs(obj) do n = n + 1 end
      lines[#lines + 1] = indent .. label .. string.format('table (%d entries)', n)
      local keys = {}
      for k in pairs(obj) do keys[#keys + 1] = k end
      table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
      for i, k in ipairs(keys) do
         if i > 50 then lines[#lines + 1] = indent .. '  ...'; break end
         walk.inspect(obj[k], indent .. '  ', seen, lines, k)
      end
   else
      local s = tostring(obj)
      if #s > 60 then s = s:sub(1, 57) .. '...' end
      lines[#lines + 1] = indent .. label .. (torch.typename(obj) or type(obj)) .. ' ' .. s
   end
   return lines
end

return walk
