-- torch.metatype: cdata of an ffi type become torch objects of a named class
local ffi = require 'ffi'
local T = {}

pcall(ffi.cdef, 'typedef struct { double x, y; } test_point2d;')
local Point = {}
Point.__index = Point
Point.__version = 3
function Point.__factory() return ffi.new('test_point2d') end
function Point:norm() return math.sqrt(self.x * self.x + self.y * self.y) end
function Point:__write(f) f:writeDouble(self.x); f:writeDouble(self.y) end
function Point:__read(f, version)
   assert(version == 3, 'version passed to read')
   self.x = f:readDouble(); self.y = f:readDouble()
end
ffi.metatype('test_point2d', Point)
torch.metatype('test.Point2d', Point, 'test_point2d')

function T.typename_version_factory()
   local p = ffi.new('test_point2d', 3, 4)
   tester:eq(torch.typename(p), 'test.Point2d')
   tester:eq(torch.type(p), 'test.Point2d')
   tester:eq(torch.version(p), 3)
   tester:eq(p:norm(), 5)
   tester:assert(rawequal(torch.getmetatable('test.Point2d'), Point))
   tester:assert(torch.factory('test.Point2d') ~= nil)
   tester:eq(torch.typename(ffi.new('int[1]')), nil, 'other cdata are not torch objects')
end

function T.serialization_uses_the_class_read_write()
   local p = ffi.new('test_point2d', 1.5, -2)
   local f = torch.MemoryFile(); f:binary()
   f:writeObject({ p, p })
   f:seek(1)
   local back = f:readObject()
   f:close()
   tester:eq(torch.type(back[1]), 'test.Point2d')
   tester:eq(back[1].x, 1.5); tester:eq(back[1].y, -2)
   tester:assert(rawequal(back[1], back[2]), 'references preserved')
end

function T.bad_arguments()
   local ok, err = pcall(torch.metatype, 'x.Y', Point, 'no_such_ctype_here')
   tester:assert(not ok and err:find('unknown ffi type'), tostring(err))
   ok, err = pcall(torch.metatype, 42, Point)
   tester:assert(not ok and err:find('class name'), tostring(err))
end

return T
