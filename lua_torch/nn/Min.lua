-- nn.Min([dim=1[, nInputDims]]): minimum over dim (see nn.Max).
local Min, parent = torch.class('nn.Min', 'nn.Max')

function Min:_reduce(values, indices, input, dim) torch.min(values, indices, input, dim) end
