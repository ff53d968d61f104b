-- optim.ConfusionMatrix: counts (target, prediction) pairs; rows are targets, columns predictions.
local ConfusionMatrix = torch.class('optim.ConfusionMatrix')

function ConfusionMatrix:__init(nclasses, classes)
   if type(nclasses) == 'table' then
      classes, nclasses = nclasses, #nclasses
   end
   self.mat = torch.LongTensor(nclasses, nclasses):zero()
   self.valids = torch.FloatTensor(nclasses):zero()
   self.unionvalids = torch.FloatTensor(nclasses):zero()
   self.nclasses = nclasses
   self.totalValid = 0
   self.averageValid = 0
   self.classes = classes or {}
   self._mat_flat = self.mat:view(-1)
   self._target = torch.FloatTensor()
   self._prediction = torch.FloatTensor()
   self._max = torch.FloatTensor()
   self._pred_idx = torch.LongTensor()
   self._targ_idx = torch.LongTensor()
end

-- index of the largest score of a 1-D tensor (the first on ties)
function ConfusionMatrix:_argmax(scores, buffer)
   buffer:resize(scores:size()):copy(scores)
   self._max:max(self._pred_idx, buffer, 1)
   return self._pred_idx[1]
end

function ConfusionMatrix:_add(p, t)
   assert(p and type(p) == 'number')
   assert(t and type(t) == 'number')
   if t > 0 then self.mat[t][p] = self.mat[t][p] + 1 end
end

function ConfusionMatrix:add(prediction, target)
   if type(prediction) == 'number' then return self:_add(prediction, target) end
   assert(prediction:dim() == 1)
   local p = self:_argmax(prediction, self._prediction)
   if type(target) ~= 'number' then
      assert(target:dim() == 1)
      target = self:_argmax(target, self._target)
   end
   self:_add(p, target)
end

-- class indices from a vector of indices, an n x 1 column, or n x k scores (argmax per row)
function ConfusionMatrix:_indices(values, buffer, idx, what)
   buffer:resize(values:size()):copy(values)
   if values:dim() == 1 then return buffer end
   if values:dim() ~= 2 then error(what .. " has invalid number of dimensions") end
   if values:size(2) == 1 then return buffer:select(2, 1) end
   self._max:max(idx, buffer, 2)
   return idx:select(2, 1)
end

function ConfusionMatrix:batchAdd(predictions, targets)
   local preds = self:_indices(predictions, self._prediction, self._pred_idx, 'predictions')
   local targs = self:_indices(targets, self._target, self._targ_idx, 'targets')
   local mask = targs:ge(1)
   targs, preds = targs[mask], preds[mask]
   if targs:nElement() == 0 then return end
   preds = preds:typeAs(targs)
   self._mat_flat = self._mat_flat or self.mat:view(-1)
   local flat = ((targs - 1) * self.mat:stride(1) + preds):typeAs(self.mat)
   self._mat_flat:indexAdd(1, flat, torch.ones(1):typeAs(self.mat):expand(flat:size(1)))
end

function ConfusionMatrix:zero()
   self.mat:zero()
   self.valids:zero()
   self.unionvalids:zero()
   self.totalValid = 0
   self.averageValid = 0
end

function ConfusionMatrix:updateValids()
   local mat = self.mat:double()
   local diag = torch.diag(mat)
   local rows, cols = mat:sum(2):view(-1), mat:sum(1):view(-1)
   self.valids:copy(torch.cdiv(diag, rows))
   self.unionvalids:copy(torch.cdiv(diag, rows + cols - diag))
   self.totalValid = diag:sum() / mat:sum()
   -- averages skip classes whose ratio is NaN (no samples)
   local sum, n, usum, un = 0, 0, 0, 0
   for t = 1, self.nclasses do
      local v, u = self.valids[t], self.unionvalids[t]
      if v == v then
         sum, n = sum + v, n + 1
         if u == u then usum, un = usum + u, un + 1 end
      end
   end
   self.averageValid = sum / n
   self.averageUnionValid = usum / un
end

-- false rejection and false acceptance rates per class (classes without samples get -1)
function ConfusionMatrix:farFrr()
   local mat = self.mat:double()
   local n = mat:size(1)
   local counts = mat:sum(2):view(-1)
   local classFrrs, classFars = torch.zeros(n):add(-1), torch.zeros(n):add(-1)
   local frrs, fars = {}, {}
   for i = 1, n do
      if counts[i] ~= 0 then
         local frr = 1 - mat[i][i] / counts[i]
         local num, den = 0, 0
         for j = 1, n do
            if j ~= i and counts[j] ~= 0 then
               num, den = num + mat[j][i] / counts[j], den + 1
            end
         end
         classFrrs[i], classFars[i] = frr, num / den
         frrs[#frrs + 1], fars[#fars + 1] = frr, num / den
      end
   end
   self._classFrrs, self._classFars = classFrrs, classFars
   return classFrrs, classFars, torch.Tensor(frrs), torch.Tensor(fars)
end

function ConfusionMatrix:__tostring__()
   self:updateValids()
   local out = {'ConfusionMatrix:\n', '['}
   local digits = math.max(8, 1 + math.ceil(math.log10(self.mat:max())))
   local named = self.classes and self.classes[1]
   for t = 1, self.nclasses do
      out[#out + 1] = t == 1 and '[' or ' ['
      for p = 1, self.nclasses do
         out[#out + 1] = string.format('%' .. digits .. 'd', self.mat[t][p])
      end
      local close = t == self.nclasses and ']]  ' or ']   '
      local pclass = string.format('%2.3f', self.valids[t] * 100)
      local label = named and (' \t[class: ' .. (self.classes[t] or '') .. ']') or ' '
      out[#out + 1] = close .. pclass .. '%' .. label .. '\n'
   end
   out[#out + 1] = ' + average row correct: ' .. (self.averageValid * 100) .. '% \n'
   out[#out + 1] = ' + average rowUcol correct (VOC measure): ' .. (self.averageUnionValid * 100) .. '% \n'
   out[#out + 1] = ' + global correct: ' .. (self.totalValid * 100) .. '%'
   return table.concat(out)
end

-- The row-normalised matrix as an image tensor (block x block cells, rows sorted by score or
-- by frequency).  Torch7 drew a legend with Qt; without a screen the tensor is what remains.
function ConfusionMatrix:render(sortmode, display, block)
   sortmode, block = sortmode or 'score', block or 25
   local n = self.nclasses
   local conf = self.mat:double()
   local freqs = conf:sum(2):view(-1)
   conf:cdiv(freqs:clone():clamp(1, math.huge):view(n, 1):expandAs(conf))
   local key
   if sortmode == 'score' then key = torch.diag(conf)
   elseif sortmode == 'occurrence' then key = freqs
   else error('sort mode must be one of: score | occurrence') end
   local _, order = torch.sort(key, 1, true)
   local sorted = conf:index(1, order):index(2, order)
   local img = torch.zeros(n * block, n * block)
   for i = 1, n do
      for j = 1, n do
         img[{{(i - 1) * block + 1, i * block}, {(j - 1) * block + 1, j * block}}] = sorted[i][j]
      end
      img[{{i * block}, {}}] = 0.1
      img[{{}, {i * block}}] = 0.1
   end
   if display then
      require 'image'
      image.display(img)
   end
   return img
end
