"""LBFGS with line_search_fn='strong_wolfe': the iterates and evaluation counts of real torch."""
import numpy as np
import pytest
import torch

import pytorch_api as pt


def _run(T, n_steps, start, **kw):
    x = T.tensor(np.array(start), requires_grad=True)
    opt = T.optim.LBFGS([x], line_search_fn="strong_wolfe", **kw)

    def closure():
        opt.zero_grad()
        loss = (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()   # Rosenbrock
        loss.backward()
        return loss
    hist = []
    for _ in range(n_steps):
        hist.append(float(opt.step(closure)))
        hist.extend(x.detach().numpy().tolist())
    return np.array(hist), opt.state[x]["func_evals"], opt.state[x]["n_iter"]


@pytest.mark.parametrize("kw", [dict(), dict(max_iter=5), dict(history_size=3, lr=0.5),
                                dict(max_iter=50, tolerance_change=1e-12)])
@pytest.mark.parametrize("start", [[-1.5, 2.0, 0.5, -0.3], [0.0, 0.0]])
def test_strong_wolfe_matches_torch(kw, start):
    ours = _run(pt, 3, start, **kw)
    ref = _run(torch, 3, start, **kw)
    np.testing.assert_allclose(ours[0], ref[0], rtol=1e-9, atol=1e-12)
    assert ours[1:] == ref[1:]


def test_strong_wolfe_reaches_the_minimum():
    hist, _, _ = _run(pt, 10, [-1.2, 1.0, 0.7], max_iter=100)
    np.testing.assert_allclose(hist[-3:], [1.0, 1.0, 1.0], atol=1e-4)


def test_unknown_line_search_raises():
    with pytest.raises(RuntimeError, match="strong_wolfe"):
        pt.optim.LBFGS([pt.zeros(2, requires_grad=True)], line_search_fn="armijo")
