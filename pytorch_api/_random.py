"""Random sampling through a Generator object (the core's MT19937 once core-random lands)."""
from __future__ import annotations

import builtins

from . import _dtype as D
from . import _kernels as K
from ._tensor import Tensor, wrap, empty_c, new_out, _err
from ._creation import _sizes, _finish


class Generator:
    def __init__(self, device="cpu"):
        self._seed = 67280421310721
        self._state = K.generator_new(self._seed)

    def manual_seed(self, seed):
        self._seed = builtins.int(seed)
        self._state = K.generator_new(self._seed)
        return self

    def seed(self):
        import random
        return self.manual_seed(random.getrandbits(63))._seed

    def initial_seed(self):
        return self._seed

    def get_state(self):
        import pickle
        from ._creation import tensor
        import numpy as np
        return tensor(np.frombuffer(pickle.dumps(self._state.bit_generator.state), dtype=np.uint8).copy())

    def set_state(self, state):
        import pickle
        self._state.bit_generator.state = pickle.loads(bytes(state.numpy().tobytes()))


default_generator = Generator()


def manual_seed(seed):
    return default_generator.manual_seed(seed)


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(state):
    default_generator.set_state(state)


def _gen(g):
    return (g or default_generator)._state


def _new(size, dtype):
    d = dtype or D.get_default_dtype()
    return wrap(empty_c(_sizes(size), d), d)


def rand(*size, generator=None, dtype=None, requires_grad=False, device=None, **_):
    t = _new(size, dtype)
    K.uniform(t._c, _gen(generator), 0.0, 1.0)
    return _finish(t, requires_grad)


def randn(*size, generator=None, dtype=None, requires_grad=False, device=None, **_):
    t = _new(size, dtype)
    K.normal(t._c, _gen(generator), 0.0, 1.0)
    return _finish(t, requires_grad)


def randint(low, high=None, size=None, *, generator=None, dtype=None, device=None, **_):
    if high is None:
        low, high = 0, low
    t = _new((size,), dtype or D.int64)
    K.randint(t._c, _gen(generator), low, high)
    return t


def randperm(n, *, generator=None, dtype=None, device=None, **_):
    d = dtype or D.int64
    out = new_out(d)
    K.randperm(out, _gen(generator), n)
    return wrap(out, d)


def rand_like(input, dtype=None, **kw):
    return rand(input.shape, dtype=dtype or input.dtype, **kw)


def randn_like(input, dtype=None, **kw):
    return randn(input.shape, dtype=dtype or input.dtype, **kw)


def randint_like(input, low, high=None, dtype=None, **kw):
    return randint(low, high, input.shape, dtype=dtype or input.dtype, **kw)


def normal(mean=0.0, std=1.0, size=None, *, generator=None, **_):
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        shape = (mean if isinstance(mean, Tensor) else std).shape
        return randn(shape, generator=generator) * std + mean
    return randn(size, generator=generator) * std + mean


def bernoulli(input, p=None, *, generator=None):
    probs = input if p is None else input.new_full(input.shape, p)
    out = new_out(input.dtype)
    K.bernoulli(out, _gen(generator), probs._c)
    return wrap(out, input.dtype)


def multinomial(input, num_samples, replacement=False, *, generator=None):
    out = new_out(D.int64)
    K.multinomial(out, _gen(generator), input._c, num_samples, replacement)
    return wrap(out, D.int64)


def _uniform_(self, a=0.0, b=1.0, *, generator=None):
    K.uniform(self._c, _gen(generator), a, b)
    self._vc[0] += 1
    return self


def _normal_(self, mean=0.0, std=1.0, *, generator=None):
    K.normal(self._c, _gen(generator), mean, std)
    self._vc[0] += 1
    return self


def _bernoulli_(self, p=0.5, *, generator=None):
    from ._creation import full
    r = bernoulli(full(self.shape, p, dtype=D.float64), generator=generator)
    self.copy_(r)
    return self


def _random_(self, low=0, high=None, *, generator=None):
    if high is None:
        low, high = 0, low
    K.randint(self._c, _gen(generator), low, high)
    return self


Tensor.uniform_ = _uniform_
Tensor.normal_ = _normal_
Tensor.bernoulli_ = _bernoulli_
Tensor.random_ = _random_
Tensor.bernoulli = lambda self, p=None, generator=None: bernoulli(self, p, generator=generator)
Tensor.multinomial = multinomial
