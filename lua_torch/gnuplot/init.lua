-- gnuplot: Torch7's plotting package, rendered by matplotlib's Agg backend (lua_torch/gnuplot/backend.py).
-- Series cross the bridge as the address of a contiguous double tensor (numpy copies them once).
require 'torch'
local ffi = require 'ffi'

local gnuplot = {}
local backend
local function B()
   if not backend then
      backend = python.eval('__import__("importlib").import_module("lua_torch.gnuplot.backend")')
   end
   return backend
end

local keep = {}   -- tensors whose memory Python reads during the current call
local function addr(t)
   local c = t:double():contiguous()
   keep[#keep + 1] = c
   return tonumber(ffi.cast('uintptr_t', c:data()))
end

local function newfig(id, path, kind)
   local fid, madeUp, where = B().figure(id, path, kind)
   if madeUp then print('gnuplot: no figure file named, drawing to ' .. where) end
   return fid
end

function gnuplot.figure(n) return newfig(n, nil, 'png') end
function gnuplot.pngfigure(fname) return newfig(nil, fname, 'png') end
function gnuplot.epsfigure(fname) return newfig(nil, fname, 'eps') end
function gnuplot.pdffigure(fname) return newfig(nil, fname, 'pdf') end
function gnuplot.svgfigure(fname) return newfig(nil, fname, 'svg') end

-- plot(y) | plot(x, y [, style]) | plot(name, y [, style]) | plot(name, x, y [, style]) | plot({...}, {...})
local function oneSeries(a)
   local name, x, y, style
   local i = 1
   if type(a[i]) == 'string' then name = a[i]; i = i + 1 end
   if torch.isTensor(a[i]) and torch.isTensor(a[i + 1]) then x, y = a[i], a[i + 1]; i = i + 2
   elseif torch.isTensor(a[i]) then y = a[i]; i = i + 1
   else error('gnuplot.plot: expected a tensor to plot', 3) end
   style = a[i]
   if style ~= nil and type(style) ~= 'string' then error('gnuplot.plot: style must be a string', 3) end
   if y:dim() ~= 1 then error('gnuplot.plot: series must be 1D tensors, got ' .. y:dim() .. 'D', 3) end
   if x and x:nElement() ~= y:nElement() then error('gnuplot.plot: x and y have different lengths', 3) end
   return { name or '', x and addr(x) or false, addr(y), y:nElement(), style or '-' }
end

function gnuplot.plot(...)
   local a = { ... }
   local series = {}
   if type(a[1]) == 'table' and not torch.isTensor(a[1]) then
      if type(a[1][1]) == 'table' then a = a[1] end
      for _, s in ipairs(a) do series[#series + 1] = oneSeries(s) end
   else
      series[1] = oneSeries(a)
   end
   B().plot(series)
   keep = {}
end

function gnuplot.imagesc(m, color)
   if not torch.isTensor(m) or m:dim() ~= 2 then error('gnuplot.imagesc: expected a 2D tensor', 2) end
   B().imagesc(addr(m), m:size(1), m:size(2), color ~= 'color')
   keep = {}
end

function gnuplot.hist(t, bins, lo, hi)
   B().hist(addr(t), t:nElement(), bins or 10, lo, hi)
   keep = {}
end

function gnuplot.splot(x, y, z)
   if z == nil then
      z = x
      local h, w = z:size(1), z:size(2)
      y = torch.range(1, h):view(h, 1):expand(h, w)
      x = torch.range(1, w):view(1, w):expand(h, w)
   end
   B().splot(addr(x), addr(y), addr(z), z:size(1), z:size(2))
   keep = {}
end

function gnuplot.xlabel(s) B().option('xlabel', s) end
function gnuplot.ylabel(s) B().option('ylabel', s) end
function gnuplot.title(s) B().option('title', s) end
function gnuplot.grid(on) B().option('grid', on == nil or on == true or on == 'on') end
function gnuplot.logscale(on) B().option('logscale', on == nil or on == true or on == 'on') end
function gnuplot.movelegend(h, v)
   local loc = ((v == 'top' and 'upper ') or (v == 'bottom' and 'lower ') or 'center ')
      .. ((h == 'left' and 'left') or (h == 'right' and 'right') or 'center')
   if loc == 'center center' then loc = 'center' end
   B().option('legend', loc)
end
function gnuplot.axis(a)
   if type(a) == 'string' then B().option('axis', a == 'auto' and 'auto' or a)
   else B().option('axis', a) end
end
function gnuplot.raw(cmd) B().raw(cmd) end
function gnuplot.plotflush() return B().flush() end
function gnuplot.close(n) return B().close(n) end
function gnuplot.closeall() B().closeall() end

_G.gnuplot = gnuplot
package.loaded['gnuplot'] = gnuplot
return gnuplot
