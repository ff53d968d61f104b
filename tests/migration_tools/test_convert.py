"""luatorch convert: Lua nn models -> Python source + weights, verified against the Lua model."""
import os
import py_compile
import subprocess
import sys

import numpy as np
import pytest

import migration_tools as mt
from migration_tools.loader import runtime

torch = pytest.importorskip("torch")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Lua expressions building modules with non-default arguments, and the input they take
MODULES = [
    ("nn.Linear(5, 3)", (4, 5)),
    ("nn.Linear(5, 3, false)", (4, 5)),
    ("nn.Sequential():add(nn.Linear(6, 4)):add(nn.Tanh()):add(nn.Linear(4, 2)):add(nn.LogSoftMax())", (3, 6)),
    ("nn.SpatialConvolution(3, 5, 3, 2, 2, 1, 1, 0)", (2, 3, 9, 8)),
    ("nn.SpatialConvolutionMM(3, 4, 3, 3, 1, 1, 1, 1)", (2, 3, 7, 7)),
    ("nn.SpatialDilatedConvolution(2, 3, 3, 3, 1, 1, 2, 2, 2, 2)", (2, 2, 9, 9)),
    ("nn.SpatialFullConvolution(3, 2, 3, 3, 2, 2, 1, 1, 1, 1)", (2, 3, 5, 5)),
    ("nn.VolumetricConvolution(2, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1)", (2, 2, 5, 5, 5)),
    ("nn.TemporalConvolution(4, 6, 3, 2)", (2, 9, 4)),
    ("nn.SpatialMaxPooling(3, 3, 2, 2, 1, 1):ceil()", (2, 3, 8, 8)),
    ("nn.SpatialAveragePooling(2, 2, 2, 2)", (2, 3, 8, 8)),
    ("nn.SpatialAveragePooling(3, 3, 2, 2, 1, 1):setCountExcludePad()", (2, 3, 8, 8)),
    ("nn.SpatialBatchNormalization(3)", (4, 3, 5, 5)),
    ("nn.BatchNormalization(6, 1e-3, 0.2, false)", (4, 6)),
    ("nn.ReLU()", (3, 4)), ("nn.Threshold(0.1, -1)", (3, 4)), ("nn.LeakyReLU(0.2)", (3, 4)),
    ("nn.ELU(0.7)", (3, 4)), ("nn.Tanh()", (3, 4)), ("nn.Sigmoid()", (3, 4)), ("nn.HardTanh(-0.5, 0.6)", (3, 4)),
    ("nn.SoftPlus(2)", (3, 4)), ("nn.SoftSign()", (3, 4)), ("nn.LogSigmoid()", (3, 4)),
    ("nn.SoftShrink(0.3)", (3, 4)), ("nn.HardShrink(0.3)", (3, 4)), ("nn.PReLU(3)", (2, 3, 4, 4)),
    ("nn.SoftMax()", (3, 4)), ("nn.LogSoftMax()", (3, 4, 2, 2)), ("nn.SoftMax()", (3, 4, 2)),
    ("nn.MulConstant(2.5)", (3, 4)), ("nn.AddConstant(-1)", (3, 4)),
    ("nn.Dropout(0.3)", (3, 4)), ("nn.Dropout(0.3, true)", (3, 4)),
    ("nn.SpatialZeroPadding(1, 2, -1, 0)", (2, 3, 5, 5)), ("nn.SpatialReflectionPadding(1, 1, 2, 0)", (2, 3, 5, 5)),
    ("nn.SpatialReplicationPadding(2, 0, 1, 1)", (2, 3, 5, 5)),
    ("nn.Sequential():add(nn.ConcatTable():add(nn.Identity()):add(nn.Tanh())):add(nn.CAddTable())", (3, 4)),
    ("nn.Sequential():add(nn.ConcatTable():add(nn.ReLU()):add(nn.Sigmoid())):add(nn.JoinTable(2))", (3, 4)),
    ("nn.Sequential():add(nn.ConcatTable():add(nn.ReLU()):add(nn.Sigmoid())):add(nn.CMulTable())", (3, 4)),
    ("nn.Concat(2):add(nn.Linear(4, 2)):add(nn.Linear(4, 3))", (3, 4)),
    ("nn.Sequential():add(nn.SplitTable(2)):add(nn.JoinTable(1))", (3, 4)),
    ("nn.Sum(2)", (3, 4)), ("nn.Mean(1)", (3, 4)), ("nn.Max(2)", (3, 4, 2)), ("nn.Min(1)", (3, 4)),
    ("nn.Narrow(2, 2, -1)", (3, 5)), ("nn.Select(2, -1)", (3, 5)),
    ("nn.Sequential():add(nn.Transpose({1, 2}))", (3, 5)),
    ("nn.Sequential():add(nn.ConcatTable():add(nn.Identity()):add(nn.Tanh())):add(nn.DotProduct())", (3, 4)),
    ("nn.Sequential():add(nn.ConcatTable():add(nn.Identity()):add(nn.Tanh())):add(nn.PairwiseDistance(1))", (3, 4)),
    ("nn.Sequential():add(nn.ConcatTable():add(nn.Identity()):add(nn.Tanh())):add(nn.CosineDistance())", (3, 4)),
    ("nn.Euclidean(4, 3)", (2, 4)), ("nn.Cosine(4, 3)", (2, 4)), ("nn.RReLU(0.1, 0.3)", (3, 4)),
    ("nn.SpatialCrossMapLRN(3, 2e-4, 0.7, 2)", (2, 5, 4, 4)),
    ("nn.Bottle(nn.Linear(4, 3))", (2, 5, 4)),
    ("nn.SpatialConvolutionMap(nn.tables.random(4, 3, 2), 3, 3, 2, 1)", (2, 4, 9, 8)),
    ("nn.SpatialConvolutionMap(nn.tables.oneToOne(3), 2, 3)", (3, 7, 6)),
    ("nn.SpatialSubSampling(3, 2, 3, 2, 1)", (2, 3, 8, 8)),
    ("nn.SpatialLPPooling(3, 2, 2, 2)", (2, 3, 8, 8)),
    ("nn.SpatialSubtractiveNormalization(3, torch.rand(5, 3):add(0.5))", (2, 3, 9, 9)),
    ("nn.SpatialDivisiveNormalization(2, torch.Tensor({1, 2, 1}))", (2, 2, 7, 8)),
    ("nn.SpatialContrastiveNormalization(3, torch.ones(3, 3))", (3, 8, 8)),
    ("nn.DepthConcat(2):add(nn.SpatialConvolution(3, 2, 3, 3)):add(nn.SpatialConvolution(3, 4, 1, 1))",
     (2, 3, 7, 6)),
    ("nn.Padding(1, -2, 1, 0.5)", (5,)), ("nn.Padding(2, 3, 2, -1)", (3, 4, 5)),
    ("nn.Padding(1, 2, 1, 7, 2)", (4,)), ("nn.Padding(1, -2, 1, 7, 3)", (4,)),
    ("nn.Sequential():add(nn.ConcatTable():add(nn.Sequential():add(nn.Linear(4, 3)):add(nn.SoftMax()))"
     ":add(nn.ConcatTable():add(nn.Linear(4, 5)):add(nn.Linear(4, 5))"
     ":add(nn.Sequential():add(nn.Linear(4, 5)):add(nn.Tanh())))):add(nn.MixtureTable())",
     (2, 4)),
    ("nn.Sequential():add(nn.ConcatTable():add(nn.Identity()):add(nn.Tanh()))"
     ":add(nn.MapTable(nn.Linear(4, 2))):add(nn.CAddTable())", (3, 4)),
    ("nn.Sequential():add(nn.ConcatTable():add(nn.Linear(4, 3)):add(nn.Linear(4, 2))):add(nn.Bilinear(3, 2, 5))",
     (3, 4)),
    ("nn.GatedLinearUnit()", (3, 8)), ("nn.TemporalSubSampling(3, 2, 2)", (2, 7, 3)),
    ("nn.WeightedEuclidean(4, 3)", (2, 4)),
    ("nn.Maxout(4, 3, 2)", (5, 4)), ("nn.LayerNormalization(5, 0.3)", (5,)), ("nn.LayerNormalization(4)", (3, 4)),
    ("nn.CReLU(3)", (2, 3, 4, 4)),
    ("nn.CReLU(1)", (4,)), ("nn.PixelShuffle(2)", (2, 8, 3, 3)),
    ("nn.VolumetricFullConvolution(2, 3, 3, 2, 2, 2, 1, 2, 1, 0, 1, 1, 0, 1)", (2, 2, 3, 4, 3)),
    ("nn.VolumetricDilatedConvolution(2, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1, 2, 3, 2)", (1, 2, 6, 7, 6)),
    ("nn.VolumetricDilatedMaxPooling(2, 2, 2, 1, 1, 1, 0, 0, 0, 2, 2, 2)", (1, 2, 5, 5, 5)),
    ("nn.VolumetricReplicationPadding(1, 2, 0, 1, 2, 0)", (2, 3, 2, 3, 2)),
    ("nn.SpatialDepthWiseConvolution(3, 2, 3, 2, 1, 1, 1, 0)", (2, 3, 5, 6)),
    ("nn.ZeroGrad()", (3, 4)), ("nn.Collapse(3)", (2, 3, 4, 5)),
    ("nn.DontCast(nn.Linear(4, 3))", (2, 4)), ("nn.NaN(nn.Tanh())", (2, 4)), ("nn.GPU(nn.Linear(4, 2), 1)", (2, 4)),
    ("nn.Sequential():add(nn.PrintSize('p')):add(nn.Sigmoid())", (2, 4)),
    ("nn.UpSampling(2, 'nearest')", (2, 3, 4, 4)), ("nn.UpSampling(3, 'nearest')", (1, 2, 2, 3, 3)),
    ("nn.UpSampling(2, 'linear')", (2, 3, 4, 5)), ("nn.LinearWeightNorm(4, 3)", (2, 4)),
    ("nn.SpatialFullConvolutionMap(nn.tables.random(3, 4, 2), 3, 2, 2, 1)", (2, 3, 4, 5)),
    ("nn.Sequential():add(nn.Linear(4, 3)):add(nn.Constant(torch.randn(2, 3), 1))", (5, 4)),
    ("nn.Sequential():add(nn.Tanh()):add(nn.Constant(torch.randn(3)))", (5, 4)),
    ("nn.Sequential():add(nn.ConcatTable():add(nn.ConcatTable():add(nn.Identity()):add(nn.Tanh()))"
     ":add(nn.ConcatTable():add(nn.Sigmoid()):add(nn.Exp()))):add(nn.ZipTable()):add(nn.FlattenTable())", (3, 4)),
    ("nn.Sequential():add(nn.ConcatTable():add(nn.Identity()):add(nn.ConcatTable():add(nn.Tanh()):add(nn.Sigmoid())))"
     ":add(nn.ZipTableOneToMany()):add(nn.FlattenTable())", (3, 4)),
    ("nn.Sequential():add(nn.ConcatTable():add(nn.Identity()):add(nn.ConcatTable():add(nn.Tanh()):add(nn.Sigmoid())))"
     ":add(nn.CAddTensorTable())", (3, 4)),
    ("(function() local m = nn.WeightNorm(nn.Linear(4, 3)); m.g:mul(1.5); m.v:add(0.1); return m end)()", (2, 4)),
    ("(function() local m = nn.WeightNorm(nn.SpatialConvolution(2, 3, 3, 3), 1); m.g:uniform(0.5, 2); return m end)()",
     (2, 2, 6, 6)),
    ("(function() local m = nn.WeightNorm(nn.Linear(4, 3), 2); m.g:uniform(0.5, 2); return m end)()", (2, 4)),
    ("nn.TemporalRowConvolution(4, 3, 2)", (2, 9, 4)), ("nn.TemporalRowConvolution(4, 3)", (7, 4)),
    ("nn.TemporalRowConvolution(3, 2, 1, true)", (2, 3, 8)),
    ("nn.SpatialConvolutionLocal(2, 3, 6, 5, 3, 2, 2, 1, 1, 0)", (2, 2, 5, 6)),
    ("nn.SpatialConvolutionLocal(2, 3, 5, 5, 3, 3)", (2, 5, 5)),
]

