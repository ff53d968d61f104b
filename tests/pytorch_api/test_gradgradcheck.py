"""gradgradcheck as PyTorch defines it: random output gradients that require grad are inputs of the check,
so a backward formula must be differentiable in its incoming gradient as well as in the saved inputs."""
import pytest

import pytorch_api as torch
import pytorch_api.nn.functional as F


class _Detached(torch.autograd.Function):
    """x ** 3 whose backward treats the incoming gradient as a constant (a broken double backward)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g.detach() * 3 * x ** 2


def _t(*shape):
    return torch.randn(*shape, dtype=torch.float64, requires_grad=True)


def test_a_backward_not_differentiable_in_its_gradient_is_caught():
    torch.manual_seed(0)
    x = _t(4)
    assert torch.autograd.gradcheck(_Detached.apply, (x,))           # first order is right
    with pytest.raises(RuntimeError, match="Jacobian mismatch"):
        torch.autograd.gradgradcheck(_Detached.apply, (x,))


torch.manual_seed(3)
_LSTM_CELL = torch.nn.LSTMCell(3, 4).double()
_GRU_CELL = torch.nn.GRUCell(3, 4).double()

CASES = {
    "elu": (lambda x: F.elu(x), [(5,)]),
    "gelu": (lambda x: F.gelu(x), [(5,)]),
    "softplus": (lambda x: F.softplus(x), [(5,)]),
    "conv2d": (lambda x, w: F.conv2d(x, w, padding=1), [(1, 2, 4, 4), (3, 2, 3, 3)]),
    "max_pool2d": (lambda x: F.max_pool2d(x, 2), [(1, 2, 4, 4)]),
    "conv_transpose2d": (lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1),
                         [(1, 2, 3, 3), (2, 3, 3, 3), (3,)]),
    "conv_transpose2d_groups": (lambda x, w: F.conv_transpose2d(x, w, stride=2, groups=2), [(1, 2, 3, 3), (2, 2, 3, 3)]),
    "conv_transpose1d": (lambda x, w: F.conv_transpose1d(x, w, stride=2), [(1, 2, 5), (2, 3, 3)]),
    "adaptive_max_pool2d": (lambda x: F.adaptive_max_pool2d(x, (2, 3)), [(1, 2, 5, 7)]),
    "avg_pool1d": (lambda x: F.avg_pool1d(x, 2), [(1, 2, 6)]),
    "adaptive_avg_pool2d": (lambda x: F.adaptive_avg_pool2d(x, (2, 3)), [(1, 2, 5, 7)]),
    "pad_reflect": (lambda x: F.pad(x, (1, 1), mode="reflect"), [(1, 2, 4)]),
    "pad_constant": (lambda x: F.pad(x, (1, 2, 0, 1), value=3.0), [(1, 2, 3, 3)]),
    "pad_replicate": (lambda x: F.pad(x, (2, 1, 1, 0), mode="replicate"), [(1, 1, 3, 3)]),
    "interpolate_bilinear": (lambda x: F.interpolate(x, scale_factor=2, mode="bilinear"), [(1, 2, 3, 3)]),
    "interpolate_nearest": (lambda x: F.interpolate(x, size=(5, 4), mode="nearest"), [(1, 2, 3, 3)]),
    "interpolate_linear_aligned": (lambda x: F.interpolate(x, size=7, mode="linear", align_corners=True), [(1, 2, 4)]),
    "layer_norm": (lambda x: F.layer_norm(x, (3,)), [(2, 3)]),
    "group_norm": (lambda x, w, b: F.group_norm(x, 2, w, b), [(2, 4, 3), (4,), (4,)]),
    "group_norm_one_group": (lambda x: F.group_norm(x, 1, eps=0.1), [(2, 3, 2, 2)]),
    "instance_norm": (lambda x: F.instance_norm(x), [(2, 3, 4)]),
    "cross_entropy": (lambda x: F.cross_entropy(x, torch.tensor([1, 0])), [(2, 3)]),
    "nll_none": (lambda x: F.nll_loss(x, torch.tensor([[1, 0, 2], [0, 2, 1]]), reduction="none"), [(2, 3, 3)]),
    "embedding": (lambda w: F.embedding(torch.tensor([0, 2, 1]), w), [(4, 3)]),
    "cosine_similarity": (lambda a, b: F.cosine_similarity(a, b), [(2, 4), (2, 4)]),
    "qr_r": (lambda a: torch.linalg.qr(a)[1], [(4, 3)]),
    "det": (lambda a: torch.linalg.det(a), [(3, 3)]),
    "inv": (lambda a: torch.linalg.inv(a), [(3, 3)]),
    "cholesky": (lambda a: torch.linalg.cholesky(a @ a.mT + 3 * torch.eye(3, dtype=torch.float64)), [(3, 3)]),
    "svdvals": (lambda a: torch.linalg.svdvals(a), [(4, 3)]),
    "lstm_cell": (lambda x, h, c: _LSTM_CELL(x, (h, c)), [(2, 3), (2, 4), (2, 4)]),
    "gru_cell": (lambda x, h: _GRU_CELL(x, h), [(2, 3), (2, 4)]),
    "eigh": (lambda a: torch.linalg.eigh(a + a.mT)[0], [(3, 3)]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_second_derivatives_pass_gradgradcheck(name):
    torch.manual_seed(1)
    fn, shapes = CASES[name]
    assert torch.autograd.gradgradcheck(fn, [_t(*s) for s in shapes])
