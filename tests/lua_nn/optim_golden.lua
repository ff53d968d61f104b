-- Replays Torch7's golden optimizer runs (shared/data/torch7-golden/optim/optim.t7): each run's
-- objective, x0 and config, 20 steps of optim.<algorithm>, compared with the stored trajectory and
-- function values (1e-7 relative after 20 steps, the README's limit).
require 'optim'
local G = {}

local function close(a, b)
   return math.abs(a - b) <= 1e-9 + 1e-7 * math.abs(b)
end

function G.names(path)
   local runs = torch.load(path)
   local names = {}
   for i, r in ipairs(runs) do names[i] = r.name end
   return names
end

function G.run(path, name)
   local runs = torch.load(path)
   local run
   for _, r in ipairs(runs) do if r.name == name then run = r end end
   assert(run, 'no run ' .. name)
   local opfunc = assert(loadstring(run.objective_src))()
   local x = run.x0:clone()
   local config = assert(loadstring('return ' .. run.config_src))()
   local state = {}
   local bad = {}
   for s = 1, run.steps do
      local _, fs = optim[run.algorithm](opfunc, x, config, state)
      if not close(fs[1], run.fx[s]) then
         bad[#bad + 1] = string.format('step %d: f = %.17g, Torch7 %.17g', s, fs[1], run.fx[s])
      end
      local want = run.trajectory[s + 1]
      local diff = (x - want):abs()
      local allowed = want:clone():abs():mul(1e-7):add(1e-9)
      if diff:gt(allowed):sum() > 0 then
         bad[#bad + 1] = string.format('step %d: x differs by up to %.3g', s, diff:max())
         break
      end
   end
   return bad
end

return G