# classes without a faithful Python counterpart: conversion stops naming the class and the reason
REFUSED = [
    ("nn.SparseLinear(10, 3)", "sparse"), ("nn.IndexLinear(10, 3)", "EmbeddingBag"),
    ("nn.PartialLinear(5, 4)", "setPartition"), ("nn.Kmeans(3, 4)", "centroids"),
    ("nn.SpatialFractionalMaxPooling(2, 2, 3, 3)", "random"),
    ("nn.VolumetricFractionalMaxPooling(2, 2, 2, 3, 3, 3)", "random"),
]


def _save(expr, path, seed=1):
    rt = runtime()
    rt.execute(f"torch.manualSeed({seed}); local m = {expr}; m:training(); "
               "if m.running_mean then local c = m.running_mean:size(1); "
               "m:forward(torch.type(m) == 'nn.BatchNormalization' and torch.randn(8, c) or torch.randn(8, c, 3, 3)) end; "
               "torch.save(..., m)", path)


@pytest.mark.parametrize("target", ["torch", "pytorch_api"])
@pytest.mark.parametrize("expr,shape", MODULES, ids=[e for e, _ in MODULES])
def test_module_converts_and_matches_lua(expr, shape, target, tmp_path):
    path = str(tmp_path / "m.t7")
    _save(expr, path)
    src, state = mt.convert(path, target=target)
    diff, _ = mt.verify(path, target=target, input_shape=shape, src=src, state=state)
    assert diff < 1e-5


