-- nn.Container: a module made of child modules (self.modules), recursing the Module API.
local Container, parent = torch.class('nn.Container', 'nn.Module')

function Container:__init(...)
   parent.__init(self, ...)
   self.modules = {}
end

function Container:add(module)
   table.insert(self.modules, module)
   return self
end

function Container:get(index) return self.modules[index] end
function Container:size() return #self.modules end

local MARK = "WARNING: If you see a stack trace below, it doesn't point to the place where this error occurred. Please use only the one above."

-- Calls module[funcName](module, ...) and prefixes any error with the child's position, the way
-- Torch7 reports "In 2 module of nn.Sequential:".
function Container:rethrowErrors(module, moduleIndex, funcName, ...)
   assert(module == self.modules[moduleIndex], "mismatch between moduleIndex and self.modules in rethrowErrors")
   local args, n = {...}, select('#', ...)
   local function handler(err)
      err = tostring(err)
      if not err:find(MARK, 1, true) then
         err = err .. '\n' .. debug.traceback() .. '\n\n' .. MARK
      else
         err = err:sub((err:find('\n') or 0) + 1)
      end
      return '\n' .. string.format('In %d module of %s:', moduleIndex, torch.type(self)) .. '\n' .. err
   end
   local ok, ret = xpcall(function() return module[funcName](module, unpack(args, 1, n)) end, handler)
   if not ok then error(ret) end
   return ret
end

function Container:applyToModules(fn)
   for _, m in ipairs(self.modules) do fn(m) end
end

function Container:zeroGradParameters() self:applyToModules(function(m) m:zeroGradParameters() end) end
function Container:updateParameters(lr) self:applyToModules(function(m) m:updateParameters(lr) end) end

function Container:training()
   self:applyToModules(function(m) m:training() end)
   parent.training(self)
end

function Container:evaluate()
   self:applyToModules(function(m) m:evaluate() end)
   parent.evaluate(self)
end

function Container:share(other, ...)
   for i = 1, #self.modules do self.modules[i]:share(other.modules[i], ...) end
   return self
end

function Container:reset(stdv)
   self:applyToModules(function(m) m:reset(stdv) end)
end

function Container:parameters()
   local params, grads = {}, {}
   for _, m in ipairs(self.modules) do
      local p, g = m:parameters()
      if p then
         for i = 1, #p do
            params[#params + 1], grads[#grads + 1] = p[i], g[i]
         end
      end
   end
   return params, grads
end

function Container:clearState()
   -- children first; then this module's own buffers
   if self.modules then self:applyToModules(function(m) m:clearState() end) end
   return parent.clearState(self)
end

-- Shared __tostring__ for the branching containers (Concat, ConcatTable, ...).
function Container:_branchesToString()
   local tab, line = '  ', '\n'
   local s = torch.type(self) .. ' {' .. line .. tab .. 'input'
   for i, m in ipairs(self.modules) do
      local last = i == #self.modules
      local lead = last and '   `-> ' or '  |`-> '
      local ext = last and '       ' or '  |    '
      s = s .. line .. tab .. lead .. '(' .. i .. '): ' .. tostring(m):gsub(line, line .. tab .. ext)
   end
   return s .. line .. tab .. '   ... -> output' .. line .. '}'
end
