-- penlight: only the `path` module is provided.
return { path = require 'pl.path' }