@pytest.mark.parametrize("expr,reason", REFUSED, ids=[e for e, _ in REFUSED])
def test_classes_without_a_python_counterpart_are_refused_with_a_reason(expr, reason, tmp_path):
    path = str(tmp_path / "m.t7")
    _save(f"nn.Sequential():add({expr})", path)
    cls = expr.split("(")[0]
    with pytest.raises(mt.ConversionError, match=f"{cls} cannot be converted: .*{reason}"):
        mt.convert(path, target="torch")


def test_pytorch_api_target_runs_what_it_supports(tmp_path):
    path = str(tmp_path / "mlp.t7")
    _save("nn.Sequential():add(nn.Linear(6, 4)):add(nn.Tanh()):add(nn.Linear(4, 2)):add(nn.LogSoftMax())", path)
    diff, _ = mt.verify(path, target="pytorch_api", input_shape=(3, 6))
    assert diff < 1e-5


def test_vgg_and_resnet_style_models(tmp_path):
    rt = runtime()
    path = str(tmp_path / "vgg.t7")
    rt.execute("""
      torch.manualSeed(3)
      local m = nn.Sequential()
      m:add(nn.SpatialConvolution(3, 8, 3, 3, 1, 1, 1, 1)):add(nn.SpatialBatchNormalization(8)):add(nn.ReLU(true))
      m:add(nn.SpatialMaxPooling(2, 2, 2, 2))
      local block = nn.Sequential():add(nn.SpatialConvolution(8, 8, 3, 3, 1, 1, 1, 1)):add(nn.ReLU())
      m:add(nn.ConcatTable():add(block):add(nn.Identity())):add(nn.CAddTable())
      m:add(nn.SpatialAveragePooling(8, 8)):add(nn.SpatialConvolution(8, 5, 1, 1)):add(nn.SpatialLogSoftMax())
      torch.save(..., m)
    """, path)
    diff, shape = mt.verify(path, target="torch")
    assert diff < 1e-5 and shape[1] == 3


