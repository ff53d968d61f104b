-- csvigo: CSV files as Lua tables (Torch7's csvigo API).
--   csvigo.load{path=, separator=',', mode='tidy'|'raw'|'query', header='auto'|true|false, verbose=}
--   csvigo.save{path=, data=, separator=',', mode='autodetect'|'raw'|'tidy', header=true}
-- Values are strings, as in csvigo; quoted fields may hold separators, quotes ("") and newlines.
csvigo = csvigo or {}

local function parse(text, sep)
   local rows, row, field, i, n = {}, {}, {}, 1, #text
   local quoted = false
   while i <= n do
      local c = text:sub(i, i)
      if quoted then
         if c == '"' then
            if text:sub(i + 1, i + 1) == '"' then field[#field + 1] = '"'; i = i + 1 else quoted = false end
         else
            field[#field + 1] = c
         end
      elseif c == '"' then
         quoted = true
      elseif c == sep then
         row[#row + 1] = table.concat(field); field = {}
      elseif c == '\n' or c == '\r' then
         if c == '\r' and text:sub(i + 1, i + 1) == '\n' then i = i + 1 end
         row[#row + 1] = table.concat(field); field = {}
         rows[#rows + 1] = row; row = {}
      else
         field[#field + 1] = c
      end
      i = i + 1
   end
   if quoted then error('csvigo: unterminated quoted field', 3) end
   if #field > 0 or #row > 0 then row[#row + 1] = table.concat(field); rows[#rows + 1] = row end
   return rows
end

local function is_number(s) return tonumber(s) ~= nil end

local function tidy(rows, header)
   local names = header and rows[1] or {}
   if not header then for j = 1, #(rows[1] or {}) do names[j] = tostring(j) end end
   local out = {}
   for _, name in ipairs(names) do out[name] = {} end
   for r = header and 2 or 1, #rows do
      for j, name in ipairs(names) do table.insert(out[name], rows[r][j]) end
   end
   return out, names
end

local function query_fn(data, names)
   return function(kind, spec)
      if kind == 'all' then return data end
      if kind == 'vars' then return names end
      local n = #(data[names[1]] or {})
      local keep = {}
      for i = 1, n do
         local hits, total = 0, 0
         for var, values in pairs(spec or {}) do
            total = total + 1
            local set = type(values) == 'table' and values or {values}
            for _, v in ipairs(set) do
               if data[var] and data[var][i] == tostring(v) then hits = hits + 1 break end
            end
         end
         if (kind == 'union' and hits > 0) or (kind == 'inter' and hits == total) then keep[#keep + 1] = i end
      end
      local out = {}
      for _, name in ipairs(names) do
         out[name] = {}
         for _, i in ipairs(keep) do table.insert(out[name], data[name][i]) end
      end
      return out
   end
end

function csvigo.load(args)
   if type(args) == 'string' then args = {path = args} end
   local path = args.path or error('csvigo.load: path= is required', 2)
   local f, err = io.open(path, 'r')
   if not f then error('csvigo.load: cannot open ' .. path .. ' (' .. tostring(err) .. ')', 2) end
   local text = f:read('*a')
   f:close()
   local rows = parse(text, args.separator or ',')
   local mode = args.mode or 'tidy'
   if mode == 'raw' then return rows end
   local header = args.header
   if header == nil or header == 'auto' then
      local first = rows[1] or {}
      header = true
      for _, v in ipairs(first) do if is_number(v) then header = false break end end
   end
   local data, names = tidy(rows, header)
   if mode == 'tidy' then return data end
   if mode == 'query' then return query_fn(data, names) end
   error("csvigo.load: mode must be 'tidy', 'raw' or 'query'", 2)
end

local function quote(v, sep)
   v = tostring(v)
   if v:find('[' .. sep .. '"\n\r]') then v = '"' .. v:gsub('"', '""') .. '"' end
   return v
end

function csvigo.save(args)
   local path = args.path or error('csvigo.save: path= is required', 2)
   local data = args.data or error('csvigo.save: data= is required', 2)
   local sep = args.separator or ','
   local rows = {}
   local mode = args.mode or 'autodetect'
   if mode == 'autodetect' then mode = (#data > 0 and type(data[1]) == 'table') and 'raw' or 'tidy' end
   if mode == 'raw' then
      rows = data
   else
      local names = {}
      for k in pairs(data) do names[#names + 1] = k end
      table.sort(names)
      if args.header ~= false then rows[1] = names end
      for i = 1, #data[names[1]] do
         local r = {}
         for j, name in ipairs(names) do r[j] = data[name][i] end
         rows[#rows + 1] = r
      end
   end
   local tmp = path .. '.tmp'
   local f = assert(io.open(tmp, 'w'))
   for _, r in ipairs(rows) do
      local cells = {}
      for j, v in ipairs(r) do cells[j] = quote(v, sep) end
      f:write(table.concat(cells, sep), '\n')
   end
   f:close()
   assert(os.rename(tmp, path))
end

return csvigo
