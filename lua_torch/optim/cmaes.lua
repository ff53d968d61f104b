-- CMA-ES (Hansen): covariance matrix adaptation evolution strategy, gradient free.
-- config: sigma (initial step, 0.5), maxEval (1e3 * D^2), ftarget, popsize (4 + 3 ln D),
-- verb_disp (0 = quiet).  Uses its own generator (seeded with 1 unless config.seed).
-- Returns the best x found, the table of best values per generation, and the evaluation count.
function optim.cmaes(opfunc, x, config)
   config = config or {}
   local N = x:nElement()
   local sigma = config.sigma or 0.5
   local maxEval = tonumber(config.maxEval) or 1e3 * N * N
   local ftarget = config.ftarget
   local lambda = config.popsize or 4 + math.floor(3 * math.log(N))
   local mu = math.floor(lambda / 2)
   local gen = torch.Generator()
   torch.manualSeed(gen, config.seed or 1)

   -- recombination weights and adaptation constants
   local w = torch.range(1, mu):apply(function(i) return math.log(mu + 0.5) - math.log(i) end)
   w:div(w:sum())
   local mueff = 1 / torch.cmul(w, w):sum()
   local cc = (4 + mueff / N) / (N + 4 + 2 * mueff / N)
   local cs = (mueff + 2) / (N + mueff + 5)
   local c1 = 2 / ((N + 1.3) ^ 2 + mueff)
   local cmu = math.min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((N + 2) ^ 2 + mueff))
   local damps = 1 + 2 * math.max(0, math.sqrt((mueff - 1) / (N + 1)) - 1) + cs
   local chiN = math.sqrt(N) * (1 - 1 / (4 * N) + 1 / (21 * N * N))

   local xmean = x:clone():view(N):double()
   local pc, ps = torch.zeros(N), torch.zeros(N)
   local B, Dg, C = torch.eye(N), torch.ones(N), torch.eye(N)
   local invsqrtC = torch.eye(N)
   local evals, eigeneval = 0, 0
   local best_x, best_f = xmean:clone(), math.huge
   local history = {}
   local arz, arx = torch.Tensor(lambda, N), torch.Tensor(lambda, N)
   local fit = torch.Tensor(lambda)

   while evals < maxEval do
      arz:normal(gen, 0, 1)
      -- x_k = mean + sigma * B * (D .* z_k)
      arx:copy(arz):cmul(Dg:view(1, N):expandAs(arz))
      arx = arx * B:t()
      arx:mul(sigma):add(xmean:view(1, N):expandAs(arx))
      for k = 1, lambda do
         fit[k] = opfunc(arx[k]:clone():view(x:size()):typeAs(x))
         evals = evals + 1
      end
      local sorted, order = torch.sort(fit)
      if sorted[1] < best_f then best_f, best_x = sorted[1], arx[order[1]]:clone() end
      history[#history + 1] = best_f

      local xold = xmean:clone()
      local elite = arx:index(1, order:narrow(1, 1, mu))
      xmean = torch.mv(elite:t(), w)
      local step = (xmean - xold) / sigma
      ps:mul(1 - cs):add(math.sqrt(cs * (2 - cs) * mueff), torch.mv(invsqrtC, step))
      local hsig = ps:norm() / math.sqrt(1 - (1 - cs) ^ (2 * evals / lambda)) / chiN < 1.4 + 2 / (N + 1)
      pc:mul(1 - cc)
      if hsig then pc:add(math.sqrt(cc * (2 - cc) * mueff), step) end
      local artmp = (elite - xold:view(1, N):expandAs(elite)) / sigma
      local rank_mu = artmp:t() * torch.diag(w) * artmp
      C:mul(1 - c1 - cmu):add(c1, torch.ger(pc, pc)):add(cmu, rank_mu)
      if not hsig then C:add(c1 * cc * (2 - cc), C) end
      sigma = sigma * math.exp((cs / damps) * (ps:norm() / chiN - 1))

      if evals - eigeneval > lambda / (c1 + cmu) / N / 10 then
         eigeneval = evals
         C = torch.triu(C) + torch.triu(C, 1):t()
         local e, V = torch.symeig(C, 'V')
         Dg = e:clamp(1e-20, math.huge):sqrt()
         B = V
         invsqrtC = B * torch.diag(torch.cdiv(torch.ones(N), Dg)) * B:t()
      end
      if ftarget and best_f <= ftarget then break end
      if Dg:max() > 1e7 * Dg:min() then break end
   end
   x:copy(best_x)
   return x, history, evals
end
