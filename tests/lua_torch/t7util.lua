-- helpers shared by the t7 Lua tests
local U = {}

function U.eq(a, b, msg)
   if a ~= b then error((msg or 'mismatch') .. ': got ' .. tostring(a) .. ', expected ' .. tostring(b), 2) end
end

-- the C object behind a tensor or storage handle
function U.cptr(x)
   return tostring(x.tc_)
end

-- plain (non-pattern) replacement of every occurrence
function U.replace(s, old, new)
   local out, i = {}, 1
   while true do
      local a, b = s:find(old, i, true)
      if not a then break end
      out[#out + 1] = s:sub(i, a - 1)
      out[#out + 1] = new
      i = b + 1
   end
   out[#out + 1] = s:sub(i)
   return table.concat(out)
end

function U.hex(s)
   return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end))
end

function U.unhex(h)
   h = h:gsub('%s', '')
   return (h:gsub('..', function(x) return string.char(tonumber(x, 16)) end))
end

function U.le32(v)
   return string.char(v % 256, math.floor(v / 256) % 256, math.floor(v / 65536) % 256, math.floor(v / 16777216) % 256)
end

-- raises unless f raises an error whose message contains `fragment` (plain text)
function U.raises(f, fragment)
   local ok, err = pcall(f)
   if ok then error('expected an error containing "' .. fragment .. '"', 2) end
   if not tostring(err):find(fragment, 1, true) then
      error('error "' .. tostring(err) .. '" does not contain "' .. fragment .. '"', 2)
   end
   return err
end

-- same type, sizes, strides and values
function U.sameTensor(a, b, msg)
   msg = msg or 'tensor'
   U.eq(torch.typename(a), torch.typename(b), msg .. ' type')
   U.eq(a:nDimension(), b:nDimension(), msg .. ' nDimension')
   for d = 1, a:nDimension() do
      U.eq(a:size(d), b:size(d), msg .. ' size')
      U.eq(a:stride(d), b:stride(d), msg .. ' stride')
   end
   local ta, tb = a:totable(), b:totable()
   local function cmp(x, y)
      if type(x) == 'table' then
         U.eq(#x, #y, msg .. ' length')
         for i = 1, #x do cmp(x[i], y[i]) end
      else
         if not (x == y or (x ~= x and y ~= y)) then error(msg .. ': value ' .. tostring(x) .. ' ~= ' .. tostring(y), 3) end
      end
   end
   cmp(ta, tb)
end

function U.tmpname()
   local p = os.tmpname()
   os.remove(p)
   return p .. '.t7'
end

-- Declares (as plain torch classes) every class a file names that is not known yet, so files holding nn or
-- nngraph objects load as plain tables of class instances while those packages are not in this checkout.
function U.loadDeclaring(path, mode)
   for _ = 1, 200 do
      local ok, res = pcall(torch.load, path, mode)
      if ok then return res end
      local name = tostring(res):match('unknown Torch class <([^>]+)>')
      if not name then error(res, 0) end
      local holder = _G
      local parts = {}
      for p in name:gmatch('[^.]+') do parts[#parts + 1] = p end
      for i = 1, #parts - 1 do
         holder[parts[i]] = holder[parts[i]] or {}
         holder = holder[parts[i]]
      end
      torch.class(name)
   end
   error('too many unknown classes in ' .. path)
end

return U
