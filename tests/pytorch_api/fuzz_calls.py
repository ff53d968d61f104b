"""Calls pytorch_api functions and Tensor methods with random, mostly wrong, arguments (run as a script:
`python fuzz_calls.py SEED N`).  Any exception is fine; the process must survive.  Prints the calls whose
error was not one of the exception types PyTorch raises for bad arguments."""
import collections
import faulthandler
import random
import sys

faulthandler.enable()

import pytorch_api as torch  # noqa: E402

SKIP = {"save", "load", "set_num_threads", "manual_seed", "set_default_dtype", "set_printoptions",
        "use_deterministic_algorithms", "set_default_tensor_type", "set_grad_enabled", "compile",
        "set_rng_state", "seed", "set_flush_denormal"}


def main(seed, n):
    random.seed(seed)
    torch.manual_seed(seed)
    names = sorted(k for k in dir(torch) if not k.startswith("_") and k not in SKIP and callable(getattr(torch, k)))
    methods = sorted(k for k in dir(torch.Tensor) if not k.startswith("_") and callable(getattr(torch.Tensor, k, None)))

    def value():
        return random.choice([
            lambda: None, lambda: -1, lambda: 3, lambda: 10 ** 12, lambda: "abc", lambda: [1, 2], lambda: (2, 3),
            lambda: 0.5, lambda: float("nan"), lambda: torch.randn(random.randint(0, 3), 4),
            lambda: torch.tensor([1, 2, 7]), lambda: torch.tensor([True, False]), lambda: torch.empty(0),
            lambda: torch.randn(2, 3).t(), lambda: torch.zeros(2, 3, dtype=torch.int32),
            lambda: torch.randn(3, 4, requires_grad=True)])()

    odd = collections.Counter()
    for _ in range(n):
        if random.random() < 0.5:
            name = random.choice(names)
            f = getattr(torch, name)
        else:
            name = "Tensor." + random.choice(methods)
            x = random.choice([torch.randn(3, 4), torch.tensor([1, 2, 3]), torch.empty(0),
                               torch.randn(3, 4, requires_grad=True)])
            f = getattr(x, name[7:])
        args = [value() for _ in range(random.randint(0, 3))]
        try:
            f(*args)
        except (TypeError, ValueError, RuntimeError, IndexError, NotImplementedError, AssertionError):
            pass
        except Exception as e:  # noqa: BLE001 - reported, not fatal
            odd[(name, type(e).__name__)] += 1
    for (name, kind), count in odd.most_common():
        print(f"{count} {name} {kind}")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
