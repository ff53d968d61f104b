-- torch.Timer: wall-clock and CPU (user, system) seconds accumulated while running. Starts running.
local torch = rawget(_G, 'torch') or package.loaded.torch
local libc = require 'paths.libc'

local Timer = torch.class('torch.Timer')

local function now()
   local user, sys = libc.cputimes()
   return libc.walltime(), user, sys
end

function Timer:__init()
   self:reset()
end

-- zero the totals; a running timer keeps running from now
function Timer:reset()
   self._real, self._user, self._sys = 0, 0, 0
   self._startReal, self._startUser, self._startSys = now()
   if self._running == nil then self._running = true end
   return self
end

function Timer:stop()
   if self._running then
      local real, user, sys = now()
      self._real = self._real + real - self._startReal
      self._user = self._user + user - self._startUser
      self._sys = self._sys + sys - self._startSys
      self._running = false
   end
   return self
end

function Timer:resume()
   if not self._running then
      self._startReal, self._startUser, self._startSys = now()
      self._running = true
   end
   return self
end

function Timer:time()
   local t = { real = self._real, user = self._user, sys = self._sys }
   if self._running then
      local real, user, sys = now()
      t.real = t.real + real - self._startReal
      t.user = t.user + user - self._startUser
      t.sys = t.sys + sys - self._startSys
   end
   return t
end

return Timer
