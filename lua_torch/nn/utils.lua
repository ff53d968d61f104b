-- nn.utils: helpers on tensors and nested tables of tensors.
nn.utils = nn.utils or {}
local utils = nn.utils

local function storage_as(storage, storageType)
   if torch.typename(storage) == storageType then return storage end
   local converted = torch.getmetatable(storageType).new()
   if storage:size() > 0 then converted:resize(storage:size()):copy(storage) end
   return converted
end

-- Converts tensors (inside tables, modules, criterions) to `type`.  The cache, keyed by tensor
-- object and by storage pointer, keeps views as views and shared storages shared.
function utils.recursiveType(param, type, tensorCache)
   tensorCache = tensorCache or {}
   if torch.type(param) == 'table' then
      for k, v in pairs(param) do param[k] = utils.recursiveType(v, type, tensorCache) end
   elseif torch.isTypeOf(param, 'nn.Module') or torch.isTypeOf(param, 'nn.Criterion') then
      param:type(type, tensorCache)
   elseif torch.isTensor(param) and torch.typename(param) ~= type then
      local converted = tensorCache[param]
      if not converted then
         converted = torch.Tensor():type(type)
         local storage = param:storage()
         if storage then
            local key = torch.pointer(storage)
            tensorCache[key] = tensorCache[key] or storage_as(storage, (type:gsub('Tensor', 'Storage')))
            converted:set(tensorCache[key], param:storageOffset(), param:size(), param:stride())
         end
         tensorCache[param] = converted
      end
      param = converted
   end
   return param
end

-- Applies fn(t1_leaf, t2_leaf) over nested tables shaped like t2, creating t1's structure.
local function zip(t1, t2, leaf, what)
   if torch.type(t2) == 'table' then
      t1 = torch.type(t1) == 'table' and t1 or {t1}
      for k in pairs(t2) do t1[k], t2[k] = zip(t1[k], t2[k], leaf, what) end
      return t1, t2
   elseif torch.isTensor(t2) then
      return leaf(t1, t2), t2
   end
   error("expecting nested tensors or tables. Got " .. torch.type(t1) .. " and " .. torch.type(t2) .. " instead")
end

function utils.recursiveResizeAs(t1, t2)
   t1, t2 = zip(t1, t2, function(a, b)
      a = torch.isTensor(a) and a or b.new()
      return a:resize(b:size())
   end)
   if torch.type(t2) == 'table' then
      for k in pairs(t1) do if not t2[k] then t1[k] = nil end end
   end
   return t1, t2
end

function utils.recursiveCopy(t1, t2)
   return zip(t1, t2, function(a, b)
      a = torch.isTensor(a) and a or b.new()
      return a:resize(b:size()):copy(b)
   end)
end

function utils.recursiveAdd(t1, val, t2)
   if not t2 then
      assert(val, "expecting at least two arguments")
      t2, val = val, 1
   end
   return zip(t1, t2, function(a, b)
      if not torch.isTensor(a) then
         error("expecting nested tensors or tables. Got " .. torch.type(a) .. " and " .. torch.type(b) .. " instead")
      end
      return a:add(val or 1, b)
   end)
end

function utils.recursiveFill(t, val)
   if torch.type(t) == 'table' then
      for k in pairs(t) do t[k] = utils.recursiveFill(t[k], val) end
   elseif torch.isTensor(t) then
      t:fill(val)
   else
      error("expecting tensor or table thereof. Got " .. torch.type(t) .. " instead")
   end
   return t
end

-- a view of t with a leading singleton dimension
function utils.addSingletonDimension(...)
   local view, t, dim
   if select('#', ...) < 3 then
      t, dim = select(1, ...)
   else
      view, t, dim = select(1, ...)
      assert(torch.isTensor(view), "output tensor expected, got " .. type(view))
   end
   assert(torch.isTensor(t), "input tensor expected")
   dim = dim or 1
   assert(dim > 0 and dim <= t:dim() + 1, "invalid dimension: " .. dim)
   local size, stride = {}, {}
   for d = 1, t:dim() do size[d], stride[d] = t:size(d), t:stride(d) end
   table.insert(size, dim, 1)
   table.insert(stride, dim, dim <= t:dim() and t:stride(dim) * t:size(dim) or 1)
   view = view or t.new()
   view:set(t:storage(), t:storageOffset(), torch.LongStorage(size), torch.LongStorage(stride))
   return view
end

-- view of t with sizes, copying into a buffer first if t is not contiguous
function utils.contiguousView(output, input, ...)
   output = output or input.new()
   if input:isContiguous() then
      output:view(input, ...)
   else
      output:resize(input:size()):copy(input)
      output:view(output, ...)
   end
   return output
end

-- Empties the named fields: tensors keep their type but lose their storage, tables become {}.
function utils.clear(self, ...)
   local names = select('#', ...) == 1 and type(...) == 'table' and ... or {...}
   for _, name in ipairs(names) do
      local v = self[name]
      if torch.isTensor(v) then
         v:set()
      elseif type(v) == 'table' then
         self[name] = {}
      else
         self[name] = nil
      end
   end
   return self
end

-- the number of elements of a tensor or of every tensor in a nested table
function utils.tableSize(t)
   if torch.isTensor(t) then return t:nElement() end
   local n = 0
   for _, v in pairs(t) do n = n + utils.tableSize(v) end
   return n
end

return utils
