-- torch.CmdLine: Torch7's command-line parser (same parsing rules, help layout and `string` naming scheme).
--   option('-name', default, help[, type])  a boolean option is a flag without value that flips its default;
--                                           number options convert their value, string options keep it.
--   argument('-name', help[, type])         positional, in declaration order, all required.
local torch = rawget(_G, 'torch') or package.loaded.torch

local CmdLine = torch.class('torch.CmdLine')

local function bare(key)
   return (key:gsub('^%-+', ''))
end

function CmdLine:__init(argSeparator, keySeparator)
   self.argseparator = argSeparator or ','
   self.keyseparator = keySeparator or '='
   self.options = {}
   self.arguments = {}
   self.helplines = {}
   self.dateformat = nil
   self.silentio = false
end

function CmdLine:silent()
   self.silentio = true
end

-- log lines get a date prefix (os.date format), optionally followed by "[name]: "
function CmdLine:addTime(name, format)
   format = format or '%Y-%m-%d %H:%M:%S'
   if type(format) ~= 'string' then error('CmdLine:addTime: the format must be a string', 2) end
   self.dateformat = format .. (name ~= nil and ('[' .. name .. ']: ') or '')
end

function CmdLine:text(txt)
   txt = txt or ''
   if type(txt) ~= 'string' then error('CmdLine:text: expected a string', 2) end
   self.helplines[#self.helplines + 1] = txt
end

function CmdLine:option(key, default, help, optType)
   if default == nil then error('option ' .. key .. ' has no default value', 2) end
   optType = optType or type(default)
   if type(default) ~= optType then error('option ' .. key .. ' has wrong default type value', 2) end
   local entry = { key = key, default = default, help = help, type = optType }
   self.options[key] = entry
   self.helplines[#self.helplines + 1] = entry
end

function CmdLine:argument(key, help, argType)
   local entry = { key = key, help = help, type = argType }
   self.arguments[#self.arguments + 1] = entry
   self.helplines[#self.helplines + 1] = entry
end

-- prints the message and the help, then exits with status 1
function CmdLine:error(msg)
   print('')
   io.stderr:write(msg)
   print('')
   self:help()
   os.exit(1)
end

function CmdLine:default()
   local params = {}
   for key, entry in pairs(self.options) do
      params[bare(key)] = entry.default
   end
   return params
end

-- consumes the option at arg[i]; returns how many words it used
function CmdLine:__readOption__(params, arg, i)
   local key = arg[i]
   local entry = self.options[key]
   if not entry then self:error('unknown option ' .. key) end
   if entry.type == 'boolean' then
      params[bare(key)] = not entry.default
      return 1
   end
   local value = arg[i + 1]
   if value == nil then self:error('missing argument for option ' .. key) end
   if entry.type == 'number' then
      value = tonumber(value)
   elseif entry.type ~= nil and entry.type ~= 'string' then
      self:error('unknown required option type ' .. entry.type)
   end
   if value == nil then self:error('invalid type for option ' .. key .. ' (should be ' .. entry.type .. ')') end
   params[bare(key)] = value
   return 2
end

function CmdLine:__readArgument__(params, arg, i, position)
   local value = arg[i]
   local entry = self.arguments[position]
   if entry == nil then self:error('invalid argument: ' .. tostring(value)) end
   if entry.type and type(value) ~= entry.type then
      self:error('invalid argument type for argument ' .. entry.key .. ' (should be ' .. entry.type .. ')')
   end
   params[bare(entry.key)] = value
   return 1
end

function CmdLine:parse(arg)
   arg = arg or {}
   local params = self:default()
   local position = 0
   local i = 1
   while i <= #arg do
      local word = arg[i]
      if word == '-h' or word == '-help' or word == '--help' then
         self:help(arg)
         os.exit(0)
      end
      if self.options[word] then
         i = i + self:__readOption__(params, arg, i)
      else
         position = position + 1
         i = i + self:__readArgument__(params, arg, i, position)
      end
   end
   if position ~= #self.arguments then self:error('not enough arguments') end
   return params
end

-- "prefix,arg1=v,...,opt=v,..." from the arguments (in order) and the options that differ from their default
-- (sorted; booleans as t/f). Keys with ignore[k] true are skipped; ignore[k] == false forces an option in.
function CmdLine:string(prefix, params, ignore)
   prefix = prefix or ''
   ignore = ignore or {}
   local positional, changed = {}, {}
   for k, v in pairs(params) do
      local entry = self.options['-' .. k]
      if ignore[k] then
         print('-- ignore option ' .. k)
      elseif entry then
         if v ~= entry.default or ignore[k] == false then
            if type(v) == 'boolean' then v = v and 't' or 'f' end
            changed[#changed + 1] = k .. self.keyseparator .. tostring(v)
         end
      else
         local position
         for i, a in ipairs(self.arguments) do
            if bare(a.key) == k then position = i end
         end
         if position then
            positional[position] = k .. self.keyseparator .. tostring(v)
         else
            print('WARNING: unknown option/argument: ' .. k .. ' IGNORING for DIRECTORY NAME')
         end
      end
   end
   table.sort(changed)
   local words = {}
   for i = 1, #self.arguments do
      if positional[i] then words[#words + 1] = positional[i] end
   end
   for _, w in ipairs(changed) do words[#words + 1] = w end
   local s = table.concat(words, self.argseparator)
   if s == '' then return prefix end
   return prefix .. self.argseparator .. s
end

-- Replaces the global print with one that also appends each line to `file` (a path or an open file),
-- then logs the start date and the parameters.
function CmdLine:log(file, params)
   local out = io.type(file) == 'file' and file or assert(io.open(file, 'w'))
   local screenPrint = rawget(_G, '__luatorch_screen_print') or print
   rawset(_G, '__luatorch_screen_print', screenPrint)
   local cmd = self
   rawset(_G, 'print', function(...)
      local n = select('#', ...)
      local items = { ... }
      if not cmd.silentio then screenPrint(...) end
      local words = {}
      if cmd.dateformat then words[#words + 1] = os.date(cmd.dateformat) end
      for i = 1, n do words[#words + 1] = tostring(items[i]) end
      words[#words + 1] = '\n'
      out:write(table.concat(words, ' '))
      out:flush()
   end)
   print('[program started on ' .. os.date() .. ']')
   print('[command line arguments]')
   for k, v in pairs(params or {}) do print(k, v) end
   print('[----------------------]')
end

-- Usage line, then each option (padded to the longest key) with its help and [default], arguments as <name>,
-- and the free text lines, in declaration order.
function CmdLine:help(arg)
   local usage = { 'Usage: ' }
   if arg and arg[0] then usage[#usage + 1] = tostring(arg[0]) .. ' ' end
   usage[#usage + 1] = '[options]'
   for _, a in ipairs(self.arguments) do usage[#usage + 1] = ' <' .. bare(a.key) .. '>' end
   io.write(table.concat(usage), '\n')
   local width = 0
   for _, line in ipairs(self.helplines) do
      if type(line) == 'table' then
         local w = line.default ~= nil and #line.key or #bare(line.key) + 2
         if w > width then width = w end
      end
   end
   for _, line in ipairs(self.helplines) do
      if type(line) == 'table' then
         local isOption = line.default ~= nil
         local label = isOption and line.key or ('<' .. bare(line.key) .. '>')
         io.write('  ', label, string.rep(' ', width - #label))
         if line.help then io.write(' ', line.help) end
         if isOption then io.write(' [', tostring(line.default), ']') end
      else
         io.write(line)
      end
      io.write('\n')
   end
end

return CmdLine
