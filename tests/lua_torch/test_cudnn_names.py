"""A model saved with cudnn layer classes (as GPU checkpoints are) loads on the CPU as nn modules."""
from bridge.runtime import LuaRuntime


def test_cudnn_classes_load_as_nn(tmp_path):
    path = str(tmp_path / "gpu_model.t7")
    writer = LuaRuntime()
    writer.execute("""
      require 'nn'
      -- stand-ins for cudnn's classes, as a GPU machine would have defined them
      cudnn = {}
      torch._registry['cudnn.SpatialConvolution'] = nil
      torch._registry['cudnn.ReLU'] = nil
      torch.class('cudnn.SpatialConvolution', 'nn.SpatialConvolution')
      torch.class('cudnn.ReLU', 'nn.ReLU')
      torch.manualSeed(1)
      local m = nn.Sequential():add(cudnn.SpatialConvolution(3, 4, 3, 3)):add(cudnn.ReLU())
      torch.save(..., m)
    """, path)
    reader = LuaRuntime()
    out = reader.eval("""(function(path)
      require 'nn'
      local m = torch.load(path)
      local y = m:forward(torch.ones(1, 3, 5, 5))
      return torch.typename(m.modules[1]) .. ' ' .. torch.typename(m.modules[2]) .. ' ' .. y:size(2)
    end)(...)""", path)
    assert out == "nn.SpatialConvolution nn.ReLU 4"
