-- A small char-rnn in the classic Torch7 style: an nngraph LSTM cloned per time step with shared
-- weights, one flat parameter vector from getParameters, optim.rmsprop, checkpoints via torch.save.
--   luatorch run examples/char-rnn/train.lua -max_iters 200 -checkpoint cv/lm.t7
require 'nn'
require 'nngraph'
require 'optim'
local here = paths.dirname(paths.thisfile())
package.path = here .. '/?.lua;' .. package.path
require 'OneHot'
local LSTM = require 'LSTM'

local cmd = torch.CmdLine()
cmd:text('Train a character-level LSTM language model')
cmd:option('-data', paths.concat(here, 'input.txt'), 'training text')
cmd:option('-rnn_size', 64, 'LSTM state size')
cmd:option('-num_layers', 2, 'LSTM layers')
cmd:option('-seq_length', 16, 'characters to unroll over')
cmd:option('-batch_size', 8, 'sequences per batch')
cmd:option('-learning_rate', 2e-3, 'rmsprop learning rate')
cmd:option('-decay_rate', 0.95, 'rmsprop decay')
cmd:option('-grad_clip', 5, 'clip gradients at this value')
cmd:option('-max_iters', 300, 'training iterations')
cmd:option('-print_every', 50, 'print the loss every n iterations')
cmd:option('-seed', 123, 'random seed')
cmd:option('-checkpoint', '', 'where to save the model (empty: no checkpoint)')
local opt = cmd:parse(arg or {})
torch.manualSeed(opt.seed)

-- vocabulary and data as one long tensor of 1-based character ids
local f = assert(io.open(opt.data, 'r'))
local text = f:read('*a')
f:close()
local vocab, ivocab = {}, {}
for c in text:gmatch('.') do
   if not vocab[c] then ivocab[#ivocab + 1] = c; vocab[c] = #ivocab end
end
local data = torch.LongTensor(#text)
for i = 1, #text do data[i] = vocab[text:sub(i, i)] end
local V = #ivocab
print(string.format('%d characters, vocabulary of %d', #text, V))

local protos = {rnn = LSTM.lstm(V, opt.rnn_size, opt.num_layers), criterion = nn.ClassNLLCriterion()}
local params, grad_params = protos.rnn:getParameters()
params:uniform(-0.08, 0.08)
print('parameters: ' .. params:nElement())

local clones = {rnn = {}, criterion = {}}
for t = 1, opt.seq_length do
   clones.rnn[t] = protos.rnn:clone('weight', 'bias', 'gradWeight', 'gradBias')
   clones.criterion[t] = protos.criterion:clone()
end

local function zero_state()
   local s = {}
   for _ = 1, 2 * opt.num_layers do s[#s + 1] = torch.zeros(opt.batch_size, opt.rnn_size) end
   return s
end

local function batch()
   local x = torch.LongTensor(opt.batch_size, opt.seq_length)
   local y = torch.LongTensor(opt.batch_size, opt.seq_length)
   for b = 1, opt.batch_size do
      local start = torch.random(1, data:size(1) - opt.seq_length - 1)
      x[b]:copy(data:narrow(1, start, opt.seq_length))
      y[b]:copy(data:narrow(1, start + 1, opt.seq_length))
   end
   return x, y
end

local function feval(p)
   if p ~= params then params:copy(p) end
   grad_params:zero()
   local x, y = batch()
   local state = {[0] = zero_state()}
   local predictions, loss = {}, 0
   for t = 1, opt.seq_length do
      clones.rnn[t]:training()
      local out = clones.rnn[t]:forward({x:select(2, t), unpack(state[t - 1])})
      state[t] = {}
      for i = 1, 2 * opt.num_layers do state[t][i] = out[i] end
      predictions[t] = out[#out]
      loss = loss + clones.criterion[t]:forward(predictions[t], y:select(2, t))
   end
   loss = loss / opt.seq_length
   local dstate = {[opt.seq_length] = zero_state()}
   for t = opt.seq_length, 1, -1 do
      local dout = clones.criterion[t]:backward(predictions[t], y:select(2, t))
      local grads = {}
      for i = 1, 2 * opt.num_layers do grads[i] = dstate[t][i] end
      grads[#grads + 1] = dout
      local dinputs = clones.rnn[t]:backward({x:select(2, t), unpack(state[t - 1])}, grads)
      dstate[t - 1] = {}
      for i = 1, 2 * opt.num_layers do dstate[t - 1][i] = dinputs[i + 1] end
   end
   grad_params:div(opt.seq_length):clamp(-opt.grad_clip, opt.grad_clip)
   return loss, grad_params
end

local optim_state = {learningRate = opt.learning_rate, alpha = opt.decay_rate}
local first, last
for i = 1, opt.max_iters do
   local _, loss = optim.rmsprop(feval, params, optim_state)
   first = first or loss[1]
   last = loss[1]
   if i % opt.print_every == 0 or i == 1 then
      print(string.format('iteration %4d  loss %.4f', i, loss[1]))
   end
end
print(string.format('loss went from %.4f to %.4f', first, last))

if opt.checkpoint ~= '' then
   paths.mkdir(paths.dirname(opt.checkpoint))
   torch.save(opt.checkpoint, {protos = protos, opt = opt, vocab = vocab, ivocab = ivocab})
   print('saved ' .. opt.checkpoint)
end
