-- gnuplot package rendered by matplotlib
require 'gnuplot'
local T = {}

local function isPNG(p)
   local f = io.open(p, 'rb'); if not f then return false end
   local h = f:read(8); f:close()
   return h == '\137PNG\r\n\26\n'
end

function T.pngfigure_plot_several_series()
   local p = os.tmpname() .. '.png'
   gnuplot.pngfigure(p)
   local x = torch.linspace(0, 3, 20)
   gnuplot.plot({'sin', x, torch.sin(x), '-'}, {'cos', x, torch.cos(x), '+'}, {'y', torch.rand(20), '~'})
   gnuplot.xlabel('x'); gnuplot.ylabel('y'); gnuplot.title('t'); gnuplot.grid(true)
   gnuplot.movelegend('left', 'top'); gnuplot.axis({0, 3, -1, 1})
   gnuplot.plotflush()
   gnuplot.close()
   tester:assert(isPNG(p), 'a PNG was written')
   os.remove(p)
end

function T.pdf_eps_imagesc_hist_splot()
   local p = os.tmpname() .. '.pdf'
   gnuplot.pdffigure(p); gnuplot.imagesc(torch.rand(5, 6), 'color'); gnuplot.close()
   local f = io.open(p, 'rb'); tester:eq(f:read(4), '%PDF'); f:close(); os.remove(p)
   local e = os.tmpname() .. '.eps'
   gnuplot.epsfigure(e); gnuplot.hist(torch.randn(100), 10); gnuplot.close()
   f = io.open(e, 'rb'); tester:eq(f:read(4), '%!PS'); f:close(); os.remove(e)
   local s = os.tmpname() .. '.png'
   gnuplot.pngfigure(s); gnuplot.splot(torch.rand(4, 5)); gnuplot.close()
   tester:assert(isPNG(s)); os.remove(s)
end

function T.raw_unknown_warns_and_bad_args_error()
   local p = os.tmpname() .. '.png'
   gnuplot.pngfigure(p)
   gnuplot.plot(torch.rand(5))
   gnuplot.raw('set nonsense 42')   -- ignored with a warning
   gnuplot.raw('set logscale y')
   gnuplot.close()
   tester:assert(isPNG(p)); os.remove(p)
   local ok, err = pcall(gnuplot.plot, torch.rand(2, 2))
   tester:assert(not ok and err:find('1D'), tostring(err))
end

function T.optim_logger_plot_writes_png()
   local ok = pcall(require, 'optim')
   if not ok then error('optim not loadable') end
   local base = os.tmpname()
   local logger = optim.Logger(base)
   logger:setNames{'loss'}
   for i = 1, 5 do logger:add{1 / i} end
   logger:style{'-'}
   logger:plot()
   tester:assert(isPNG(base .. '.png'), 'Logger wrote ' .. base .. '.png')
   os.remove(base); os.remove(base .. '.png')
end

return T
