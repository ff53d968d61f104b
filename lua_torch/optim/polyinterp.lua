-- optim.polyinterp(points, xmin, xmax): minimiser of the polynomial interpolating points given as
-- rows {x, f(x), f'(x)}, within [xmin, xmax].  Two points and no bounds use the closed-form cubic;
-- otherwise the Hermite interpolant of order 2n-1 is solved for and its critical points examined.

-- Gaussian elimination with partial pivoting on a small dense system (Lua tables).
local function solve(A, b)
   local n = #b
   for c = 1, n do
      local p = c
      for r = c + 1, n do if math.abs(A[r][c]) > math.abs(A[p][c]) then p = r end end
      A[c], A[p] = A[p], A[c]
      b[c], b[p] = b[p], b[c]
      local piv = A[c][c]
      if piv ~= 0 then
         for r = c + 1, n do
            local f = A[r][c] / piv
            if f ~= 0 then
               for k = c, n do A[r][k] = A[r][k] - f * A[c][k] end
               b[r] = b[r] - f * b[c]
            end
         end
      end
   end
   local x = {}
   for r = n, 1, -1 do
      local s = b[r]
      for k = r + 1, n do s = s - A[r][k] * x[k] end
      x[r] = A[r][r] ~= 0 and s / A[r][r] or 0
   end
   return x
end

local function polyval(c, x)   -- c[1] is the highest-order coefficient
   local v = 0
   for i = 1, #c do v = v * x + c[i] end
   return v
end

-- Real roots of the polynomial with coefficients c (highest order first).
local function real_roots(c)
   local first = 1
   while first <= #c and math.abs(c[first]) < 1e-12 do first = first + 1 end
   local p = {}
   for i = first, #c do p[#p + 1] = c[i] end
   local n = #p - 1
   if n < 1 then return {} end
   if n == 1 then return {-p[2] / p[1]} end
   if n == 2 then
      local a, b, cc = p[1], p[2], p[3]
      local disc = b * b - 4 * a * cc
      if disc < 0 then return {} end
      local sq = math.sqrt(disc)
      return {(-b + sq) / (2 * a), (-b - sq) / (2 * a)}
   end
   -- Durand-Kerner for higher orders; keep the roots with negligible imaginary part
   local re, im = {}, {}
   for i = 1, n do
      local ang = 2 * math.pi * (i - 1) / n + 0.4
      re[i], im[i] = 0.9 * math.cos(ang), 0.9 * math.sin(ang)
   end
   for _ = 1, 500 do
      for i = 1, n do
         -- value of the monic polynomial at z_i
         local vr, vi = 1, 0
         for k = 2, n + 1 do
            vr, vi = vr * re[i] - vi * im[i] + p[k] / p[1], vr * im[i] + vi * re[i]
         end
         local dr, di = 1, 0
         for j = 1, n do
            if j ~= i then
               local ar, ai = re[i] - re[j], im[i] - im[j]
               dr, di = dr * ar - di * ai, dr * ai + di * ar
            end
         end
         local den = dr * dr + di * di
         if den > 0 then
            re[i] = re[i] - (vr * dr + vi * di) / den
            im[i] = im[i] - (vi * dr - vr * di) / den
         end
      end
   end
   local roots = {}
   for i = 1, n do
      if math.abs(im[i]) < 1e-8 * math.max(1, math.abs(re[i])) then roots[#roots + 1] = re[i] end
   end
   return roots
end

function optim.polyinterp(points, xminBound, xmaxBound)
   local n = points:size(1)
   local order = n * 2 - 1
   local X, F, G = {}, {}, {}
   for i = 1, n do X[i], F[i], G[i] = points[i][1], points[i][2], points[i][3] end

   if n == 2 and not xminBound and not xmaxBound then
      local lo = X[1] <= X[2] and 1 or 2
      local hi = 3 - lo
      local d1 = G[lo] + G[hi] - 3 * (F[lo] - F[hi]) / (X[lo] - X[hi])
      local d2 = math.sqrt(d1 ^ 2 - G[lo] * G[hi])
      if d2 == d2 then
         local t = X[hi] - (X[hi] - X[lo]) * ((G[hi] + d2 - d1) / (G[hi] - G[lo] + 2 * d2))
         return math.min(math.max(t, X[lo]), X[hi])
      end
      return (X[1] + X[2]) / 2
   end

   local xmin, xmax = math.min(unpack(X)), math.max(unpack(X))
   xminBound = xminBound or xmin
   xmaxBound = xmaxBound or xmax

   -- value and derivative constraints on the coefficients (highest order first)
   local A, b = {}, {}
   for i = 1, n do
      local row, drow = {}, {}
      for j = order, 0, -1 do row[#row + 1] = X[i] ^ j end
      for j = 1, order + 1 do
         local pw = order - j + 1
         drow[j] = pw > 0 and pw * X[i] ^ (pw - 1) or 0
      end
      A[i], b[i] = row, F[i]
      A[n + i], b[n + i] = drow, G[i]
   end
   local params = solve(A, b)
   for i = 1, #params do if math.abs(params[i]) <= 1e-12 then params[i] = 0 end end
   local dparams = {}
   for i = 1, #params - 1 do dparams[i] = params[i] * (order - i + 1) end

   local candidates = {xminBound, xmaxBound}
   for i = 1, n do candidates[#candidates + 1] = X[i] end
   local finite = true
   for _, v in ipairs(dparams) do if v ~= v or v == math.huge then finite = false end end
   if finite then
      for _, r in ipairs(real_roots(dparams)) do candidates[#candidates + 1] = r end
   end

   local fmin, minPos = math.huge, (xminBound + xmaxBound) / 2
   for _, c in ipairs(candidates) do
      if c >= xminBound and c <= xmaxBound then
         local fc = polyval(params, c)
         if fc < fmin then minPos, fmin = c, fc end
      end
   end
   return minPos, fmin
end
