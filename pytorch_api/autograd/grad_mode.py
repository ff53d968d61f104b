"""Grad mode: a process-wide switch the op wrappers read on every call (a one-element list: fast to read)."""
from __future__ import annotations

import functools

ENABLED = [True]


class _Mode:
    """Base for no_grad / enable_grad / set_grad_enabled: context manager and decorator."""
    _target = True

    def __enter__(self):
        self._prev = ENABLED[0]
        ENABLED[0] = self._target

    def __exit__(self, *exc):
        ENABLED[0] = self._prev
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__() if type(self) is not set_grad_enabled else set_grad_enabled(self._target):
                return fn(*args, **kwargs)
        return wrapper


class no_grad(_Mode):
    _target = False


class enable_grad(_Mode):
    _target = True


class inference_mode(_Mode):
    _target = False

    def __init__(self, mode=True):
        self._target = not mode


class set_grad_enabled(_Mode):
    def __init__(self, mode):
        self._target = bool(mode)
        self._prev = ENABLED[0]
        ENABLED[0] = self._target   # takes effect as a plain function call too

    def __enter__(self):
        pass


def is_grad_enabled():
    return ENABLED[0]
