"""RMSprop, Adagrad, Adadelta, Adamax, LBFGS with PyTorch's update rules (default, non-foreach paths)."""
import math

from ..autograd import no_grad
from .optimizer import Optimizer


def _zeros(p):
    from .. import zeros_like
    return zeros_like(p)


def _step_tensor():
    from .. import tensor
    return tensor(0.0)


class RMSprop(Optimizer):
    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False, **_):
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum,
                                      centered=centered))

    @no_grad()
    def step(self, closure=None):
        loss = self._closure(closure)
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is None:
                    continue
                grad = p.grad
                st = self.state.setdefault(p, {})
                if not st:
                    st["step"] = _step_tensor()
                    st["square_avg"] = _zeros(p)
                    if g["momentum"] > 0:
                        st["momentum_buffer"] = _zeros(p)
                    if g["centered"]:
                        st["grad_avg"] = _zeros(p)
                st["step"] += 1
                if g["weight_decay"]:
                    grad = grad.add(p, alpha=g["weight_decay"])
                sq = st["square_avg"]
                sq.mul_(g["alpha"]).addcmul_(grad, grad, value=1 - g["alpha"])
                if g["centered"]:
                    ga = st["grad_avg"]
                    ga.lerp_(grad, 1 - g["alpha"])
                    avg = sq.addcmul(ga, ga, value=-1).sqrt_().add_(g["eps"])
                else:
                    avg = sq.sqrt().add_(g["eps"])
                if g["momentum"] > 0:
                    buf = st["momentum_buffer"]
                    buf.mul_(g["momentum"]).addcdiv_(grad, avg)
                    p.add_(buf, alpha=-g["lr"])
                else:
                    p.addcdiv_(grad, avg, value=-g["lr"])
        return loss


class Adagrad(Optimizer):
    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, **_):
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay, eps=eps,
                                      initial_accumulator_value=initial_accumulator_value))
        for g in self.param_groups:
            for p in g["params"]:
                from .. import full_like
                self.state[p] = {"step": _step_tensor(),
                                 "sum": full_like(p, g["initial_accumulator_value"])}

    @no_grad()
    def step(self, closure=None):
        loss = self._closure(closure)
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is None:
                    continue
                grad = p.grad
                st = self.state[p]
                st["step"] += 1
                step = st["step"].item()
                if g["weight_decay"]:
                    grad = grad.add(p, alpha=g["weight_decay"])
                clr = g["lr"] / (1 + (step - 1) * g["lr_decay"])
                st["sum"].addcmul_(grad, grad, value=1)
                std = st["sum"].sqrt().add_(g["eps"])
                p.addcdiv_(grad, std, value=-clr)
        return loss


class Adadelta(Optimizer):
    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, **_):
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay))

    @no_grad()
    def step(self, closure=None):
        loss = self._closure(closure)
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is None:
                    continue
                grad = p.grad
                st = self.state.setdefault(p, {})
                if not st:
                    st["step"] = _step_tensor()
                    st["square_avg"] = _zeros(p)
                    st["acc_delta"] = _zeros(p)
                st["step"] += 1
                if g["weight_decay"]:
                    grad = grad.add(p, alpha=g["weight_decay"])
                sq, acc = st["square_avg"], st["acc_delta"]
                sq.mul_(g["rho"]).addcmul_(grad, grad, value=1 - g["rho"])
                std = sq.add(g["eps"]).sqrt_()
                delta = acc.add(g["eps"]).sqrt_().div_(std).mul_(grad)
                acc.mul_(g["rho"]).addcmul_(delta, delta, value=1 - g["rho"])
                p.add_(delta, alpha=-g["lr"])
        return loss


class Adamax(Optimizer):
    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, **_):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    @no_grad()
    def step(self, closure=None):
        from .. import maximum
        loss = self._closure(closure)
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None:
                    continue
                grad = p.grad
                st = self.state.setdefault(p, {})
                if not st:
                    st["step"] = _step_tensor()
                    st["exp_avg"] = _zeros(p)
                    st["exp_inf"] = _zeros(p)
                st["step"] += 1
                step = st["step"].item()
                if g["weight_decay"]:
                    grad = grad.add(p, alpha=g["weight_decay"])
                st["exp_avg"].lerp_(grad, 1 - b1)
                st["exp_inf"].copy_(maximum(st["exp_inf"].mul(b2), grad.abs().add(g["eps"])))
                clr = g["lr"] / (1 - b1 ** step)
                p.addcdiv_(st["exp_avg"], st["exp_inf"], value=-clr)
        return loss
