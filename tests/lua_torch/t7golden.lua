-- Replays Torch7's golden tensor_ops.t7 and rng.t7 against this torch and sorts the cases into
-- passed / wrong (a value differs) / missing (a function is not there yet) / error (anything else).
local G = os.getenv('LUATORCH_SHARED') .. '/data/torch7-golden/'
local R = {}

local function tolerance(typename)
   if typename == 'torch.FloatTensor' or typename == 'torch.HalfTensor' then return 1e-4 end
   if typename == 'torch.DoubleTensor' then return 1e-9 end
   return 0
end

local function closeNumber(a, b, tol)
   if a == b or (a ~= a and b ~= b) then return true end
   if type(a) ~= 'number' or type(b) ~= 'number' then return false end
   return math.abs(a - b) <= tol * math.max(1, math.abs(b))
end

-- nil when got matches exp, else a short reason
function R.compare(got, exp, path, tol)
   path = path or 'output'
   tol = tol or 1e-9
   if torch.isTensor(exp) then
      if not torch.isTensor(got) then return path .. ': expected a tensor, got ' .. torch.type(got) end
      local te, tg = torch.typename(exp), torch.typename(got)
      if te ~= tg then return path .. ': type ' .. tg .. ' instead of ' .. te end
      if exp:nDimension() ~= got:nDimension() then
         return string.format('%s: %d dims instead of %d', path, got:nDimension(), exp:nDimension())
      end
      for d = 1, exp:nDimension() do
         if exp:size(d) ~= got:size(d) then return path .. ': size differs at dim ' .. d end
      end
      local t = tolerance(te)
      local e, g = exp:contiguous():storage(), got:contiguous():storage()
      local n = exp:nElement()
      local eo, go = exp:contiguous():storageOffset(), got:contiguous():storageOffset()
      for i = 0, n - 1 do
         local a, b = g[go + i], e[eo + i]
         if not closeNumber(a, b, t) then
            return string.format('%s: element %d is %s instead of %s', path, i + 1, tostring(a), tostring(b))
         end
      end
      return nil
   elseif torch.isStorage(exp) then
      if torch.typename(got) ~= torch.typename(exp) then return path .. ': expected ' .. torch.typename(exp) end
      if got:size() ~= exp:size() then return path .. ': storage size differs' end
      for i = 1, exp:size() do
         if not closeNumber(got[i], exp[i], 0) then return path .. ': storage element ' .. i .. ' differs' end
      end
      return nil
   elseif type(exp) == 'table' then
      if type(got) ~= 'table' or torch.typename(got) then return path .. ': expected a table, got ' .. torch.type(got) end
      for k, v in pairs(exp) do
         local why = R.compare(got[k], v, path .. '.' .. tostring(k), tol)
         if why then return why end
      end
      for k in pairs(got) do
         if exp[k] == nil then return path .. ': unexpected key ' .. tostring(k) end
      end
      return nil
   elseif type(exp) == 'number' then
      if not closeNumber(got, exp, tol) then return path .. ': ' .. tostring(got) .. ' instead of ' .. tostring(exp) end
      return nil
   end
   if got ~= exp then return path .. ': ' .. tostring(got) .. ' instead of ' .. tostring(exp) end
   return nil
end

local function classify(err)
   err = tostring(err)
   if err:find("attempt to call") or err:find("a nil value") then return 'missing' end
   return 'error'
end

local function newResult()
   return { passed = {}, wrong = {}, missing = {}, error = {}, total = 0 }
end

local function record(res, name, status, why)
   res.total = res.total + 1
   if status == 'passed' then
      res.passed[#res.passed + 1] = name
   else
      res[status][#res[status] + 1] = { name = name, why = (tostring(why):gsub('\n.*', '')) }
   end
end

-- deep copy that keeps views and shared storages (a t7 round trip)
local function deepcopy(x)
   return torch.deserialize(torch.serialize(x))
end

function R.tensorOps()
   local cases = torch.load(G .. 'tensor/tensor_ops.t7')
   local res = newResult()
   for _, case in ipairs(cases) do
      local ok, err = pcall(function()
         if torch.manualSeed then torch.manualSeed(case.seed) end
         local fn = assert(loadstring('local I = ...\n' .. case.fn, '=' .. case.name))
         return fn(deepcopy(case.inputs))
      end)
      if not ok then
         record(res, case.name, classify(err), err)
      else
         -- float reductions accumulate differently from Torch7's build: relative 1e-5 for Float cases
         local tol = case.name:find('Float') and 1e-5 or 1e-9
         local why = R.compare(err, case.output, 'output', tol)
         record(res, case.name, why and 'wrong' or 'passed', why)
      end
   end
   return res
end

function R.rng()
   local entries = torch.load(G .. 'rng/rng.t7')
   local res = newResult()
   for _, e in ipairs(entries) do
      local name = e.name .. '@' .. tostring(e.seed)
      local ok, got = pcall(function()
         torch.manualSeed(e.seed)
         return assert(loadstring(e.src, '=' .. e.name))()
      end)
      if not ok then
         record(res, name, classify(got), got)
      else
         local why = R.compare(got, e.value, 'value', 1e-12)
         record(res, name, why and 'wrong' or 'passed', why)
      end
   end
   return res
end

function R.summary(title, res)
   local lines = { string.format('%s: %d cases, %d passed, %d wrong, %d missing, %d error', title, res.total,
      #res.passed, #res.wrong, #res.missing, #res.error) }
   for _, k in ipairs { 'wrong', 'error', 'missing' } do
      for _, c in ipairs(res[k]) do lines[#lines + 1] = string.format('  %-7s %s: %s', k, c.name, c.why) end
   end
   return table.concat(lines, '\n')
end

return R
