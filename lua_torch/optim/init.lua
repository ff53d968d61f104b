-- optim: Torch7's optimisation package.  Every algorithm follows the same contract:
--   x, fs[, extra] = optim.<name>(opfunc, x, config[, state])
-- opfunc(x) returns f(x) and df/dx; x is updated in place; `state` defaults to `config`.
require 'torch'

optim = optim or {}

local files = {
   'util', 'sgd', 'adam', 'adagrad', 'adadelta', 'rmsprop', 'adamax', 'nag', 'asgd', 'rprop',
   'polyinterp', 'lswolfe', 'lbfgs', 'cg', 'checkgrad', 'fista', 'cmaes', 'de',
   'ConfusionMatrix', 'Logger',
}
for _, name in ipairs(files) do
   require('optim.' .. name)
end

return optim
