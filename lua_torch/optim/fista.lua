-- FISTA with backtracking (Beck & Teboulle) for min f(x) + g(x), f smooth, g with proximal
-- operator pl(x, L) applied in place.  f(x, 'dx') returns f and its gradient.
function optim.FistaLS(f, g, pl, xinit, params)
   params = params or {}
   local L = params.L or 0.1
   local Lstep = params.Lstep or 1.5
   local maxiter = params.maxiter or 50
   local maxline = params.maxline or 20
   local errthres = params.errthres or 1e-4
   local doFistaUpdate = params.doFistaUpdate
   local verbose = params.verbose
   params.xkm = params.xkm or torch.Tensor()
   params.y = params.y or torch.Tensor()
   params.ply = params.ply or torch.Tensor()
   local xkm, y, ply = params.xkm, params.y, params.ply
   local xk = xinit
   xkm:resizeAs(xk):zero()
   ply:resizeAs(xk):zero()
   y:resizeAs(xk):zero()

   local history = {}
   local tk, tkp = 1, 0
   local fval = math.huge
   for niter = 1, maxiter do
      local fy, gfy = f(y, 'dx')
      local Q, nline, fply = 0, 0, 0
      -- backtrack on L until the quadratic model bounds f at the proximal point
      while true do
         ply:copy(y):add(-1 / L, gfy)
         pl(ply, L)
         xk:copy(ply)
         fply = f(ply)
         ply:add(-1, y)
         local Q2, Q3 = gfy:dot(ply), L / 2 * ply:dot(ply)
         Q = fy + Q2 + Q3
         if verbose then
            print(string.format('nline=%d L=%g fply=%g Q=%g fy=%g Q2=%g Q3=%g', nline, L, fply, Q, fy, Q2, Q3))
         end
         nline = nline + 1
         if fply <= Q then break end
         if nline > maxline then xk:copy(xkm); break end
         L = L * Lstep
      end
      if doFistaUpdate then
         tkp = (1 + math.sqrt(1 + 4 * tk * tk)) / 2
         xkm:add(-1, xk)
         y:copy(xk):add((1 - tk) / tkp, xkm)
         xkm:copy(xk)
      else
         y:copy(xk)
      end
      tk = tkp
      fply = f(y)
      local gply = g(y)
      if verbose then print(string.format('iter=%d eold=%g enew=%g', niter, fval, fply + gply)) end
      fval = fply + gply
      history[niter] = {nline = nline, L = L, F = fval, Fply = fply, Gply = gply, Q = Q}
      if verbose then history[niter].xk, history[niter].y = xk:clone(), y:clone() end
      params.L = L
      if niter > 1 and math.abs(history[niter].F - history[niter - 1].F) <= errthres then break end
   end
   xinit:copy(y)
   return y, history
end
