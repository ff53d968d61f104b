-- Nonlinear conjugate gradient (Polak-Ribiere directions) with Rasmussen's line search
-- (cubic/quadratic extrapolation and interpolation under the Wolfe-Powell conditions).
-- Returns x, the accepted function values, and the number of evaluations.
local util = optim._util

function optim.cg(opfunc, x, config, state)
   config, state = util.tables(config, state)
   local rho, sig = config.rho or 0.01, config.sig or 0.5
   local int, ext = config.int or 0.1, config.ext or 3.0
   local maxIter = config.maxIter or 20
   local ratio = config.ratio or 100
   local maxEval = config.maxEval or maxIter * 1.25
   local red = 1

   local buf = {}
   for _, name in ipairs{'df0', 'df1', 'df2', 'df3', 's', 'x0'} do
      buf[name] = (state[name] or x.new()):resizeAs(x)
   end
   local df0, df1, df2, s, x0 = buf.df0, buf.df1, buf.df2, buf.s, buf.x0

   local evals, ls_failed = 0, 0
   local history = {}
   local f0, f1, f2, f3, d1, d2, d3, z1, z2, z3
   local tdf

   local function eval_into(dst)
      local f, g = opfunc(x)
      dst:copy(g)
      evals = evals + 1
      return f
   end

   f1 = eval_into(df1)
   history[#history + 1] = f1
   s:copy(df1):mul(-1)
   d1 = -s:dot(s)
   z1 = red / (1 - d1)

   while evals < math.abs(maxEval) do
      x0:copy(x); f0 = f1; df0:copy(df1)
      x:add(z1, s)
      f2 = eval_into(df2)
      d2 = df2:dot(s)
      f3, d3, z3 = f1, d1, -z1
      local m = math.min(maxIter, maxEval - evals)
      local success, limit = false, -1
      while true do
         while (f2 > f1 + z1 * rho * d1 or d2 > -sig * d1) and m > 0 do
            limit = z1
            if f2 > f1 then
               z2 = z3 - (0.5 * d3 * z3 * z3) / (d3 * z3 + f2 - f3)
            else
               local A = 6 * (f2 - f3) / z3 + 3 * (d2 + d3)
               local B = 3 * (f3 - f2) - z3 * (d3 + 2 * d2)
               z2 = (math.sqrt(B * B - A * d2 * z3 * z3) - B) / A
            end
            if z2 ~= z2 or z2 == math.huge or z2 == -math.huge then z2 = z3 / 2 end
            z2 = math.max(math.min(z2, int * z3), (1 - int) * z3)
            z1 = z1 + z2
            x:add(z2, s)
            f2 = eval_into(df2)
            m = m - 1
            d2 = df2:dot(s)
            z3 = z3 - z2
         end
         if f2 > f1 + z1 * rho * d1 or d2 > -sig * d1 then
            break
         elseif d2 > sig * d1 then
            success = true
            break
         elseif m == 0 then
            break
         end
         local A = 6 * (f2 - f3) / z3 + 3 * (d2 + d3)
         local B = 3 * (f3 - f2) - z3 * (d3 + 2 * d2)
         z2 = -d2 * z3 * z3 / (B + math.sqrt(B * B - A * d2 * z3 * z3))
         if z2 ~= z2 or z2 == math.huge or z2 == -math.huge or z2 < 0 then
            z2 = limit < -0.5 and z1 * (ext - 1) or (limit - z1) / 2
         elseif limit > -0.5 and z2 + z1 > limit then
            z2 = (limit - z1) / 2
         elseif limit < -0.5 and z2 + z1 > z1 * ext then
            z2 = z1 * (ext - 1)
         elseif z2 < -z3 * int then
            z2 = -z3 * int
         elseif limit > -0.5 and z2 < (limit - z1) * (1 - int) then
            z2 = (limit - z1) * (1 - int)
         end
         f3, d3, z3 = f2, d2, -z2
         z1 = z1 + z2
         x:add(z2, s)
         f2 = eval_into(df2)
         m = m - 1
         d2 = df2:dot(s)
      end

      if success then
         f1 = f2
         history[#history + 1] = f1
         local beta = (df2:dot(df2) - df2:dot(df1)) / df1:dot(df1)
         s:mul(beta):add(-1, df2)
         local tmp = df1:clone(); df1:copy(df2); df2:copy(tmp)
         d2 = df1:dot(s)
         if d2 > 0 then
            s:copy(df1):mul(-1)
            d2 = -s:dot(s)
         end
         z1 = z1 * math.min(ratio, d1 / (d2 - 1e-320))
         d1 = d2
         ls_failed = 0
      else
         x:copy(x0); f1 = f0; df1:copy(df0)
         -- Torch7 tests the failure counter for truth, and 0 is true in Lua: the first failed
         -- line search ends the run.  Kept for identical trajectories.
         if ls_failed or evals > maxEval then break end
         local tmp = df1:clone(); df1:copy(df2); df2:copy(tmp)
         s:copy(df1):mul(-1)
         d1 = -s:dot(s)
         z1 = 1 / (1 - d1)
         ls_failed = 1
      end
   end
   for name, t in pairs(buf) do state[name] = t end
   return x, history, evals
end
