-- Replays Torch7's golden tensor-op cases (shared/data/torch7-golden/tensor/tensor_ops.t7) and compares
-- values.  Returns a list of {name, error-or-nil}.
local path = ...
local cases = torch.load(path)

local function deepcopy(v)
   if torch.isTensor(v) then return v:clone() end
   if torch.isStorage(v) then return torch.getconstructortable(torch.typename(v))(v:size()):copy(v) end
   if type(v) ~= 'table' then return v end
   local r = {}
   for k, x in pairs(v) do r[k] = deepcopy(x) end
   return r
end

local function same(got, exp, tol, where)
   local tg, te = torch.type(got), torch.type(exp)
   if tg ~= te then return where .. ': type ' .. tg .. ' vs expected ' .. te end
   if torch.isTensor(exp) then
      if got:nElement() ~= exp:nElement() or (exp:nElement() > 0 and not got:isSameSizeAs(exp)) then
         return where .. ': size ' .. table.concat(got:size():totable(), 'x') .. ' vs ' ..
            table.concat(exp:size():totable(), 'x')
      end
      if exp:nElement() == 0 then return nil end
      local d = torch._maxdiff(got, exp)
      local scale = math.max(1, torch._maxdiff(exp, exp:clone():zero()))
      if not (d <= tol * scale) then return where .. string.format(': max diff %g', d) end
      return nil
   elseif torch.isStorage(exp) then
      if got:size() ~= exp:size() then return where .. ': storage size' end
      for i = 1, exp:size() do
         if math.abs(got[i] - exp[i]) > tol * math.max(1, math.abs(exp[i])) then return where .. ': storage value ' .. i end
      end
      return nil
   elseif te == 'number' then
      if got ~= got and exp ~= exp then return nil end
      if math.abs(got - exp) <= tol * math.max(1, math.abs(exp)) then return nil end
      return where .. string.format(': %.17g vs %.17g', got, exp)
   elseif te == 'table' then
      for k, v in pairs(exp) do
         local e = same(got[k], v, tol, where .. '.' .. tostring(k))
         if e then return e end
      end
      for k in pairs(got) do if exp[k] == nil then return where .. ': extra key ' .. tostring(k) end end
      return nil
   end
   if got ~= exp then return where .. ': ' .. tostring(got) .. ' vs ' .. tostring(exp) end
end

local results = {}
for _, c in ipairs(cases) do
   local ok, err = pcall(function()
      torch.manualSeed(c.seed)
      local I = assert(loadstring(c.setup))()
      local out = assert(loadstring('local I = ...\n' .. c.fn))(deepcopy(c.inputs))
      local tol = c.name:find('Float') and 1e-5 or 1e-10
      return same(out, c.output, tol, 'output')
   end)
   results[#results + 1] = { c.name, (not ok) and tostring(err) or err }
end
return results
