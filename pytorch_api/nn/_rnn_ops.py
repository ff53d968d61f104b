"""LSTM and GRU cell steps on the core's fused kernels, each one autograd node (two outputs for LSTM)."""
from __future__ import annotations

from tensor_core import ffi, lib
from .._tensor import wrap, new_out
from ..autograd.graph import Node, make_node
from ..autograd.grad_mode import ENABLED
from .._ops import _chk


def _opt(t):
    return t._c if t is not None else ffi.NULL


def _zeros_like(t):
    from .. import zeros_like
    return zeros_like(t) if t is not None else None


def _gates(x, hx, w_ih, w_hh, b_ih, b_hh):
    gi, gh = x.matmul(w_ih.t()), hx.matmul(w_hh.t())
    if b_ih is not None:
        gi = gi + b_ih
    if b_hh is not None:
        gh = gh + b_hh
    return gi, gh


def _lstm_composite(x, hx, cx, w_ih, w_hh, b_ih, b_hh):
    gi, gh = _gates(x, hx, w_ih, w_hh, b_ih, b_hh)
    i, f, g, o = (gi + gh).chunk(4, 1)
    cy = f.sigmoid() * cx + i.sigmoid() * g.tanh()
    return o.sigmoid() * cy.tanh(), cy


def _gru_composite(x, hx, w_ih, w_hh, b_ih, b_hh):
    gi, gh = _gates(x, hx, w_ih, w_hh, b_ih, b_hh)
    ir, iz, in_ = gi.chunk(3, 1)
    hr, hz, hn = gh.chunk(3, 1)
    r, z = (ir + hr).sigmoid(), (iz + hz).sigmoid()
    n = (in_ + r * hn).tanh()
    return (1 - z) * n + z * hx


def _grads_through(composite, inputs, outputs_grads):
    """create_graph: the cell's gradients from its gate equations written with differentiable ops, so they
    can be differentiated again (the fused kernel's backward is first order only)."""
    from ..autograd import grad
    live = [t for t in inputs if t is not None and t._requires_grad]
    outs = composite(*inputs)
    outs = outs if isinstance(outs, tuple) else (outs,)
    pairs = [(o, g) for o, g in zip(outs, outputs_grads) if g is not None]
    got = iter(grad([o for o, _ in pairs], live, [g for _, g in pairs], create_graph=True, allow_unused=True))
    return tuple(next(got) if t is not None and t._requires_grad else None for t in inputs)


class _LSTMCellNode(Node):
    __slots__ = ()
    n_outputs = 2

    def apply(self, grads):
        ghy, gcy = grads
        x, hx, cx, w_ih, w_hh, b_ih, b_hh, cy, ws = self.ctx
        if ENABLED[0]:
            return _grads_through(_lstm_composite, (x, hx, cx, w_ih, w_hh, b_ih, b_hh), (ghy, gcy))
        gx, ghx, gcx = new_out(x._dtype), new_out(x._dtype), new_out(x._dtype)
        gwi, gwh, gbi, gbh = _zeros_like(w_ih), _zeros_like(w_hh), _zeros_like(b_ih), _zeros_like(b_hh)
        _chk(lib.tc_nn_lstm_cell_backward(gx, ghx, gcx, gwi._c, gwh._c, _opt(gbi), _opt(gbh),
                                          ghy.contiguous()._c if ghy is not None else ffi.NULL,
                                          gcy.contiguous()._c if gcy is not None else ffi.NULL,
                                          x._c, hx._c, cx._c, w_ih._c, w_hh._c, cy._c, ws._c, 1.0))
        d = x._dtype
        return wrap(gx, d), wrap(ghx, d), wrap(gcx, d), gwi, gwh, gbi, gbh


LSTMCellBackward0 = type("LSTMCellBackward0", (_LSTMCellNode,), {"__slots__": ()})


def lstm_cell(input, hx, cx, w_ih, w_hh, b_ih=None, b_hh=None):
    d = input._dtype
    hy, cy, ws = new_out(d), new_out(d), new_out(d)
    _chk(lib.tc_nn_lstm_cell(hy, cy, ws, input._c, hx._c, cx._c, w_ih._c, w_hh._c, _opt(b_ih), _opt(b_hh)))
    h, c = wrap(hy, d), wrap(cy, d)
    inputs = (input, hx, cx, w_ih, w_hh, b_ih, b_hh)
    if ENABLED[0] and any(t is not None and t._requires_grad for t in inputs):
        node = make_node(LSTMCellBackward0, inputs, (),
                         (input, hx, cx, w_ih, w_hh, b_ih, b_hh, c.detach(), wrap(ws, d)))
        for i, o in enumerate((h, c)):
            o._grad_fn, o._out_idx, o._requires_grad = node, i, True
    return h, c


class GRUCellBackward0(Node):
    __slots__ = ()

    def apply(self, grads):
        (g,) = grads
        x, hx, w_ih, w_hh, b_ih, b_hh, ws = self.ctx
        if ENABLED[0]:
            return _grads_through(_gru_composite, (x, hx, w_ih, w_hh, b_ih, b_hh), (g,))
        gx, ghx = new_out(x._dtype), new_out(x._dtype)
        gwi, gwh, gbi, gbh = _zeros_like(w_ih), _zeros_like(w_hh), _zeros_like(b_ih), _zeros_like(b_hh)
        _chk(lib.tc_nn_gru_cell_backward(gx, ghx, gwi._c, gwh._c, _opt(gbi), _opt(gbh), g.contiguous()._c, x._c, hx._c,
                                         w_ih._c, w_hh._c, ws._c, 1.0))
        d = x._dtype
        return wrap(gx, d), wrap(ghx, d), gwi, gwh, gbi, gbh


def gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    d = input._dtype
    hy, ws = new_out(d), new_out(d)
    _chk(lib.tc_nn_gru_cell(hy, ws, input._c, hx._c, w_ih._c, w_hh._c, _opt(b_ih), _opt(b_hh)))
    h = wrap(hy, d)
    inputs = (input, hx, w_ih, w_hh, b_ih, b_hh)
    if ENABLED[0] and any(t is not None and t._requires_grad for t in inputs):
        h._grad_fn = make_node(GRUCellBackward0, inputs, (), (input, hx, w_ih, w_hh, b_ih, b_hh, wrap(ws, d)))
        h._requires_grad = True
    return h


def rnn_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None, nonlinearity="tanh"):
    from . import functional as F
    pre = F.linear(input, w_ih, b_ih) + F.linear(hx, w_hh, b_hh)
    return pre.tanh() if nonlinearity == "tanh" else pre.relu()
