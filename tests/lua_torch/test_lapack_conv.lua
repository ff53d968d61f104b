-- LAPACK wrappers and torch.conv2/xcorr2/conv3 (inventory §1.15-1.16): argument forms
local T = {}
local function tbl(x) return x:totable() end

function T.gesv_forms()
   local A = torch.Tensor({ { 2, 0 }, { 0, 4 } })
   local B = torch.Tensor({ { 2 }, { 8 } })
   local X, LU = torch.gesv(B, A)
   tester:eq(tbl(X), { { 1 }, { 2 } }, 1e-12)
   tester:eq(torch.typename(LU), 'torch.DoubleTensor')
   local rx, rlu = torch.Tensor(), torch.Tensor()
   local X2 = torch.gesv(rx, rlu, B, A)
   tester:assert(X2 == rx, 'result-first form fills the given tensors')
   tester:eq(tbl(rx), { { 1 }, { 2 } }, 1e-12)
   tester:assertErrorPattern(function() torch.gesv(torch.IntTensor(2, 1), torch.IntTensor(2, 2)) end, 'Float or Double')
   tester:assertError(function() torch.gesv(B, torch.zeros(2, 2)) end, 'singular')
end

function T.inverse_potrf_trtrs()
   local A = torch.Tensor({ { 4, 2 }, { 2, 3 } })
   local inv = torch.inverse(A)
   tester:eq(tbl(torch.mm(A, inv)), { { 1, 0 }, { 0, 1 } }, 1e-12)
   local U = torch.potrf(A)
   tester:eq(tbl(torch.mm(U:t(), U)), tbl(A), 1e-12)
   tester:eq(U[2][1], 0, 'upper by default')
   local L = torch.potrf(A, 'L')
   tester:eq(L[1][2], 0)
   tester:eq(tbl(torch.mm(L, L:t())), tbl(A), 1e-12)
   local b = torch.Tensor({ { 4 }, { 3 } })
   local x = torch.trtrs(b, torch.Tensor({ { 2, 1 }, { 0, 3 } }))
   tester:eq(tbl(x), { { 1.5 }, { 1 } }, 1e-12)
   local xl = torch.trtrs(b, torch.Tensor({ { 2, 0 }, { 1, 3 } }), 'L')
   tester:eq(tbl(xl), { { 2 }, { 1 / 3 } }, 1e-12)
   tester:assertErrorPattern(function() torch.potrf(A, 'X') end, "'U' or 'L'")
end

function T.eigen_svd_qr()
   local S = torch.Tensor({ { 2, 1 }, { 1, 2 } })
   local e = torch.symeig(S)
   tester:eq(tbl(e), { 1, 3 }, 1e-12)
   local e2, V = torch.symeig(S, 'V')
   tester:eq(tbl(torch.mm(torch.mm(V, torch.diag(e2)), V:t())), tbl(S), 1e-12)
   local U, s, Vt = torch.svd(torch.Tensor({ { 3, 0 }, { 0, 4 } }))
   tester:eq(tbl(s), { 4, 3 }, 1e-12)
   local Q, R = torch.qr(torch.Tensor({ { 1, 2 }, { 3, 4 } }))
   tester:eq(tbl(torch.mm(Q, R)), { { 1, 2 }, { 3, 4 } }, 1e-12)
   local ev = torch.eig(torch.Tensor({ { 2, 0 }, { 0, 5 } }))
   tester:eq(ev:size():totable(), { 2, 2 }, 'real and imaginary parts')
end

function T.conv_helpers()
   local x = torch.Tensor({ { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } })
   local k = torch.Tensor({ { 1, 0 }, { 0, -1 } })
   tester:eq(tbl(torch.xcorr2(x, k)), { { -4, -4 }, { -4, -4 } })
   tester:eq(tbl(torch.conv2(x, k)), { { 4, 4 }, { 4, 4 } }, 'conv2 flips the kernel')
   tester:eq(torch.conv2(x, k, 'F'):size():totable(), { 4, 4 })
   local r = torch.Tensor()
   tester:assert(torch.conv2(r, x, k) == r, 'result-first form')
   tester:eq(tbl(r), { { 4, 4 }, { 4, 4 } })
   local v = torch.ones(2, 3, 3)
   tester:eq(torch.conv3(v, torch.ones(1, 2, 2)):size():totable(), { 2, 2, 2 })
   tester:eq(torch.conv3(v, torch.ones(1, 2, 2))[1][1][1], 4)
   tester:assertErrorPattern(function() torch.conv2(x, k, 'Q') end, "'F' or 'V'")
end

return T