def test_gmodule_converts(tmp_path):
    rt = runtime()
    path = str(tmp_path / "g.t7")
    rt.execute("""
      require 'nngraph'
      torch.manualSeed(2)
      local x = nn.Identity()()
      local h = nn.Tanh()(nn.Linear(4, 6)(x))
      local a = nn.Linear(6, 3)(h):annotate{name = 'head_a'}
      local b = nn.Sigmoid()(nn.Linear(6, 3)(h))
      local out = nn.CAddTable()({a, b})
      torch.save(..., nn.gModule({x}, {out, h}))
    """, path)
    src, state = mt.convert(path, target="torch")
    assert "head_a" in src
    diff, _ = mt.verify(path, target="torch", input_shape=(2, 4), src=src, state=state)
    assert diff < 1e-5


def test_generated_source_compiles_and_trains(tmp_path):
    path = str(tmp_path / "mlp.t7")
    _save("nn.Sequential():add(nn.Linear(6, 8)):add(nn.ReLU()):add(nn.Linear(8, 3)):add(nn.LogSoftMax())", path)
    out = tmp_path / "model.py"
    src, state = mt.convert(path, target="torch")
    weights = mt.write_outputs(src, state, str(out), "torch")
    py_compile.compile(str(out), doraise=True)
    assert "exec(" not in src
    sys.path.insert(0, str(tmp_path))
    try:
        import importlib
        model = importlib.import_module("model").Model()
    finally:
        sys.path.pop(0)
    model.load_state_dict(torch.load(weights, weights_only=True))
    x = torch.randn(16, 6)
    y = torch.randint(0, 3, (16,))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loss0 = torch.nn.functional.nll_loss(model(x), y)
    loss0.backward()
    opt.step()
    loss1 = torch.nn.functional.nll_loss(model(x), y)
    assert loss1.item() < loss0.item()


