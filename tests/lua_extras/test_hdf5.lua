-- hdf5 package through h5py
local hdf5 = require 'hdf5'
local T = {}

function T.write_read_all_types()
   local p = os.tmpname() .. '.h5'
   local f = hdf5.open(p, 'w')
   local d = torch.randn(3, 4)
   local l = torch.LongTensor(5):random(-1000, 1000)
   local b = torch.ByteTensor(2, 2, 2):random(0, 255)
   f:write('/data/d', d)
   f:write('l', l)
   f:write('/b', b)
   f:write('/nc', d:t())              -- non-contiguous input
   f:close()
   f = hdf5.open(p, 'r')
   local d2 = f:read('/data/d'):all()
   tester:eq(torch.type(d2), 'torch.DoubleTensor')
   tester:eq(d2, d, 0)
   tester:eq(f:read('/l'):all(), l)
   tester:eq(f:read('/b'):all(), b)
   tester:eq(f:read('/nc'):all(), d:t():contiguous(), 0)
   f:close()
   os.remove(p)
end

function T.partial_is_one_based_inclusive()
   local p = os.tmpname() .. '.h5'
   local f = hdf5.open(p, 'w')
   local x = torch.range(1, 20):view(4, 5)
   f:write('/x', x)
   local part = f:read('/x'):partial({2, 3}, {1, 4})
   tester:eq(part, x:narrow(1, 2, 2):narrow(2, 1, 4), 0)
   f:close(); os.remove(p)
end

function T.errors_are_clear()
   local ok, err = pcall(hdf5.open, '/no/such/file.h5', 'r')
   tester:assert(not ok and err:find('file not found'), tostring(err))
   local p = os.tmpname(); local fh = io.open(p, 'w'); fh:write('junk'); fh:close()
   ok, err = pcall(hdf5.open, p, 'r')
   tester:assert(not ok and err:find('cannot open'), tostring(err))
   os.remove(p)
   p = os.tmpname() .. '.h5'
   local f = hdf5.open(p, 'w')
   ok, err = pcall(f.read, f, '/missing')
   tester:assert(not ok and err:find('no dataset'), tostring(err))
   f:close(); os.remove(p)
end

return T
