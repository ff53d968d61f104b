-- tostring in Torch7's format (inventory §1.18)
local T = {}

function T.vector_formats()
   tester:eq(tostring(torch.Tensor({ 1, 2, 3 })), ' 1\n 2\n 3\n[torch.DoubleTensor of size 3]\n')
   tester:eq(tostring(torch.Tensor({ 0.001, 0.0025 })), '0.001 *\n 1.0000\n 2.5000\n[torch.DoubleTensor of size 2]\n')
   tester:eq(tostring(torch.Tensor({ 1.5, 2e6 })), ' 1.5000e+00\n 2.0000e+06\n[torch.DoubleTensor of size 2]\n')
   tester:eq(tostring(torch.Tensor({ 123456, 2 })), ' 123456\n      2\n[torch.DoubleTensor of size 2]\n')
   tester:eq(tostring(torch.FloatTensor({ 1.5, -2.25 })), ' 1.5000\n-2.2500\n[torch.FloatTensor of size 2]\n')
   tester:eq(tostring(torch.Tensor({ 12.5 })), ' 12.5000\n[torch.DoubleTensor of size 1]\n')
   tester:eq(tostring(torch.Tensor({ 1e10, 2 })), ' 1.0000e+10\n 2.0000e+00\n[torch.DoubleTensor of size 2]\n')
   tester:eq(tostring(torch.Tensor({ 0 })), ' 0\n[torch.DoubleTensor of size 1]\n')
   tester:eq(tostring(torch.Tensor()), '[torch.DoubleTensor with no dimension]\n')
   tester:eq(tostring(torch.LongTensor({ -5, 20 })), ' -5\n 20\n[torch.LongTensor of size 2]\n')
end

function T.matrix_format()
   tester:eq(tostring(torch.Tensor({ { 1, 2, 3 }, { 4, 5, 6 } })),
             ' 1  2  3\n 4  5  6\n[torch.DoubleTensor of size 2x3]\n')
   tester:eq(tostring(torch.Tensor({ { 0.5, 1 }, { -1, 2 } })),
             ' 0.5000  1.0000\n-1.0000  2.0000\n[torch.DoubleTensor of size 2x2]\n')
   tester:eq(tostring(torch.Tensor({ { 0.001, 0.002 } })), '0.001 *\n  1.0000  2.0000\n[torch.DoubleTensor of size 1x2]\n',
             'a scaled matrix indents its rows by one space after the scale line')
   -- wide matrices wrap into column blocks that fit 80 characters
   local w = torch.range(1, 30):view(1, 30)
   local s = tostring(w)
   tester:assert(s:find('Columns 1 to 20\n', 1, true) ~= nil, 'first block')
   tester:assert(s:find('\nColumns 21 to 30\n', 1, true) ~= nil, 'second block')
   for line in s:gmatch('[^\n]+') do tester:assertle(#line, 80) end
end

function T.higher_dims()
   local x = torch.range(1, 8):view(2, 2, 2)
   tester:eq(tostring(x), '(1,.,.) = \n  1  2\n  3  4\n\n(2,.,.) = \n  5  6\n  7  8\n[torch.DoubleTensor of size 2x2x2]\n')
   local y = torch.zeros(2, 2, 1, 1)
   local s = tostring(y)
   tester:assert(s:find('(1,1,.,.) = ', 1, true) and s:find('(2,1,.,.) = ', 1, true) and
                 s:find('(1,2,.,.) = ', 1, true) ~= nil, 'headers for 4-D')
   local i1, i2 = s:find('(2,1,.,.) = ', 1, true), s:find('(1,2,.,.) = ', 1, true)
   tester:assert(i1 < i2, 'the first index varies fastest')
end

function T.storage_format()
   tester:eq(tostring(torch.LongStorage({ 2, 3 })), ' 2\n 3\n[torch.LongStorage of size 2]\n')
   tester:eq(tostring(torch.DoubleStorage({ 0.5 })), ' 0.5000\n[torch.DoubleStorage of size 1]\n')
   tester:eq(tostring(#torch.Tensor(4, 5)), ' 4\n 5\n[torch.LongStorage of size 2]\n')
end

function T.noncontiguous_and_types()
   local x = torch.Tensor({ { 1, 2 }, { 3, 4 } }):t()
   tester:eq(tostring(x), ' 1  3\n 2  4\n[torch.DoubleTensor of size 2x2]\n')
   tester:eq(tostring(torch.ByteTensor({ 1, 255 })), '   1\n 255\n[torch.ByteTensor of size 2]\n')
   tester:eq(tostring(torch.HalfTensor(1):fill(1)), ' 1\n[torch.HalfTensor of size 1]\n')
end

return T
