"""nn.Parameter: a leaf tensor that Modules register as a parameter."""
from __future__ import annotations

from .._tensor import Tensor, _init_alias


class Parameter(Tensor):
    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            from .._creation import empty
            data = empty(0)
        t = object.__new__(cls)
        _init_alias(t, data.detach())
        t._base = None
        t._vc = data._vc
        t._requires_grad = bool(requires_grad)
        return t

    def __init__(self, data=None, requires_grad=True):
        pass

    def __deepcopy__(self, memo):
        p = Parameter(self.detach().clone(), self._requires_grad)
        memo[id(self)] = p
        return p

    def __reduce_ex__(self, proto):
        return (Parameter, (self.detach().clone(), self._requires_grad))
