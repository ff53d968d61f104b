-- A classic Torch7 training script: options from the command line, an nn model trained with
-- optim on a small synthetic two-spirals problem, progress printed, the model saved with torch.save.
--   luatorch run examples/train_mlp.lua -epochs 30 -lr 0.1 -save /tmp/mlp.t7
require 'nn'
require 'optim'

local cmd = torch.CmdLine()
cmd:text('Train a small MLP on two interleaved spirals')
cmd:option('-n', 400, 'number of training points')
cmd:option('-hidden', 32, 'hidden units')
cmd:option('-epochs', 60, 'passes over the data')
cmd:option('-batch', 40, 'minibatch size')
cmd:option('-lr', 0.3, 'learning rate')
cmd:option('-momentum', 0.9, 'momentum')
cmd:option('-seed', 1, 'random seed')
cmd:option('-save', '', 'where to save the trained model (empty: do not save)')
local opt = cmd:parse(arg or {})
torch.manualSeed(opt.seed)

-- two spirals, labels 1 and 2
local t = torch.linspace(0.5, 2 * math.pi, opt.n / 2)
local X = torch.Tensor(opt.n, 2)
local Y = torch.LongTensor(opt.n)
for c = 1, 2 do
   local sign = c == 1 and 1 or -1
   local rows = X:narrow(1, (c - 1) * opt.n / 2 + 1, opt.n / 2)
   rows:select(2, 1):copy(torch.cmul(t, torch.cos(t)):mul(sign))
   rows:select(2, 2):copy(torch.cmul(t, torch.sin(t)):mul(sign))
   Y:narrow(1, (c - 1) * opt.n / 2 + 1, opt.n / 2):fill(c)
end
X:add(torch.randn(X:size()):mul(0.1)):div(2 * math.pi)

local model = nn.Sequential()
model:add(nn.Linear(2, opt.hidden)):add(nn.Tanh())
model:add(nn.Linear(opt.hidden, opt.hidden)):add(nn.Tanh())
model:add(nn.Linear(opt.hidden, 2)):add(nn.LogSoftMax())
local criterion = nn.ClassNLLCriterion()
print(model)

local params, grads = model:getParameters()
local config = {learningRate = opt.lr, momentum = opt.momentum}
local confusion = optim.ConfusionMatrix({'spiral A', 'spiral B'})

for epoch = 1, opt.epochs do
   local perm = torch.randperm(opt.n):long()
   local total = 0
   confusion:zero()
   for i = 1, opt.n, opt.batch do
      local idx = perm:narrow(1, i, math.min(opt.batch, opt.n - i + 1))
      local inputs, targets = X:index(1, idx), Y:index(1, idx)
      local function feval()
         grads:zero()
         local out = model:forward(inputs)
         local loss = criterion:forward(out, targets)
         model:backward(inputs, criterion:backward(out, targets))
         confusion:batchAdd(out, targets)
         return loss, grads
      end
      local _, fs = optim.sgd(feval, params, config)
      total = total + fs[1] * idx:size(1)
   end
   confusion:updateValids()
   if epoch % 5 == 0 or epoch == 1 then
      print(string.format('epoch %3d  loss %.4f  accuracy %.1f%%', epoch, total / opt.n, confusion.totalValid * 100))
   end
end

if opt.save ~= '' then
   torch.save(opt.save, model:clearState())
   print('saved the model to ' .. opt.save)
end
