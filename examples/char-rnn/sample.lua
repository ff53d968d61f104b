-- Samples text from a checkpoint written by train.lua.
--   luatorch run examples/char-rnn/sample.lua cv/lm.t7 -length 200
require 'nn'
require 'nngraph'
local here = paths.dirname(paths.thisfile())
package.path = here .. '/?.lua;' .. package.path
require 'OneHot'

local cmd = torch.CmdLine()
cmd:argument('-model', 'checkpoint to sample from')
cmd:option('-length', 200, 'characters to generate')
cmd:option('-primetext', 'The ', 'text to start from')
cmd:option('-temperature', 0.8, 'sampling temperature')
cmd:option('-seed', 123, 'random seed')
local opt = cmd:parse(arg or {})
torch.manualSeed(opt.seed)

local checkpoint = torch.load(opt.model)
local rnn, vocab, ivocab = checkpoint.protos.rnn, checkpoint.vocab, checkpoint.ivocab
local o = checkpoint.opt
rnn:evaluate()
local state = {}
for _ = 1, 2 * o.num_layers do state[#state + 1] = torch.zeros(1, o.rnn_size) end

local out_text = {}
local prediction
local function step(id)
   local out = rnn:forward({torch.LongTensor{id}, unpack(state)})
   for i = 1, 2 * o.num_layers do state[i] = out[i]:clone() end
   prediction = out[#out]
end
for c in opt.primetext:gmatch('.') do
   if vocab[c] then step(vocab[c]); out_text[#out_text + 1] = c end
end
for _ = 1, opt.length do
   local probs = prediction:clone():div(opt.temperature):exp():view(-1)
   probs:div(probs:sum())
   local id = torch.multinomial(probs, 1)[1]
   out_text[#out_text + 1] = ivocab[id]
   step(id)
end
print(table.concat(out_text))
