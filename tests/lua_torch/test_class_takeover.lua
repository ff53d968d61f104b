-- A script's own class may take a name luatorch's packages also define (Torch7's nn gained OneHot,
-- PixelShuffle, ... after scripts had their own); redefining a script's own class stays an error.
require 'nn'
local T = {}

function T.script_class_takes_a_library_name()
   local mine, parent = torch.class('nn.PixelShuffle', 'nn.Module')
   function mine:updateOutput(input) self.output = input * 2; return self.output end
   local m = nn.PixelShuffle()
   tester:eq(torch.typename(m), 'nn.PixelShuffle')
   tester:eq(m:forward(torch.ones(2)):totable(), { 2, 2 }, "the script's class is the one built")
   tester:assert(torch.isTypeOf(m, 'nn.Module'))
   local ok, err = pcall(torch.class, 'nn.PixelShuffle', 'nn.Module')
   tester:assert(not ok and err:find('already assigned a factory') ~= nil, 'a script class cannot be redefined')
   torch.class('TakeoverTestMine')
   ok, err = pcall(torch.class, 'TakeoverTestMine')
   tester:assert(not ok and err:find('already assigned a factory') ~= nil, tostring(err))
end

return T
