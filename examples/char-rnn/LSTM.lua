-- One LSTM layer stack as an nngraph gModule, in the style of Karpathy's char-rnn:
-- inputs {x, prev_c[1], prev_h[1], ...}, outputs {next_c[1], next_h[1], ..., log-probabilities}.
local LSTM = {}

function LSTM.lstm(vocab_size, rnn_size, n, dropout)
   dropout = dropout or 0
   local inputs = {nn.Identity()()}
   for _ = 1, n do
      table.insert(inputs, nn.Identity()())   -- prev_c
      table.insert(inputs, nn.Identity()())   -- prev_h
   end
   local x, input_size
   local outputs = {}
   for L = 1, n do
      local prev_c, prev_h = inputs[L * 2], inputs[L * 2 + 1]
      if L == 1 then
         x = nn.OneHot(vocab_size)(inputs[1])
         input_size = vocab_size
      else
         x = outputs[(L - 1) * 2]
         if dropout > 0 then x = nn.Dropout(dropout)(x) end
         input_size = rnn_size
      end
      local i2h = nn.Linear(input_size, 4 * rnn_size)(x):annotate{name = 'i2h_' .. L}
      local h2h = nn.Linear(rnn_size, 4 * rnn_size)(prev_h):annotate{name = 'h2h_' .. L}
      local all = nn.CAddTable()({i2h, h2h})
      local reshaped = nn.Reshape(4, rnn_size)(all)
      local n1, n2, n3, n4 = nn.SplitTable(2)(reshaped):split(4)
      local in_gate, forget_gate, out_gate = nn.Sigmoid()(n1), nn.Sigmoid()(n2), nn.Sigmoid()(n3)
      local in_transform = nn.Tanh()(n4)
      local next_c = nn.CAddTable()({nn.CMulTable()({forget_gate, prev_c}), nn.CMulTable()({in_gate, in_transform})})
      local next_h = nn.CMulTable()({out_gate, nn.Tanh()(next_c)})
      table.insert(outputs, next_c)
      table.insert(outputs, next_h)
   end
   local top_h = outputs[#outputs]
   if dropout > 0 then top_h = nn.Dropout(dropout)(top_h) end
   local proj = nn.Linear(rnn_size, vocab_size)(top_h):annotate{name = 'decoder'}
   table.insert(outputs, nn.LogSoftMax()(proj))
   return nn.gModule(inputs, outputs)
end

return LSTM
