-- Differential evolution (DE/best/1/bin), gradient free.  config: popsize (10*D), scaleFactor,
-- crossoverRate, maxFEs, maxRegion (30), minRegion (-30).  Uses its own generator seeded with 1,
-- so runs are reproducible and the global stream is untouched.
-- Returns the best solution (shaped like x) and a table of every evaluated value.
function optim.de(opfunc, x, config)
   config = config or {}
   local D = x:nElement()
   local popsize = config.popsize or 10 * D
   local F = config.scaleFactor or 0.5
   local CR = config.crossoverRate or 0.9
   local maxFEs = tonumber(config.maxFEs) or 1000 * D
   local hi, lo = config.maxRegion or 30, config.minRegion or -30
   assert(popsize >= 3, 'optim.de: popsize must be at least 3')

   local gen = torch.Generator()
   torch.manualSeed(gen, 1)
   local pop = x.new(popsize, D):uniform(gen, lo, hi)
   local fitness = x.new(popsize)
   local history = {}
   local function evaluate(v)
      local f = opfunc(v:view(x:size()))
      history[#history + 1] = f
      return f
   end
   for i = 1, popsize do fitness[i] = evaluate(pop[i]) end

   local child = x.new(D)
   local mask = x.new(D)
   while #history < maxFEs do
      local _, ibest = fitness:min(1)
      local best = pop[ibest[1]]:clone()
      for i = 1, popsize do
         if #history >= maxFEs then break end
         local r1, r2
         repeat r1 = torch.random(gen, 1, popsize) until r1 ~= i
         repeat r2 = torch.random(gen, 1, popsize) until r2 ~= i and r2 ~= r1
         -- mutant best + F (x_r1 - x_r2), crossed with the parent (one coordinate always taken)
         mask:uniform(gen, 0, 1):lt(CR)
         mask[torch.random(gen, 1, D)] = 1
         child:copy(pop[r1]):add(-1, pop[r2]):mul(F):add(best)
         child:cmul(mask):add(torch.cmul(pop[i], mask:clone():mul(-1):add(1)))
         local f = evaluate(child)
         if f <= fitness[i] then
            pop[i]:copy(child)
            fitness[i] = f
         end
      end
   end
   local fbest, ibest = fitness:min(1)
   x:copy(pop[ibest[1]])
   return x, history, fbest[1]
end
