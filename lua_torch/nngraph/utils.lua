-- Small helpers shared by nngraph's files.
local utils = {}

function utils.istorchclass(x) return type(x) == 'table' and torch.typename(x) end
function utils.istable(x) return type(x) == 'table' and not torch.typename(x) end
utils.tableMaxN = table.maxn

function utils.expectingNodeErrorMessage(bad, array, idx)
   if bad == nil then
      return string.format('%s[%d] is nil (typo / bad index?)', array, idx)
   elseif torch.isTypeOf(bad, 'nn.Module') then
      return string.format('%s[%d] is an nn.Module, specifically a %s, but the only valid thing to pass is '
         .. 'an instance of nngraph.Node. Did you forget a second set of parens, which convert a nn.Module '
         .. 'to a nngraph.Node?', array, idx, torch.typename(bad))
   end
   return string.format('%s[%d] should be an nngraph.Node but is of type %s', array, idx,
                        torch.typename(bad) or type(bad))
end

-- nested tables of tensors
function utils.cloneNested(obj)
   if torch.isTensor(obj) then return obj:clone() end
   local copy = {}
   for k, v in pairs(obj) do copy[k] = utils.cloneNested(v) end
   return copy
end

function utils.resizeNestedAs(out, like)
   if torch.isTensor(out) then return out:resizeAs(like) end
   for k, v in pairs(like) do
      if out[k] == nil then out[k] = utils.cloneNested(v) else utils.resizeNestedAs(out[k], v) end
   end
   for k in pairs(out) do if like[k] == nil then out[k] = nil end end
end

function utils.copyNested(out, src)
   if torch.isTensor(out) then return out:copy(src) end
   for k, v in pairs(src) do utils.copyNested(out[k], v) end
   for k in pairs(out) do
      if src[k] == nil then error('key ' .. tostring(k) .. ' present in output but not in input') end
   end
end

function utils.addNestedTo(out, src)
   if torch.isTensor(out) then return out:add(src) end
   for k, v in pairs(src) do
      assert(out[k] ~= nil, "missing key")
      utils.addNestedTo(out[k], v)
   end
end

return utils
