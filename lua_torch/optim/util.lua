-- Pieces every first-order method shares: defaults, weight decay, lazily created state buffers.
optim = optim or {}
local util = {}
optim._util = util

-- config/state convention: state defaults to config so one table carries both (scripts save it).
function util.tables(config, state)
   config = config or {}
   return config, state or config
end

-- L2 weight decay as Torch7 applies it: in place on the gradient returned by opfunc.
function util.decay(dfdx, x, wd)
   if wd ~= 0 then dfdx:add(wd, x) end
end

-- state[name], created on first use as a zero tensor shaped like `like`, of x's type.
function util.zeros(state, name, x, like)
   local t = state[name]
   if not t then
      t = x.new(like:size()):zero()
      state[name] = t
   end
   return t
end

-- learning rate after decay: lr / (1 + t * decay), t counted before this step
function util.decayed(lr, decay, t)
   return lr / (1 + t * decay)
end

return util
