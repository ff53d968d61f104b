"""verify_gradients: the converted module's input gradient (autograd) against the Lua model's
updateGradInput on the same random input and output gradient, and its parameter gradients through one SGD
step taken by both models (the outputs must move alike)."""
import os

import numpy as np
import pytest

import migration_tools as mt
from migration_tools.loader import ConversionError, runtime

torch = pytest.importorskip("torch")

CASES = [
    ("nn.Sequential():add(nn.Linear(6, 4)):add(nn.Tanh()):add(nn.Linear(4, 2)):add(nn.LogSoftMax())", (3, 6)),
    ("nn.SpatialConvolution(3, 5, 3, 2, 2, 1, 1, 0)", (2, 3, 9, 8)),
    ("nn.SpatialConvolutionMM(3, 4, 3, 3, 1, 1, 1, 1)", (2, 3, 7, 7)),
    ("nn.SpatialFullConvolution(3, 2, 3, 3, 2, 2, 1, 1, 1, 1)", (2, 3, 5, 5)),
    ("nn.TemporalConvolution(4, 6, 3, 2)", (2, 9, 4)),
    ("nn.SpatialMaxPooling(3, 3, 2, 2, 1, 1):ceil()", (2, 3, 8, 8)),
    ("nn.SpatialAveragePooling(3, 3, 2, 2, 1, 1):setCountExcludePad()", (2, 3, 8, 8)),
    ("nn.SpatialBatchNormalization(3)", (4, 3, 5, 5)),
    ("nn.Sequential():add(nn.ELU(0.7)):add(nn.SoftPlus(2)):add(nn.HardTanh(-0.5, 0.6))", (3, 4)),
    ("nn.SpatialReflectionPadding(1, 1, 2, 0)", (2, 3, 5, 5)),
    ("nn.SpatialConvolutionMap(nn.tables.random(4, 3, 2), 3, 3, 2, 1)", (2, 4, 9, 8)),
    ("nn.SpatialSubSampling(3, 2, 3, 2, 1)", (2, 3, 8, 8)),
    ("nn.SpatialSubtractiveNormalization(3, torch.rand(5, 3):add(0.5))", (2, 3, 9, 9)),
    ("nn.SpatialDivisiveNormalization(2, torch.Tensor({1, 2, 1}))", (2, 2, 7, 8)),
    ("nn.Maxout(4, 3, 2)", (5, 4)),
    ("nn.PixelShuffle(2)", (2, 8, 3, 3)),
    ("nn.VolumetricFullConvolution(2, 3, 3, 2, 2, 2, 1, 2, 1, 0, 1, 1, 0, 1)", (2, 2, 3, 4, 3)),
    ("nn.SpatialDepthWiseConvolution(3, 2, 3, 2, 1, 1, 1, 0)", (2, 3, 5, 6)),
    ("nn.SpatialFullConvolutionMap(nn.tables.full(2, 3), 3, 2, 2, 1)", (2, 2, 4, 5)),
]


def _save(expr, path):
    rt = runtime()
    rt.execute(f"torch.manualSeed(2); local m = {expr}; "
               "if m.running_mean then m:forward(torch.randn(8, m.running_mean:size(1), 3, 3)) end; "
               "torch.save(..., m)", path)


@pytest.mark.parametrize("target", ["torch", "pytorch_api"])
@pytest.mark.parametrize("expr,shape", CASES, ids=[c[0] for c in CASES])
def test_input_gradients_match_lua(expr, shape, target, tmp_path):
    path = str(tmp_path / "m.t7")
    _save(expr, path)
    assert mt.verify_gradients(path, shape, target=target) < 1e-4


def test_a_wrong_gradient_is_reported(tmp_path):
    path = str(tmp_path / "m.t7")
    _save("nn.Linear(5, 3)", path)
    src, state = mt.convert(path, target="torch")
    # the same forward (linear in its input) but a different input gradient: a transposed-weight slip
    bad = src.replace("return x1", "return x1 + (x - x.detach()).sum(-1, keepdim=True)")
    assert bad != src
    with pytest.raises(ConversionError, match="input gradients differ"):
        mt.verify_gradients(path, (2, 5), target="torch", src=bad, state=state)
    assert mt.verify_gradients(path, (2, 5), target="torch", src=src, state=state) < 1e-5


@pytest.mark.parametrize("target", ["torch", "pytorch_api"])
def test_a_wrong_parameter_gradient_is_reported(target, tmp_path):
    path = str(tmp_path / "m.t7")
    _save("nn.Linear(5, 3)", path)
    src, state = mt.convert(path, target=target)
    # the same forward and input gradient, but the weight's gradient doubled (2W - W.detach() equals W)
    bad = src.replace("x1 = self.linear1(x)",
                      "x1 = F.linear(x, 2 * self.linear1.weight - self.linear1.weight.detach(), self.linear1.bias)")
    assert bad != src
    with pytest.raises(ConversionError, match="parameter gradients do not match"):
        mt.verify_gradients(path, (2, 5), target=target, src=bad, state=state)
    assert mt.verify_gradients(path, (2, 5), target=target, src=src, state=state) < 1e-5


def test_cli_gradients_flag(tmp_path):
    import subprocess
    import sys
    path = str(tmp_path / "m.t7")
    _save("nn.Sequential():add(nn.Linear(4, 3)):add(nn.Tanh())", path)
    r = subprocess.run([sys.executable, "-m", "bridge.cli", "convert", path, "-o", str(tmp_path / "m.py"),
                        "--target", "torch", "--gradients"], capture_output=True, text=True,
                       cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    assert r.returncode == 0, r.stderr
    assert "gradients verified" in r.stdout
