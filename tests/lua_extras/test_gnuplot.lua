-- gnuplot through matplotlib: figures land in the named file, or a PNG whose path is returned.
local T = {}

local function size(path)
   local f = io.open(path, 'rb')
   if not f then return 0 end
   local n = f:seek('end')
   f:close()
   return n
end

function T.plot_series_to_named_png()
   require 'gnuplot'
   local path = os.tmpname() .. '.png'
   gnuplot.pngfigure(path)
   local x = torch.range(1, 30)
   gnuplot.plot({'a', x, torch.sin(x), '-'}, {'b', x, torch.cos(x), '+'})
   gnuplot.xlabel('x'); gnuplot.ylabel('y'); gnuplot.title('two series'); gnuplot.grid(true)
   gnuplot.plotflush()
   gnuplot.close()
   tester:assert(size(path) > 1000, 'the PNG was not written')
   os.remove(path)
end

function T.hist_and_imagesc_without_a_file_name()
   require 'gnuplot'
   gnuplot.figure(7)
   local written = gnuplot.hist(torch.randn(500), 20)
   tester:assert(type(written) == 'string' and written:find('gnuplot_figure7%.png$') ~= nil, tostring(written))
   tester:assert(size(written) > 1000)
   gnuplot.imagesc(torch.rand(8, 8))
   gnuplot.close()
   os.remove(written)
end

function T.logger_plot_uses_gnuplot()
   require 'optim'
   local dir = os.tmpname()
   os.remove(dir)
   local logger = optim.Logger(dir .. '/train.log')
   logger:setNames{'loss'}
   for i = 1, 10 do logger:add{1 / i} end
   logger:style{'-'}
   local png = logger:plot()
   tester:assert(png and size(png) > 1000, 'Logger:plot wrote no PNG')
   os.execute('rm -rf "' .. dir .. '"')
end

return T
