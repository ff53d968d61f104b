-- tostring for tensors and storages, in Torch7's format (Tensor.lua): one number format for the whole
-- tensor, chosen from the magnitudes of its values; matrices wrapped at 80 columns; slices of higher
-- tensors headed "(i,j,.,.) = ".
local torch, core = ...
local ffi, lib = core.ffi, core.lib

-- values: a Lua array of doubles; integral: whether the element type is an integer type
local function printformat(values, integral)
   local n = #values
   if n == 0 then return '', nil, 0 end
   local intMode = true
   if not integral then
      for i = 1, n do
         local v = values[i]
         if v ~= math.ceil(v) then intMode = false break end
      end
   end
   local amin, amax = math.huge, -math.huge
   for i = 1, n do
      local a = math.abs(values[i])
      if a < amin or a ~= a then amin = a end
      if a > amax or a ~= a then amax = a end
   end
   local expMin = amin ~= 0 and (math.floor(math.log10(amin)) + 1) or 1
   local expMax = amax ~= 0 and (math.floor(math.log10(amax)) + 1) or 1
   local format, scale, sz
   if intMode then
      if expMax > 9 then
         format, sz = '%11.4e', 11
      else
         format, sz = '%' .. (expMax + 1) .. '.0f', expMax + 1
      end
   else
      if expMax - expMin > 4 then
         format, sz = '%11.4e', 11
         if math.abs(expMax) > 99 or math.abs(expMin) > 99 then format, sz = '%12.4e', 12 end
      elseif expMax > 5 or expMax < 0 then
         format, sz = '%7.4f', 7
         scale = math.pow(10, expMax - 1)
      else
         -- at least 7 wide (a leading space before values below 1, as for larger ones)
         local w = math.max(expMax + 6, 7)
         format, sz = '%' .. w .. '.4f', w
      end
   end
   if format:find('nan') or format:find('inf') then format, sz = '%f', 10 end
   return format, scale, sz
end

-- contiguous double copy of a tensor as a flat Lua array
local function values_of(x)
   local d = x:double():contiguous()
   local n = d:nElement()
   local p = d:data()
   local out = {}
   for i = 1, n do out[i] = p[i - 1] end
   return out, d
end

local function is_integral(x)
   return core.by_dtype[x:cdata().dtype].integral
end

local function print_matrix(m, format, scale, sz, indent)
   scale = scale or 1
   indent = indent or ''
   local strt = { indent }
   local nrow, ncol = m:size(1), m:size(2)
   local nColumnPerLine = math.floor((80 - #indent) / (sz + 1))
   local firstColumn = 1
   while firstColumn <= ncol do
      local lastColumn
      if firstColumn + nColumnPerLine - 1 <= ncol then
         lastColumn = firstColumn + nColumnPerLine - 1
      else
         lastColumn = ncol
      end
      if nColumnPerLine < ncol then
         if firstColumn ~= 1 then strt[#strt + 1] = '\n' end
         strt[#strt + 1] = 'Columns ' .. firstColumn .. ' to ' .. lastColumn .. '\n' .. indent
      end
      if scale ~= 1 then
         strt[#strt + 1] = string.format('%g', scale) .. ' *\n ' .. indent
      end
      for l = 1, nrow do
         for c = firstColumn, lastColumn do
            strt[#strt + 1] = string.format(format, m[l][c] / scale)
            if c == lastColumn then
               strt[#strt + 1] = '\n'
               if l ~= nrow then
                  strt[#strt + 1] = (scale ~= 1) and (indent .. ' ') or indent
               end
            else
               strt[#strt + 1] = ' '
            end
         end
      end
      firstColumn = lastColumn + 1
   end
   return table.concat(strt)
end

local function print_tensor(x, format, scale, sz)
   local nd = x:nDimension()
   local counter = {}
   for i = 1, nd - 2 do counter[i] = 1 end
   counter[1] = 0
   local strt = {}
   while true do
      local finished = false
      for i = 1, nd - 2 do
         counter[i] = counter[i] + 1
         if counter[i] > x:size(i) then
            if i == nd - 2 then finished = true break end
            counter[i] = 1
         else
            break
         end
      end
      if finished then break end
      if #strt > 0 then strt[#strt + 1] = '\n' end
      strt[#strt + 1] = '('
      local m = x
      for i = 1, nd - 2 do
         m = m:select(1, counter[i])
         strt[#strt + 1] = counter[i] .. ','
      end
      strt[#strt + 1] = '.,.) = \n'
      strt[#strt + 1] = print_matrix(m, format, scale, sz, ' ')
   end
   return table.concat(strt)
end

function torch._tensor_tostring(x)
   local name = torch.typename(x)
   local nd = x:nDimension()
   if nd == 0 then return '[' .. name .. ' with no dimension]\n' end
   local values, d = values_of(x)
   local format, scale, sz = printformat(values, is_integral(x))
   local strt = {}
   if nd == 1 then
      if scale then
         strt[#strt + 1] = string.format('%g', scale) .. ' *\n'
         for i = 1, #values do strt[#strt + 1] = string.format(format, values[i] / scale) .. '\n' end
      else
         for i = 1, #values do strt[#strt + 1] = string.format(format, values[i]) .. '\n' end
      end
      strt[#strt + 1] = '[' .. name .. ' of size ' .. #values .. ']\n'
   elseif nd == 2 then
      strt[#strt + 1] = print_matrix(d, format, scale, sz)
      strt[#strt + 1] = '[' .. name .. ' of size ' .. x:size(1) .. 'x' .. x:size(2) .. ']\n'
   else
      strt[#strt + 1] = print_tensor(d, format, scale, sz)
      local dims = {}
      for i = 1, nd do dims[i] = x:size(i) end
      strt[#strt + 1] = '[' .. name .. ' of size ' .. table.concat(dims, 'x') .. ']\n'
   end
   return table.concat(strt)
end

function torch._storage_tostring(s)
   local name = torch.typename(s)
   local values = s:totable()
   local format, scale = printformat(values, core.by_dtype[s:cdata().dtype].integral)
   local strt = {}
   if scale then
      strt[#strt + 1] = string.format('%g', scale) .. ' *\n'
      for i = 1, #values do strt[#strt + 1] = string.format(format, values[i] / scale) .. '\n' end
   else
      for i = 1, #values do strt[#strt + 1] = string.format(format, values[i]) .. '\n' end
   end
   strt[#strt + 1] = '[' .. name .. ' of size ' .. #values .. ']\n'
   return table.concat(strt)
end
