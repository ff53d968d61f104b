"""Criterions convert to modules computing the loss, forward(input, target), and give the Lua value
(Torch7's 1-based class targets shifted to PyTorch's 0-based ones)."""
import numpy as np
import pytest

import migration_tools as mt
from migration_tools.loader import runtime

torch = pytest.importorskip("torch")
rng = np.random.default_rng(0)


def _classes(n, c, shape=()):
    return rng.integers(1, c + 1, size=(n,) + shape).astype(np.float64)


def _pm1(shape):
    return np.where(rng.random(shape) < 0.5, -1.0, 1.0)


def _logp(shape):
    x = rng.standard_normal(shape)
    return x - np.log(np.exp(x).sum(axis=1, keepdims=True))


# Lua constructor, input maker, target maker ("table" inputs are lists of arrays)
CASES = [
    ("nn.ClassNLLCriterion()", lambda: _logp((5, 4)), lambda: _classes(5, 4)),
    ("nn.ClassNLLCriterion(torch.Tensor({1, 2, 0.5, 1}), false)", lambda: _logp((5, 4)), lambda: _classes(5, 4)),
    ("nn.ClassNLLCriterion(nil, true, 2)", lambda: _logp((6, 3)), lambda: _classes(6, 3)),
    ("nn.SpatialClassNLLCriterion()", lambda: _logp((2, 3, 4, 4)), lambda: _classes(2, 3, (4, 4))),
    ("nn.CrossEntropyCriterion()", lambda: rng.standard_normal((5, 4)), lambda: _classes(5, 4)),
    ("nn.CrossEntropyCriterion(torch.Tensor({1, 3, 2}))", lambda: rng.standard_normal((5, 3)), lambda: _classes(5, 3)),
    ("nn.MSECriterion()", lambda: rng.standard_normal((3, 4)), lambda: rng.standard_normal((3, 4))),
    ("nn.MSECriterion(false)", lambda: rng.standard_normal((3, 4)), lambda: rng.standard_normal((3, 4))),
    ("nn.AbsCriterion()", lambda: rng.standard_normal((3, 4)), lambda: rng.standard_normal((3, 4))),
    ("nn.SmoothL1Criterion()", lambda: rng.standard_normal((3, 4)), lambda: rng.standard_normal((3, 4))),
    ("nn.SoftMarginCriterion()", lambda: rng.standard_normal((3, 4)), lambda: _pm1((3, 4))),
    ("nn.DistKLDivCriterion()", lambda: _logp((3, 4)), lambda: np.exp(_logp((3, 4)))),
    ("nn.HingeEmbeddingCriterion(0.7)", lambda: rng.standard_normal((6,)), lambda: _pm1((6,))),
    ("nn.BCECriterion()", lambda: rng.random((3, 4)) * 0.9 + 0.05, lambda: (rng.random((3, 4)) < 0.5) * 1.0),
    ("nn.BCECriterion(torch.rand(4))", lambda: rng.random((3, 4)) * 0.9 + 0.05, lambda: (rng.random((3, 4)) < 0.5) * 1.0),
    ("nn.MultiLabelSoftMarginCriterion()", lambda: rng.standard_normal((3, 5)), lambda: (rng.random((3, 5)) < 0.5) * 1.0),
    ("nn.MarginCriterion(0.5)", lambda: rng.standard_normal((6,)), lambda: _pm1((6,))),
    ("nn.MultiMarginCriterion()", lambda: rng.standard_normal((5, 4)), lambda: _classes(5, 4)),
    ("nn.MultiMarginCriterion(2, torch.Tensor({1, 2, 1, 0.5}), 0.5)", lambda: rng.standard_normal((5, 4)), lambda: _classes(5, 4)),
    ("nn.MultiLabelMarginCriterion()", lambda: rng.standard_normal((2, 4)),
     lambda: np.array([[3, 1, 0, 0], [4, 0, 0, 0]], dtype=np.float64)),
    ("nn.MarginRankingCriterion(0.3)", lambda: [rng.standard_normal((5,)), rng.standard_normal((5,))], lambda: _pm1((5,))),
    ("nn.CosineEmbeddingCriterion(0.2)", lambda: [rng.standard_normal((4, 3)), rng.standard_normal((4, 3))], lambda: _pm1((4,))),
    ("nn.WeightedMSECriterion(torch.rand(3, 4))", lambda: rng.standard_normal((3, 4)), lambda: rng.standard_normal((3, 4))),
    ("nn.MultiCriterion():add(nn.MSECriterion(), 0.5):add(nn.AbsCriterion(), 2)",
     lambda: rng.standard_normal((3, 4)), lambda: rng.standard_normal((3, 4))),
    ("nn.L1Cost()", lambda: rng.standard_normal((3, 4)), lambda: rng.standard_normal((3, 4))),
    ("nn.L1HingeEmbeddingCriterion(2.5)", lambda: [rng.standard_normal((5, 3)), rng.standard_normal((5, 3))],
     lambda: _pm1((5,))),
    ("nn.L1HingeEmbeddingCriterion()", lambda: [rng.standard_normal((4,)), rng.standard_normal((4,))],
     lambda: np.array([-1.0])),
    ("nn.ParallelCriterion():add(nn.MSECriterion(), 0.3):add(nn.ClassNLLCriterion())",
     lambda: [rng.standard_normal((3, 4)), _logp((3, 5))], lambda: [rng.standard_normal((3, 4)), _classes(3, 5)]),
]


def _lua(rt, v):
    if isinstance(v, list):
        t = rt.table()
        for i, a in enumerate(v):
            t[i + 1] = rt.from_numpy(np.ascontiguousarray(a))
        return t
    return rt.from_numpy(np.ascontiguousarray(v))


def _py(v, lib):
    # the converted module holds float32 parameters, as PyTorch modules do
    if isinstance(v, list):
        return [lib.from_numpy(np.ascontiguousarray(a, dtype=np.float32)) for a in v]
    return lib.from_numpy(np.ascontiguousarray(v, dtype=np.float32))


@pytest.mark.parametrize("target", ["torch", "pytorch_api"])
@pytest.mark.parametrize("expr,make_input,make_target", CASES, ids=[c[0] for c in CASES])
def test_criterion_converts_and_matches_lua(expr, make_input, make_target, target, tmp_path):
    rt = runtime()
    path = str(tmp_path / "c.t7")
    rt.execute(f"torch.manualSeed(1); torch.save(..., {expr})", path)
    x, t = make_input(), make_target()
    rt.globals()._crit = rt.execute("return torch.load(...)", path)
    ref = rt.eval("(_crit:forward(...))", _lua(rt, x), _lua(rt, t))   # ClassNLL also returns the total weight
    lib = torch if target == "torch" else __import__("pytorch_api")
    src, state = mt.convert(path, target=target)
    model = mt.module_from_source(src, "Model")()
    model.load_state_dict({k: lib.from_numpy(np.asarray(v)) for k, v in state.items()})
    got = float(model(_py(x, lib), _py(t, lib)))
    assert abs(got - ref) <= 2e-5 * max(1.0, abs(ref)), (got, ref)
