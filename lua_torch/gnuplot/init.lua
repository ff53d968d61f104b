-- gnuplot: Torch7's plotting package, drawn by matplotlib through the bridge (bridge/plot.py).
-- Without a screen every figure goes to a file: the one named by pngfigure/epsfigure/pdffigure,
-- or gnuplot_figure<n>.png in the working folder (its path is printed).
require 'torch'
local py = require 'torch._python'

gnuplot = gnuplot or {}
local function call(fn, ...) return py.call('bridge.plot', fn, ...) end

function gnuplot.figure(n) return call('figure', n) end
function gnuplot.pngfigure(path) return call('figure', nil, path) end
gnuplot.epsfigure = gnuplot.pngfigure
gnuplot.pdffigure = gnuplot.pngfigure
gnuplot.svgfigure = gnuplot.pngfigure

-- one series from Torch7's forms: y | x, y | x, y, style | {name, y} | {name, x, y[, style]}
local function series(a, b, c)
   if torch.isTensor(a) and torch.isTensor(b) then return {'', a, b, c or '-'} end
   if torch.isTensor(a) then return {'', nil, a, type(b) == 'string' and b or '-'} end
   if type(a) == 'table' then
      local s = {}
      for i = 1, 4 do s[i] = a[i] end
      if type(s[1]) ~= 'string' then s = {'', s[1], s[2], s[3]} end
      if not torch.isTensor(s[3]) then s = {s[1], nil, s[2], s[3]} end
      s[4] = s[4] or '-'
      return s
   end
   error('gnuplot.plot: expected tensors or {name, x, y, style} tables')
end

-- plot(y), plot(x, y[, style]), plot({name, x, y, style}, ...), or plot({series1, series2, ...})
function gnuplot.plot(...)
   local a = ...
   local list = {}
   if type(a) == 'table' and not torch.isTensor(a) then
      local all = {...}
      if type(a[1]) == 'table' and not torch.isTensor(a[1]) then all = a end
      for i, s in ipairs(all) do list[i] = series(s) end
   else
      list[1] = series(...)
   end
   return call('plot', list)
end

function gnuplot.hist(t, bins, lo, hi) return call('hist', t, bins, lo, hi) end
function gnuplot.imagesc(t, colormap) return call('imagesc', t, colormap) end
function gnuplot.splot(z) return call('splot', type(z) == 'table' and z[#z] or z) end
for _, name in ipairs({'title', 'xlabel', 'ylabel', 'grid', 'logscale', 'movelegend'}) do
   gnuplot[name] = function(...) return call('setting', name, ...) end
end
function gnuplot.axis(a) if type(a) == 'table' then return call('setting', 'axis', unpack(a)) end return call('setting', 'axis', a) end
function gnuplot.plotflush() return true end
function gnuplot.close(n) return call('close', n) end
function gnuplot.closeall() while call('close') and false do end end
function gnuplot.raw(cmd) io.stderr:write('gnuplot.raw is not supported here (ignored): ' .. tostring(cmd) .. '\n') end

return gnuplot
