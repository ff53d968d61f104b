-- Line search satisfying the strong Wolfe conditions (bracketing, then zooming with cubic
-- interpolation).  Returns f, g, x, t, number of evaluations.  x is moved to x_init + t*d.
local function bracket_of(x, ts, fs, gs)
   local gv = x.new(#gs, gs[1]:size(1))
   for i, g in ipairs(gs) do gv[i] = g end
   return x.new(ts), x.new(fs), gv
end

function optim.lswolfe(opfunc, x, t, d, f, g, gtd, options)
   options = options or {}
   local c1, c2 = options.c1 or 1e-4, options.c2 or 0.9
   local tolX = options.tolX or 1e-9
   local maxIter = options.maxIter or 20
   local verbose = options.verbose and function(...) print('<optim.lswolfe> ', ...) end or function() end

   local x_init = x:clone()
   local function evaluate_at(step)
      x[{}] = x_init
      x:add(step, d)
      local fn, gn = opfunc(x)
      return fn, gn, gn * d
   end

   x:add(t, d)
   local f_new, g_new = opfunc(x)
   local evals = 1
   local gtd_new = g_new * d
   local iter, t_prev, done = 0, 0, false
   local f_prev, g_prev, gtd_prev = f, g:clone(), gtd
   local bracket, bracketF, bracketG

   -- phase 1: find an interval containing acceptable steps
   while iter < maxIter do
      if f_new > f + c1 * t * gtd or (iter > 1 and f_new >= f_prev) then
         bracket, bracketF, bracketG = bracket_of(x, {t_prev, t}, {f_prev, f_new}, {g_prev, g_new})
         break
      elseif math.abs(gtd_new) <= -c2 * gtd then
         bracket, bracketF, bracketG = bracket_of(x, {t}, {f_new}, {g_new})
         done = true
         break
      elseif gtd_new >= 0 then
         bracket, bracketF, bracketG = bracket_of(x, {t_prev, t}, {f_prev, f_new}, {g_prev, g_new})
         break
      end
      -- extrapolate
      local t_before = t_prev
      t_prev = t
      t = optim.polyinterp(x.new{{t_before, f_prev, gtd_prev}, {t, f_new, gtd_new}},
                           t + 0.01 * (t - t_before), t * 10)
      f_prev, g_prev, gtd_prev = f_new, g_new:clone(), gtd_new
      f_new, g_new, gtd_new = evaluate_at(t)
      evals = evals + 1
      iter = iter + 1
   end
   if iter == maxIter then
      bracket, bracketF, bracketG = bracket_of(x, {0, t}, {f, f_new}, {g, g_new})
   end

   -- phase 2: zoom into the bracket
   local insufficient = false
   while not done and iter < maxIter do
      local fLO, LOpos = bracketF:min(1)
      LOpos, fLO = LOpos[1], fLO[1]
      local HIpos = 3 - LOpos
      t = optim.polyinterp(x.new{{bracket[1], bracketF[1], bracketG[1] * d},
                                 {bracket[2], bracketF[2], bracketG[2] * d}})
      local bmax, bmin = bracket:max(), bracket:min()
      -- keep away from the ends of the bracket when progress stalls
      if math.min(bmax - t, t - bmin) / (bmax - bmin) < 0.1 then
         if insufficient or t >= bmax or t <= bmin then
            if math.abs(t - bmax) < math.abs(t - bmin) then
               t = bmax - 0.1 * (bmax - bmin)
            else
               t = bmin + 0.1 * (bmax - bmin)
            end
            insufficient = false
         else
            insufficient = true
         end
      else
         insufficient = false
      end
      f_new, g_new, gtd_new = evaluate_at(t)
      evals = evals + 1
      iter = iter + 1
      if f_new > f + c1 * t * gtd or f_new >= fLO then
         bracket[HIpos], bracketF[HIpos], bracketG[HIpos] = t, f_new, g_new
      else
         if math.abs(gtd_new) <= -c2 * gtd then
            done = true
         elseif gtd_new * (bracket[HIpos] - bracket[LOpos]) >= 0 then
            bracket[HIpos], bracketF[HIpos] = bracket[LOpos], bracketF[LOpos]
            bracketG[HIpos] = bracketG[LOpos]
         end
         bracket[LOpos], bracketF[LOpos], bracketG[LOpos] = t, f_new, g_new
      end
      if not done and math.abs((bracket[1] - bracket[2]) * gtd_new) < tolX then break end
   end
   if iter == maxIter then verbose('reached max number of iterations') end

   local _, best = bracketF:min(1)
   best = best[1]
   t, f_new, g_new = bracket[best], bracketF[best], bracketG[best]
   x[{}] = x_init
   x:add(t, d)
   return f_new, g_new, x, t, evals
end
