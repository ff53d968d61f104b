"""torch.linalg: the namespace over pytorch_api/_linalg.py."""
from ._linalg import (inv, det, slogdet, solve, cholesky, qr, svd, svdvals, eigh, eigvalsh, norm, vector_norm,
                      matrix_norm, pinv, matrix_rank, lstsq, cross, matrix_power, matrix_exp, multi_dot)


def inv_ex(A, *, check_errors=False):
    from ._creation import zeros
    return inv(A), zeros(A.shape[:-2], dtype=__import__("pytorch_api").int32)


def cholesky_ex(A, *, upper=False, check_errors=False):
    from ._creation import zeros
    return cholesky(A, upper=upper), zeros(A.shape[:-2], dtype=__import__("pytorch_api").int32)


from ._linalg import lu, lu_factor  # noqa: E402,F401