def test_builder_lua_file_with_entry(tmp_path):
    builder = tmp_path / "build.lua"
    builder.write_text("require 'nn'\nfunction buildModel(nin, nout)\n"
                       "  return nn.Sequential():add(nn.Linear(nin, nout)):add(nn.Sigmoid())\nend\n")
    src, state = mt.convert(str(builder), target="torch", entry="buildModel", args="5, 2")
    assert state["linear1.weight"].shape == (2, 5)
    diff, _ = mt.verify(str(builder), target="torch", entry="buildModel", args="5, 2", src=src, state=state)
    assert diff < 1e-5


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "bridge.cli", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_convert_and_inspect(tmp_path):
    path = str(tmp_path / "m.t7")
    _save("nn.Sequential():add(nn.Linear(3, 2)):add(nn.Tanh())", path)
    r = _cli("convert", path, "-o", str(tmp_path / "out.py"), "--target", "torch")
    assert r.returncode == 0, r.stderr
    assert "verified" in r.stdout and (tmp_path / "out.pth").exists()
    r = _cli("inspect", path)
    assert r.returncode == 0 and "nn.Linear" in r.stdout and "2x3" in r.stdout


@pytest.mark.parametrize("content,expect", [
    (b"not a torch file", "could not be read"),
    (None, "no such file"),
])
def test_cli_bad_files_fail_with_one_paragraph(tmp_path, content, expect):
    path = tmp_path / "bad.t7"
    if content is not None:
        path.write_bytes(content)
    r = _cli("convert", str(path))
    assert r.returncode != 0
    assert expect in r.stderr and "Traceback" not in r.stderr


def test_file_without_module_and_unsupported_class(tmp_path):
    rt = runtime()
    p1 = str(tmp_path / "t.t7")
    rt.execute("torch.save(..., {a = torch.randn(3), b = 'x'})", p1)
    r = _cli("convert", p1)
    assert r.returncode != 0 and "no nn module" in r.stderr and "Traceback" not in r.stderr
    p2 = str(tmp_path / "u.t7")
    rt.execute("""
      local Odd, parent = torch.class('nn.OddLayerForTest', 'nn.Module')
      torch.save(..., nn.Sequential():add(nn.Linear(2, 2)):add(nn.OddLayerForTest()))
    """, p2)
    with pytest.raises(mt.ConversionError, match="OddLayerForTest"):
        mt.convert(p2, target="torch")
    src, _ = mt.convert(p2, target="torch", allow_missing=True)
    assert "T7Missing('nn.OddLayerForTest'" in src
