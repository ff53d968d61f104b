"""Conversion of real files written by Torch7 (../shared/data/t7), checked against Torch7's own outputs
where the files hold them, and against the Lua model elsewhere."""
import os

import numpy as np
import pytest

import migration_tools as mt
from bridge.values import load_t7
from migration_tools.loader import runtime

torch = pytest.importorskip("torch")
D = os.environ["LUATORCH_SHARED"] + "/data/t7/"
O = D + "opencv-dnn-torch-ascii/"


def _model(path, target="torch"):
    src, state = mt.convert(path, target=target)
    lib = torch if target == "torch" else __import__("pytorch_api")
    model = mt.module_from_source(src, "Model")()
    model.load_state_dict({k: lib.from_numpy(np.asarray(v)) if isinstance(v, np.ndarray) else v
                           for k, v in state.items()})
    model.eval()
    return model


@pytest.mark.parametrize("name,expected", [("linear_2d", "output_file"), ("logsoftmax", "output_file"),
                                           ("softmax", "net_field"), ("batch_norm", "net_field")])
def test_opencv_ascii_nets_reproduce_torch7_outputs(name, expected):
    net = O + f"net_{name}_net.txt"
    x = np.asarray(load_t7(O + f"net_{name}_input.txt", mode="ascii"), dtype=np.float64)
    if expected == "output_file":
        want = np.asarray(load_t7(O + f"net_{name}_output.txt", mode="ascii"), dtype=np.float64)
    else:   # the saved module's `output` field is what Torch7 computed for that input
        obj = load_t7(net, mode="ascii")
        want = np.asarray(obj["output"], dtype=np.float64)
    model = _model(net)
    with torch.no_grad():
        got = model(torch.from_numpy(x.astype(np.float32))).double().numpy()
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("target", ["torch", "pytorch_api"])
@pytest.mark.parametrize("f", ["random.net", "unsupervised.net"])
def test_torch_demos_nets_convert_and_verify(f, target):
    # 2012 files: connection-table convolutions and the early LP pooling; random.net mixes Float and
    # Double parameters, so the Lua side runs in the type of its first parameter (as Torch7 needed)
    diff, shape = mt.verify(D + "torch-demos/" + f, target=target, input_shape=(1, 3, 46, 46))
    assert diff < 1e-5 and shape == (1, 3, 46, 46)


def test_python_torchfile_gmodule_matches_lua():
    path = D + "python-torchfile/gmodule_with_linear_identity.t7"
    model = _model(path)
    rt = runtime()
    a, b = np.random.default_rng(0).standard_normal((4, 1)), np.random.default_rng(1).standard_normal((4, 2))
    rt.globals()._g = rt.execute("return torch.load(...)", path)
    ref = rt.numpy(rt.eval("_g:forward({...})", rt.from_numpy(a), rt.from_numpy(b))).copy()
    with torch.no_grad():
        got = model(torch.from_numpy(a.astype(np.float32)), torch.from_numpy(b.astype(np.float32))).numpy()
    np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-6)


def _rename(blob, old, new):
    """Replaces a length-prefixed string of a binary .t7 file (int32 length, then the bytes)."""
    o, n = old.encode(), new.encode()
    return blob.replace(len(o).to_bytes(4, "little") + o, len(n).to_bytes(4, "little") + n)


@pytest.mark.parametrize("target", ["torch", "pytorch_api"])
def test_gpu_checkpoint_with_cudnn_layers_and_cuda_tensors_converts_on_the_cpu(target, tmp_path):
    # a checkpoint as a GPU run wrote it: cudnn layer classes, torch.CudaTensor / CudaStorage parameters
    path = str(tmp_path / "gpu.t7")
    runtime().execute("""torch.manualSeed(4)
        local m = nn.Sequential():add(nn.SpatialConvolution(3, 4, 3, 3)):add(nn.ReLU())
           :add(nn.SpatialMaxPooling(2, 2, 2, 2)):add(nn.View(-1):setNumInputDims(3)):add(nn.Linear(36, 5))
           :add(nn.LogSoftMax())
        torch.save(..., m:float())""", path)
    blob = open(path, "rb").read()
    for old, new in [("nn.SpatialConvolution", "cudnn.SpatialConvolution"), ("nn.ReLU", "cudnn.ReLU"),
                     ("nn.SpatialMaxPooling", "cudnn.SpatialMaxPooling"), ("nn.LogSoftMax", "cudnn.LogSoftMax"),
                     ("torch.FloatTensor", "torch.CudaTensor"), ("torch.FloatStorage", "torch.CudaStorage")]:
        patched = _rename(blob, old, new)
        assert patched != blob, old
        blob = patched
    open(path, "wb").write(blob)
    src, state = mt.convert(path, target=target)
    assert "nn.Conv2d(3, 4" in src
    diff, shape = mt.verify(path, target=target, input_shape=(2, 3, 8, 8), src=src, state=state)
    assert diff < 1e-5


def test_trained_char_rnn_checkpoint_converts(tmp_path):
    """The bundled char-rnn LSTM (nngraph, two layers, OneHot input) after a few training steps, saved as
    char-rnn saves it ({protos = {rnn = ...}, ...}): converted from the checkpoint and verified on all five
    inputs (class indices, then c and h of each layer) and its five outputs."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = str(tmp_path / "lm_lstm_epoch1.00.t7")
    runtime().execute("""
        local root, path = ...
        require 'nngraph'
        dofile(root .. '/examples/char-rnn/OneHot.lua')
        local LSTM = dofile(root .. '/examples/char-rnn/LSTM.lua')
        torch.manualSeed(7)
        local V, H, B = 12, 16, 3
        local rnn = LSTM.lstm(V, H, 2, 0)
        local crit = nn.ClassNLLCriterion()
        for step = 1, 5 do
           local x = torch.Tensor(B):random(1, V)
           local state = {torch.zeros(B, H), torch.zeros(B, H), torch.zeros(B, H), torch.zeros(B, H)}
           local out = rnn:forward({x, unpack(state)})
           local y = torch.Tensor(B):random(1, V)
           crit:forward(out[5], y)
           rnn:zeroGradParameters()
           rnn:backward({x, unpack(state)}, {torch.zeros(B, H), torch.zeros(B, H), torch.zeros(B, H),
                                             torch.zeros(B, H), crit:backward(out[5], y)})
           rnn:updateParameters(0.1)
        end
        torch.save(path, {protos = {rnn = rnn, criterion = crit}, opt = {rnn_size = H, num_layers = 2},
                          vocab = {a = 1, b = 2}, epoch = 1})""", root, path)
    for target in ("torch", "pytorch_api"):
        src, state = mt.convert(path, target=target)
        assert "i2h_1" in src and "decoder" in src and "one_hot" in src
        shapes = [("index", 12, (3,)), (3, 16), (3, 16), (3, 16), (3, 16)]
        diff, _ = mt.verify(path, target=target, input_shape=shapes, src=src, state=state)
        assert diff < 1e-5
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "bridge.cli", "convert", path, "-o", str(tmp_path / "lm.py"),
                        "--target", "torch", "--input-shape", "index:12:3;3,16;3,16;3,16;3,16"],
                       capture_output=True, text=True, cwd=root)
    assert r.returncode == 0, r.stderr
    assert "verified" in r.stdout and (tmp_path / "lm.py").exists()
