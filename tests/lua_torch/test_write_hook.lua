-- File:writeObject(obj, name, hook): the hook sees every object written, also those written by a class's
-- own write method (nn modules write their fields through file:writeObject)
local T = {}

function T.hook_reaches_objects_written_by_write_methods()
   require 'nn'
   local m = nn.Sequential():add(nn.Linear(2, 3))
   local seen = 0
   local f = torch.MemoryFile(); f:binary()
   f:writeObject(m, nil, function(o)
      if torch.isTensor(o) then seen = seen + 1; return torch.zeros(1) end
      return o
   end)
   f:seek(1)
   local back = f:readObject()
   f:close()
   tester:assert(seen >= 4, 'weight, bias, gradWeight, gradBias seen: ' .. seen)
   tester:eq(back.modules[1].weight:nElement(), 1, 'the substitute was written')
   -- a later write without a hook is unaffected
   local g = torch.MemoryFile(); g:binary()
   g:writeObject(m)
   g:seek(1)
   tester:eq(g:readObject().modules[1].weight:nElement(), 6)
   g:close()
end

return T
