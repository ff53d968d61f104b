-- Loads images from a folder with `threads`, augments them with `image`, trains a small convnet
-- (a linear softmax model when nn is not available), and plots the loss curve with `gnuplot`.
--   python -m bridge.cli run examples/image_threads_train.lua [loss.png [epochs [folder]]]
-- Without a folder, a synthetic two-class set (horizontal vs vertical stripes) is written first.
require 'torch'
local image = require 'image'
local threads = require 'threads'
require 'gnuplot'

local outPng = arg and arg[1] or 'loss.png'
local epochs = tonumber(arg and arg[2]) or 5
local folder = arg and arg[3]
torch.manualSeed(1)

if not folder then
   folder = os.tmpname() .. '_imgs'
   os.execute('mkdir -p ' .. folder)
   for i = 1, 16 do
      local cls = (i % 2) + 1
      local img = torch.rand(3, 20, 20):mul(0.3)
      for k = 1, 20, 4 do
         if cls == 1 then img:narrow(2, k, 2):add(0.7) else img:narrow(3, k, 2):add(0.7) end
      end
      image.save(string.format('%s/c%d_%02d.png', folder, cls, i), img:clamp(0, 1))
   end
end

local files = {}
for f in io.popen('ls ' .. folder):lines() do
   if f:match('%.png$') or f:match('%.jpg$') then files[#files + 1] = f end
end
assert(#files > 0, 'no images in ' .. folder)

-- load + augment in two worker threads
local pool = threads.Threads(2, function() require 'image' end)
local X, Y = {}, {}
for _, f in ipairs(files) do
   local path, label = folder .. '/' .. f, tonumber(f:match('^c(%d)')) or 1
   pool:addjob(function()
      local image = require 'image'
      local img = image.scale(image.load(path, 3, 'float'), 18, 18)
      local flipped = image.hflip(image.vflip(img))   -- the stripe orientation survives both flips
      return image.crop(img, 'c', 16, 16), image.crop(flipped, 'c', 16, 16), label
   end, function(a, b, l)
      X[#X + 1] = a; Y[#Y + 1] = l
      X[#X + 1] = b; Y[#Y + 1] = l
   end)
end
pool:synchronize()
pool:terminate()
print(string.format('loaded %d images (with augmentation) from %s', #X, folder))

local inputs = torch.FloatTensor(#X, 3, 16, 16)
for i = 1, #X do inputs[i]:copy(X[i]) end
local labels = torch.LongTensor(Y)

local losses = {}
local okNN = pcall(require, 'nn')
local model, crit
if okNN then
   local ok, err = pcall(function()
      model = nn.Sequential()
         :add(nn.SpatialConvolution(3, 4, 3, 3)):add(nn.ReLU())
         :add(nn.View(4 * 14 * 14):setNumInputDims(3))
         :add(nn.Linear(4 * 14 * 14, 2)):add(nn.LogSoftMax())
      model:float()
      crit = nn.ClassNLLCriterion():float()
      model:forward(inputs:narrow(1, 1, 2))
   end)
   if not ok then print("nn model unavailable: " .. tostring(err):match("[^\n]*\n?[^\n]*\n?[^\n]*")); model = nil end
end

if model then
   print('model: small convnet (nn)')
   for e = 1, epochs do
      model:zeroGradParameters()
      local out = model:forward(inputs)
      local loss = crit:forward(out, labels)
      model:backward(inputs, crit:backward(out, labels))
      model:updateParameters(0.05)
      losses[#losses + 1] = loss
   end
else
   print('model: linear softmax regression (nn not available)')
   local D = 3 * 16 * 16
   local W = torch.FloatTensor(D, 2):zero()
   local x = inputs:view(#X, D)
   for e = 1, epochs do
      local s = x * W
      local m = s:max(2)
      local p = s:add(-1, m:expandAs(s)):exp()
      p:cdiv(p:sum(2):expandAs(p))
      local loss = 0
      for i = 1, #X do loss = loss - math.log(p[i][labels[i]]) ; p[i][labels[i]] = p[i][labels[i]] - 1 end
      losses[#losses + 1] = loss / #X
      W:add(-0.02 / #X, x:t() * p)
   end
end
print(string.format('loss: first %.4f, last %.4f', losses[1], losses[#losses]))

gnuplot.pngfigure(outPng)
gnuplot.plot('loss', torch.Tensor(losses), '-')
gnuplot.xlabel('epoch'); gnuplot.ylabel('loss'); gnuplot.title('training loss')
gnuplot.plotflush()
gnuplot.close()
print('loss curve written to ' .. outPng)
