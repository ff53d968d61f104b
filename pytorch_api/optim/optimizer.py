"""Optimizer base: param groups with defaults, per-parameter state, state_dict/load_state_dict."""
from __future__ import annotations

import copy


class Optimizer:
    def __init__(self, params, defaults):
        self.defaults = defaults
        self.state = {}
        self.param_groups = []
        params = list(params)
        if not params:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(params[0], dict):
            params = [{"params": params}]
        for g in params:
            self.add_param_group(g)

    def add_param_group(self, group):
        group = dict(group)
        ps = group["params"]
        group["params"] = [ps] if hasattr(ps, "requires_grad") else list(ps)
        for k, v in self.defaults.items():
            group.setdefault(k, v)
        self.param_groups.append(group)

    def zero_grad(self, set_to_none=True):
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is not None:
                    if set_to_none:
                        p.grad = None
                    else:
                        p.grad.zero_()

    def state_dict(self):
        ids = {}
        groups = []
        for g in self.param_groups:
            ng = {k: v for k, v in g.items() if k != "params"}
            ng["params"] = []
            for p in g["params"]:
                ids.setdefault(id(p), len(ids))
                ng["params"].append(ids[id(p)])
            groups.append(ng)
        state = {ids[id(p)]: s for p, s in self.state.items() if id(p) in ids}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, sd):
        params = [p for g in self.param_groups for p in g["params"]]
        for g, sg in zip(self.param_groups, sd["param_groups"]):
            for k, v in sg.items():
                if k != "params":
                    g[k] = v
        self.state = {}
        for i, s in sd["state"].items():
            self.state[params[int(i)]] = {k: (v.clone() if hasattr(v, "clone") else copy.deepcopy(v))
                                          for k, v in s.items()}

    def _closure(self, closure):
        if closure is None:
            return None
        from ..autograd import enable_grad
        with enable_grad():
            return closure()
