-- optim.Logger: a tab-separated log of named series, plotted through gnuplot (rendered by
-- matplotlib to a file here).
require 'xlua'
local Logger = torch.class('optim.Logger')

function Logger:__init(filename, timestamp)
   if filename then
      self.name = filename
      paths.mkdir(paths.dirname(filename))
      if timestamp then filename = filename .. '-' .. os.date("%Y_%m_%d_%X") end
      self.file = assert(io.open(filename, 'w'))
      self.epsfile = self.name .. '.eps'
   else
      self.file = io.stdout
      self.name = 'stdout'
      print('<Logger> warning: no path provided, logging to std out')
   end
   self.empty = true
   self.symbols, self.styles, self.names, self.idx = {}, {}, {}, {}
   self.figure = nil
   self.showPlot = true
   self.plotRawCmd = nil
   self.defaultStyle = '+'
   self.logscale = false
end

-- declares the series (in order) and writes the header line
function Logger:_header(keys)
   for k, key in pairs(keys) do
      self.file:write(key .. '\t')
      self.symbols[k] = {}
      self.styles[k] = {self.defaultStyle}
   end
   self.file:write('\n')
end

function Logger:setNames(names)
   self.names = names
   self.empty = false
   self.nsymbols = #names
   self:_header(names)
   for k, key in pairs(names) do self.idx[key] = k end
   self.file:flush()
   return self
end

function Logger:add(symbols)
   if self.empty then
      self.empty = false
      self.nsymbols = #symbols
      local keys = {}
      for k in pairs(symbols) do keys[k] = k; self.names[k] = k end
      self:_header(keys)
      self.idx = self.names
   end
   for _, val in pairs(symbols) do
      if type(val) == 'number' then
         self.file:write(string.format('%11.4e', val) .. '\t')
      elseif type(val) == 'string' then
         self.file:write(val .. '\t')
      else
         xlua.error('can only log numbers and strings', 'Logger')
      end
   end
   self.file:write('\n')
   self.file:flush()
   for k, val in pairs(symbols) do table.insert(self.symbols[k], val) end
end

function Logger:style(symbols)
   for name, style in pairs(symbols) do
      if type(style) == 'string' then self.styles[name] = {style}
      elseif type(style) == 'table' then self.styles[name] = style
      else xlua.error('style should be a string or a table of strings', 'Logger') end
   end
   return self
end

function Logger:setlogscale(state) self.logscale = state end
function Logger:display(state) self.showPlot = state end

function Logger:plot(...)
   local ok = pcall(require, 'gnuplot')
   if not ok then
      if not self.warned then
         print('<Logger> warning: cannot plot with this version of Torch')
         self.warned = true
      end
      return
   end
   local plots = {}
   local function add_series(name, list)
      if list and #list > 1 then
         local y = torch.Tensor(list)
         for _, style in ipairs(self.styles[name]) do
            plots[#plots + 1] = {tostring(self.names[name]), y, style}
         end
      end
   end
   local wanted = {...}
   if #wanted == 0 then
      for name, list in pairs(self.symbols) do add_series(name, list) end
   else
      for _, name in ipairs(wanted) do add_series(self.idx[name], self.symbols[self.idx[name]]) end
   end
   if #plots == 0 then return end
   local file = self.name ~= 'stdout' and (self.name .. '.png') or nil
   if file then gnuplot.pngfigure(file) else self.figure = gnuplot.figure(self.figure) end
   if self.logscale then gnuplot.logscale('on') end
   gnuplot.plot(plots)
   if self.plotRawCmd then gnuplot.raw(self.plotRawCmd) end
   gnuplot.grid('on')
   gnuplot.title('<Logger::' .. self.name .. '>')
   gnuplot.plotflush()
   if file then gnuplot.close() end
   return file
end
