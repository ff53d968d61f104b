-- torch.PipeFile(command[, 'r'|'w'][, quiet]): a torch.File on a shell command's standard output ('r') or
-- standard input ('w'). The data goes through a memory buffer: a reading pipe collects all the output when
-- opened; a writing pipe hands everything to the command when closed.
local torch = ... or rawget(_G, 'torch')
local ffi = require 'ffi'
local lib = torch._core.lib

local PipeFile = torch.class('torch.PipeFile', 'torch.File')

function PipeFile:__init(command, mode, quiet)
   mode = mode or 'r'
   if type(command) ~= 'string' then error('torch.PipeFile: command (string) expected', 2) end
   if mode ~= 'r' and mode ~= 'w' then error("torch.PipeFile: mode must be 'r' or 'w'", 2) end
   self._mode, self._command = mode, command
   local f
   if mode == 'r' then
      local pipe = io.popen(command, 'r')
      if not pipe then error('torch.PipeFile: cannot run <' .. command .. '>', 2) end
      local data = pipe:read('*a') or ''
      pipe:close()
      f = lib.tc_file_memory_from(data, #data, 'r')
   else
      f = lib.tc_file_memory_new('w')
   end
   if f == nil then error(ffi.string(lib.tc_last_error()), 2) end
   self:_attach(f)
   if quiet then self:quiet() end
end

local dataptr = ffi.new('const uint8_t *[1]')
local sizeptr = ffi.new('int64_t[1]')

function PipeFile:close()
   local f = self._f
   if f == nil or lib.tc_file_is_open(f) == 0 then return true end
   if self._mode == 'w' then
      if lib.tc_file_memory_data(f, dataptr, sizeptr) < 0 then error(ffi.string(lib.tc_last_error()), 2) end
      local data = ffi.string(dataptr[0], tonumber(sizeptr[0]))
      local pipe = io.popen(self._command, 'w')
      if not pipe then error('torch.PipeFile: cannot run <' .. self._command .. '>', 2) end
      pipe:write(data)
      pipe:close()
   end
   lib.tc_file_close(f)
   return true
end

return PipeFile
