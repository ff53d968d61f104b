-- csvigo: CSV load/save with Torch7 csvigo's modes ('tidy', 'raw', 'query'); values stay strings,
-- as the original returns them. Quoted fields ("a,b", doubled "" quotes) are handled.
csvigo = {}   -- a global, as in Torch7 (scripts use csvigo.load after a bare require)

local function splitLine(line, sep)
   local out, i, n = {}, 1, #line
   if n == 0 then return { '' } end
   while i <= n + 1 do
      if line:sub(i, i) == '"' then
         local buf, j = {}, i + 1
         while true do
            local q = line:find('"', j, true)
            if not q then error('csvigo: unterminated quoted field in line: ' .. line, 0) end
            buf[#buf + 1] = line:sub(j, q - 1)
            if line:sub(q + 1, q + 1) == '"' then buf[#buf + 1] = '"'; j = q + 2
            else j = q + 1; break end
         end
         out[#out + 1] = table.concat(buf)
         i = j + #sep
      else
         local s = line:find(sep, i, true)
         if not s then out[#out + 1] = line:sub(i); break end
         out[#out + 1] = line:sub(i, s - 1)
         i = s + #sep
         if i == n + 1 then out[#out + 1] = ''; break end
      end
   end
   return out
end

local function readRows(path, sep)
   local f, err = io.open(path, 'r')
   if not f then error('csvigo.load: cannot open ' .. tostring(path) .. ' (' .. tostring(err) .. ')', 3) end
   local rows = {}
   for line in f:lines() do
      line = line:gsub('\r$', '')
      if line ~= '' then rows[#rows + 1] = splitLine(line, sep) end
   end
   f:close()
   return rows
end

local function headerLooksLikeNames(row)
   for _, v in ipairs(row) do if tonumber(v) then return false end end
   return true
end

-- csvigo.load{path=, separator=',', mode='tidy'|'raw'|'query', header=true|false|'auto', verbose=}
-- csvigo.load(path) is the same as load{path=path}
function csvigo.load(args)
   if type(args) == 'string' then args = { path = args } end
   if type(args) ~= 'table' or type(args.path) ~= 'string' then error('csvigo.load: path= expected', 2) end
   local sep = args.separator or ','
   local mode = args.mode or 'tidy'
   local header = args.header
   if header == nil then header = 'auto' end
   local rows = readRows(args.path, sep)
   if mode == 'raw' then return rows end
   if mode ~= 'tidy' and mode ~= 'query' then
      error("csvigo.load: mode must be 'tidy', 'raw' or 'query', got " .. tostring(mode), 2)
   end
   local names
   if header == true or (header == 'auto' and rows[1] and headerLooksLikeNames(rows[1])) then
      names = table.remove(rows, 1)
   else
      names = {}
      for i = 1, rows[1] and #rows[1] or 0 do names[i] = tostring(i) end
   end
   local data = {}
   for _, nm in ipairs(names) do data[nm] = {} end
   for r, row in ipairs(rows) do
      if #row ~= #names then
         error(string.format('csvigo.load: line %d has %d fields, the header has %d', r, #row, #names), 2)
      end
      for c, nm in ipairs(names) do data[nm][r] = row[c] end
   end
   if args.verbose then print(string.format('<csv> loaded %d rows, %d columns from %s', #rows, #names, args.path)) end
   if mode == 'tidy' then return data end
   -- query mode: a function answering 'all', 'vars', 'union' and 'inter' queries
   local nrows = #rows
   local function select(rowsWanted)
      local out = {}
      for _, nm in ipairs(names) do
         local col = {}
         for _, r in ipairs(rowsWanted) do col[#col + 1] = data[nm][r] end
         out[nm] = col
      end
      return out
   end
   local function matches(r, nm, values)
      local col = data[nm]
      if not col then error('csvigo query: no column ' .. tostring(nm), 3) end
      for _, v in ipairs(values) do if col[r] == tostring(v) then return true end end
      return false
   end
   return function(q, spec)
      q = q or 'all'
      if q == 'all' then return data end
      if q == 'vars' then return names end
      if q ~= 'union' and q ~= 'inter' then error("csvigo query: 'all', 'vars', 'union' or 'inter'", 2) end
      local hit = {}
      for r = 1, nrows do
         local ok = (q == 'inter')
         for nm, values in pairs(spec or {}) do
            if type(values) ~= 'table' then values = { values } end
            local m = matches(r, nm, values)
            if q == 'union' and m then ok = true end
            if q == 'inter' and not m then ok = false end
         end
         if ok then hit[#hit + 1] = r end
      end
      return select(hit)
   end
end

local function quote(v, sep)
   v = tostring(v)
   if v:find(sep, 1, true) or v:find('"', 1, true) or v:find('\n', 1, true) then
      v = '"' .. v:gsub('"', '""') .. '"'
   end
   return v
end

-- csvigo.save{path=, data=, separator=',', mode='autodetect'|'raw'|'tidy', header=true, verbose=}
function csvigo.save(args)
   if type(args) ~= 'table' or type(args.path) ~= 'string' or type(args.data) ~= 'table' then
      error('csvigo.save: path= and data= expected', 2)
   end
   local sep = args.separator or ','
   local mode = args.mode or 'autodetect'
   local data = args.data
   if mode == 'autodetect' then mode = (type(data[1]) == 'table') and 'raw' or 'tidy' end
   local lines = {}
   if mode == 'raw' then
      for _, row in ipairs(data) do
         local cells = {}
         for i, v in ipairs(row) do cells[i] = quote(v, sep) end
         lines[#lines + 1] = table.concat(cells, sep)
      end
   elseif mode == 'tidy' then
      local names = {}
      for k in pairs(data) do names[#names + 1] = k end
      table.sort(names, function(a, b) return tostring(a) < tostring(b) end)
      if args.header ~= false then
         local h = {}
         for i, nm in ipairs(names) do h[i] = quote(nm, sep) end
         lines[#lines + 1] = table.concat(h, sep)
      end
      local n = names[1] and #data[names[1]] or 0
      for r = 1, n do
         local cells = {}
         for i, nm in ipairs(names) do cells[i] = quote(data[nm][r], sep) end
         lines[#lines + 1] = table.concat(cells, sep)
      end
   else
      error("csvigo.save: mode must be 'autodetect', 'raw' or 'tidy'", 2)
   end
   local f, err = io.open(args.path, 'w')
   if not f then error('csvigo.save: cannot write ' .. args.path .. ' (' .. tostring(err) .. ')', 2) end
   f:write(table.concat(lines, '\n'), '\n')
   f:close()
   if args.verbose then print('<csv> wrote ' .. #lines .. ' lines to ' .. args.path) end
end

package.loaded['csvigo'] = csvigo
return csvigo
