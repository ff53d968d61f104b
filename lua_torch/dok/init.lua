-- dok: Torch7's documentation helper package. Legacy code uses only its argument-unpacking and usage
-- helpers (dok.unpack / dok.usage / dok.error), which are the same functions xlua exposes; the inline
-- help browser of the original is not provided.
require 'xlua'

dok = {}   -- a global, as in Torch7

dok.unpack = xlua.unpack
dok.usage = xlua.usage
dok.error = xlua.error

function dok.help(obj)
   print('dok: inline documentation is not available in luatorch; see the package docs')
end

return dok
