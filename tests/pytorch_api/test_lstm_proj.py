"""LSTM with proj_size: parameter names/shapes, outputs, states and gradients vs real torch."""
import numpy as np
import pytest
import torch

import pytorch_api as pt


@pytest.mark.parametrize("kw", [dict(num_layers=1), dict(num_layers=2, bidirectional=True, batch_first=True),
                                dict(num_layers=2, bias=False)])
def test_lstm_proj_matches_torch(kw):
    tm = torch.nn.LSTM(5, 6, proj_size=3, **kw).double()
    om = pt.nn.LSTM(5, 6, proj_size=3, **kw).double()
    assert [(n, tuple(p.shape)) for n, p in tm.named_parameters()] == \
        [(n, tuple(p.shape)) for n, p in om.named_parameters()]
    assert repr(om) == repr(tm)
    om.load_state_dict({k: pt.tensor(v.detach().numpy()) for k, v in tm.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((4, 2, 5))
    res = []
    for T, m in ((pt, om), (torch, tm)):
        xi = T.tensor(x, requires_grad=True)
        out, (h, c) = m(xi)
        (out.sum() + h.sum() * 2 + (c * c).sum()).backward()
        res.append([out.detach().numpy(), h.detach().numpy(), c.detach().numpy(), xi.grad.numpy()] +
                   [p.grad.numpy() for p in m.parameters()])
    for a, b in zip(*res):
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-11)


def test_lstm_proj_errors():
    with pytest.raises(ValueError, match="smaller than hidden_size"):
        pt.nn.LSTM(5, 6, proj_size=6)
    with pytest.raises(ValueError, match="only supported for LSTM"):
        pt.nn.modules.rnn.RNNBase("GRU", 5, 6, proj_size=2)
