-- Limited-memory BFGS with an optional line search (optim.lswolfe).  The two-loop recursion keeps
-- at most nCorrection (s, y) pairs; their buffers are recycled between calls through `state`.
local util = optim._util

local function verbose_printer(on)
   if on then return function(...) print('<optim.lbfgs> ', ...) end end
   return function() end
end

-- d = -H g by the two-loop recursion over the stored pairs (dirs = s, stps = y)
local function two_loop(state, g, d, dirs, stps, Hdiag, nCorrection)
   local k = #dirs
   state.ro = state.ro or torch.Tensor(nCorrection)
   state.al = state.al or torch.zeros(nCorrection)
   local ro, al = state.ro, state.al
   for i = 1, k do ro[i] = 1 / stps[i]:dot(dirs[i]) end
   local q = state.tmp1
   q:mul(g, -1)
   for i = k, 1, -1 do
      al[i] = dirs[i]:dot(q) * ro[i]
      q:add(-al[i], stps[i])
   end
   d:mul(q, Hdiag)
   for i = 1, k do
      local be = stps[i]:dot(d) * ro[i]
      d:add(al[i] - be, dirs[i])
   end
   return d
end

function optim.lbfgs(opfunc, x, config, state)
   config, state = util.tables(config, state)
   local maxIter = tonumber(config.maxIter) or 20
   local maxEval = tonumber(config.maxEval) or maxIter * 1.25
   local tolFun = config.tolFun or 1e-5
   local tolX = config.tolX or 1e-9
   local nCorrection = config.nCorrection or 100
   local lineSearch, lineSearchOpts = config.lineSearch, config.lineSearchOptions
   local learningRate = config.learningRate or 1
   local verbose = verbose_printer(config.verbose or false)
   state.funcEval = state.funcEval or 0
   state.nIter = state.nIter or 0

   local f, g = opfunc(x)
   local f_hist = {f}
   local evals = 1
   state.funcEval = state.funcEval + 1

   state.tmp1 = state.tmp1 or g.new(g:size()):zero()
   local tmp1 = state.tmp1
   if tmp1:copy(g):abs():sum() <= tolFun then
      verbose('optimality condition below tolFun')
      return x, f_hist
   end
   if not state.dir_bufs then
      verbose('creating recyclable direction/step/history buffers')
      local p = g:size(1)
      state.dir_bufs, state.stp_bufs = {}, {}
      local dirs, stps = g.new(nCorrection + 1, p), g.new(nCorrection + 1, p)
      for i = 1, nCorrection + 1 do
         state.dir_bufs[i] = dirs[i]
         state.stp_bufs[i] = stps[i]
      end
   end

   local d, t = state.d, state.t
   local old_dirs, old_stps = state.old_dirs, state.old_stps
   local Hdiag, g_old, f_old = state.Hdiag, state.g_old, state.f_old

   local nIter = 0
   while nIter < maxIter do
      nIter = nIter + 1
      state.nIter = state.nIter + 1

      if state.nIter == 1 then
         d = g:clone():mul(-1)
         old_dirs, old_stps, Hdiag = {}, {}, 1
      else
         -- new pair: y = g - g_old, s = d * t
         local y = table.remove(state.dir_bufs)
         local s = table.remove(state.stp_bufs)
         y:add(g, -1, g_old)
         s:mul(d, t)
         local ys = y:dot(s)
         if ys > 1e-10 then
            if #old_dirs == nCorrection then
               table.insert(state.dir_bufs, table.remove(old_dirs, 1))
               table.insert(state.stp_bufs, table.remove(old_stps, 1))
            end
            table.insert(old_dirs, s)
            table.insert(old_stps, y)
            Hdiag = ys / y:dot(y)
         else
            table.insert(state.dir_bufs, y)
            table.insert(state.stp_bufs, s)
         end
         d = two_loop(state, g, d, old_dirs, old_stps, Hdiag, nCorrection)
      end

      g_old = g_old or g:clone()
      g_old:copy(g)
      f_old = f

      local gtd = g:dot(d)
      if gtd > -tolX then break end

      if state.nIter == 1 then
         t = math.min(1, 1 / tmp1:copy(g):abs():sum()) * learningRate
      else
         t = learningRate
      end

      local lsEvals = 0
      if lineSearch and type(lineSearch) == 'function' then
         f, g, x, t, lsEvals = lineSearch(opfunc, x, t, d, f, g, gtd, lineSearchOpts)
         table.insert(f_hist, f)
      else
         x:add(t, d)
         if nIter ~= maxIter then
            f, g = opfunc(x)
            lsEvals = 1
            table.insert(f_hist, f)
         end
      end
      evals = evals + lsEvals
      state.funcEval = state.funcEval + lsEvals

      if nIter == maxIter then verbose('reached max number of iterations'); break end
      if evals >= maxEval then verbose('max nb of function evals'); break end
      if tmp1:copy(g):abs():sum() <= tolFun then verbose('optimality condition below tolFun'); break end
      if tmp1:copy(d):mul(t):abs():sum() <= tolX then verbose('step size below tolX'); break end
      if math.abs(f - f_old) < tolX then verbose('function value changing less than tolX'); break end
   end

   state.old_dirs, state.old_stps, state.Hdiag = old_dirs, old_stps, Hdiag
   state.g_old, state.f_old, state.t, state.d = g_old, f_old, t, d
   return x, f_hist, evals
end
