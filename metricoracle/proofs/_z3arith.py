"""The z3 interpretation of the spec's arithmetic, and symbolic-length vectors.

:class:`Z3Arith` implements the spec's ``Arith`` protocol on z3 real terms, so the spec's
own formulas (``precision(pool(one_vs_rest(marginals(M))))``) run unchanged on a numpy
``object`` matrix of z3 variables.  Division is always guarded and always real:
``div(num, den, if_zero=z) = If(den == 0, z, ToReal(num) / ToReal(den))`` (z3's ``x/0``
is unspecified and ``Int/Int`` is integer division; both would make false claims
"provable").

:class:`SymVector` is a vector of *symbolic* length ``n`` (one entry per label, for every
number of labels at once).  It supports the operations the spec's formulas use on
per-label vectors (``+ - *`` and ``.sum()``); ``.sum()`` is a z3 ``RecFunction``
(``S(m) = S(m-1) + v[m-1]``), about which facts are proved by induction
(:mod:`metricoracle.proofs._kernel`).  Calling ``one_vs_rest`` and ``pool`` on
symbolic-length marginals is therefore calling the spec's own functions.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import z3

Term = Any  # a z3 ArithRef (z3py is untyped)


def real(value: Any) -> Term:
    """A z3 real term (a :class:`Scalar`) for an int/Fraction/z3 value.

    Int terms are converted with ToReal: z3's ``Int / Int`` is integer division.
    """
    if isinstance(value, Scalar):
        return value
    if isinstance(value, z3.ArithRef):
        return Scalar(z3.ToReal(value) if value.is_int() else value)
    if isinstance(value, Fraction):
        return Scalar(z3.RealVal(f"{value.numerator}/{value.denominator}"))
    if isinstance(value, bool | np.bool_):
        raise TypeError("booleans are not counts")
    return Scalar(z3.RealVal(int(value)))


def _guarded(num: Any, den: Any, if_zero: Any) -> Term:
    den = real(den).plain()
    return Scalar(z3.If(den == 0, real(if_zero).plain(), real(num).plain() / den))


class Z3Arith:
    """The spec's ``Arith`` protocol over z3 real terms (elementwise on object arrays)."""

    def lift(self, value: int | Fraction) -> Term:
        return real(value)

    def vector(self, values: Any) -> Any:
        if isinstance(values, SymVector):
            return values
        arr = np.asarray(values, dtype=object)
        if arr.ndim == 0:
            return real(arr[()])
        out = np.empty(arr.shape, dtype=object)
        for index in np.ndindex(arr.shape):
            out[index] = real(arr[index])
        return out

    def total(self, values: Any) -> Any:
        return values.sum()

    def div(self, num: Any, den: Any, *, if_zero: Any) -> Any:
        if isinstance(num, SymVector) or isinstance(den, SymVector):
            return SymVector.zip(lambda a, b: _guarded(a, b, if_zero), num, den, "div")
        if np.ndim(num) == 0 and np.ndim(den) == 0:
            return _guarded(num, den, if_zero)
        num_a, den_a = np.broadcast_arrays(np.asarray(num, dtype=object),
                                           np.asarray(den, dtype=object))
        zero_a = np.broadcast_to(np.asarray(if_zero, dtype=object), num_a.shape)
        out = np.empty(num_a.shape, dtype=object)
        for index in np.ndindex(num_a.shape):
            out[index] = _guarded(num_a[index], den_a[index], zero_a[index])
        return out


Z3 = Z3Arith()


def symbolic_matrix(n: int, name: str = "c", *, integer: bool = False) -> np.ndarray:
    """An n×n object array of fresh z3 variables ``{name}_{i}_{j}`` (Real unless integer)."""
    make = z3.Int if integer else z3.Real
    out = np.empty((n, n), dtype=object)
    for i, j in itertools.product(range(n), range(n)):
        out[i, j] = real(make(f"{name}_{i}_{j}"))
    return out


def symbolic_vector(n: int, name: str) -> np.ndarray:
    """A length-n object array of fresh z3 Real variables ``{name}_{k}``."""
    out = np.empty(n, dtype=object)
    for k in range(n):
        out[k] = real(z3.Real(f"{name}_{k}"))
    return out


def entries(array: Any) -> list[Term]:
    """The elements of an object array (or a scalar) as a flat list."""
    return list(np.asarray(array, dtype=object).ravel())


_counter = itertools.count()
# every recursive function defined here or in ``_alln``: name -> (parameters, body), so a
# term can be unfolded for a fixed number of classes (``_link``)
REC_DEFS: dict[str, tuple[list[Any], Any]] = {}


def define_rec(fn: Any, params: list[Any], body: Any) -> None:
    """``z3.RecAddDefinition``, remembering the definition (see ``_link``)."""
    z3.RecAddDefinition(fn, params, body)
    REC_DEFS[fn.name()] = (params, body)


_K = z3.Int("k!elem")
_SUMS: dict[tuple[str, str], Any] = {}


class SymVector:
    """A vector of symbolic length: element ``k`` (a z3 Int term) is ``elem(k)``.

    Only what the spec's per-label formulas need is supported: elementwise ``+ - *``
    with another SymVector or a scalar term, and ``sum()``.  ``partial_sum(m)`` is the
    recursive function ``Σ_{k<m} elem(k)`` (memoised per vector), so induction lemmas
    can speak about every prefix.
    """

    def __init__(self, elem: Callable[[Term], Term], length: Term, label: str) -> None:
        self.elem = elem
        self.length = length
        self.label = label
        self._sum: Any = None

    def __getitem__(self, k: Term) -> Term:
        return self.elem(k)

    def __len__(self) -> int:
        # Python's len() must return an int: a symbolic length has none.  Formulas that
        # need the number of labels (the macro mean) cannot take a SymVector.
        raise TypeError(f"SymVector {self.label!r} has symbolic length {self.length}")

    @staticmethod
    def zip(fn: Callable[[Term, Term], Term], a: Any, b: Any, op: str) -> SymVector:
        """Elementwise ``fn(a[k], b[k])``; a scalar operand is broadcast."""
        ref = a if isinstance(a, SymVector) else b
        if isinstance(a, SymVector) and isinstance(b, SymVector) and a.length is not b.length:
            # identical length objects are required: z3 equality of lengths is not decidable here
            raise ValueError("SymVector operands must share the same length term")

        def at(x: Any, k: Term) -> Term:
            if isinstance(x, SymVector):
                return x.elem(k)
            return x.plain() if isinstance(x, Scalar) else x

        label = f"({_lab(a)} {op} {_lab(b)})"
        return SymVector(lambda k: fn(at(a, k), at(b, k)), ref.length, label)

    def __add__(self, other: Any) -> SymVector:
        return SymVector.zip(lambda x, y: x + y, self, other, "+")

    def __radd__(self, other: Any) -> SymVector:
        return SymVector.zip(lambda x, y: x + y, other, self, "+")

    def __sub__(self, other: Any) -> SymVector:
        return SymVector.zip(lambda x, y: x - y, self, other, "-")

    def __rsub__(self, other: Any) -> SymVector:
        return SymVector.zip(lambda x, y: x - y, other, self, "-")

    def __mul__(self, other: Any) -> SymVector:
        return SymVector.zip(lambda x, y: x * y, self, other, "*")

    def __rmul__(self, other: Any) -> SymVector:
        return SymVector.zip(lambda x, y: x * y, other, self, "*")

    def __neg__(self) -> SymVector:
        return SymVector(lambda k: -self.elem(k), self.length, f"-{self.label}")

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """``np.multiply.outer(a, b)`` of two SymVectors is the SymMatrix ``a_i·b_j``
        (the spec's ``cohen_kappa``); numpy's other ufuncs do not apply."""
        if ufunc is np.multiply and method == "outer" and not kwargs and len(inputs) == 2:
            a, b = inputs
            if isinstance(a, SymVector) and isinstance(b, SymVector) and a.length is b.length:
                return SymMatrix(lambda i, j: _plain(a.elem(i)) * _plain(b.elem(j)), a.length,
                                 f"outer({a.label}, {b.label})")
        return NotImplemented

    def partial_sum(self, m: Term) -> Term:
        """``Σ_{k<m} elem(k)``, a z3 recursive function applied to ``m``."""
        if self._sum is None:
            # vectors with the same element term share one recursive function, so a lemma
            # about a vector rebuilt by another call of the same formula applies to it
            key = (real(self.elem(_K)).sexpr(), str(self.length))
            if key not in _SUMS:
                name = f"sum{next(_counter)}"
                fn = z3.RecFunction(name, z3.IntSort(), z3.RealSort())
                j = z3.Int(f"{name}_m")
                define_rec(fn, [j], z3.If(j <= 0, z3.RealVal(0),
                                          fn(j - 1) + real(self.elem(j - 1)).plain()))
                _SUMS[key] = fn
            self._sum = _SUMS[key]
        return self._sum(m)

    def sum(self) -> Term:
        """``Σ_{k<length} elem(k)`` (what numpy's ``.sum()`` is for a concrete vector)."""
        return real(self.partial_sum(self.length))

    def __repr__(self) -> str:
        return f"SymVector({self.label}, length={self.length})"


_I, _J = z3.Ints("i!elem j!elem")
_ROW_SUMS: dict[tuple[str, str], Any] = {}


class SymMatrix:
    """A square matrix of symbolic size: entry ``(i, j)`` is ``elem(i, j)``.

    What the spec's ``cohen_kappa`` needs: elementwise ``*`` with another SymMatrix and
    ``sum(axis=1 | 0 | None)``.  Row sums are the recursive function
    ``row_partial(i, m) = Σ_{j<m} elem(i, j)`` (memoised per element term); the total
    is the SymVector of row sums summed.  ``margins`` (row sums, column sums, total)
    replace the computed sums for a matrix whose sums are already defined elsewhere
    (the confusion matrix of :class:`~metricoracle.proofs._alln.MatrixN`).
    """

    def __init__(self, elem: Callable[[Term, Term], Term], size: Term, label: str, *,
                 margins: tuple[SymVector, SymVector, Term] | None = None) -> None:
        self.elem = elem
        self.size = size
        self.label = label
        self.margins = margins
        self._row: Any = None

    def __getitem__(self, index: tuple[Term, Term]) -> Term:
        return self.elem(*index)

    def row_partial(self, i: Term, m: Term) -> Term:
        """``Σ_{j<m} elem(i, j)``."""
        if self._row is None:
            key = (real(self.elem(_I, _J)).sexpr(), str(self.size))
            if key not in _ROW_SUMS:
                name = f"rowsum{next(_counter)}"
                fn = z3.RecFunction(name, z3.IntSort(), z3.IntSort(), z3.RealSort())
                i0, m0 = z3.Ints(f"{name}_i {name}_m")
                define_rec(fn, [i0, m0], z3.If(
                    m0 <= 0, z3.RealVal(0), fn(i0, m0 - 1) + real(self.elem(i0, m0 - 1)).plain()))
                _ROW_SUMS[key] = fn
            self._row = _ROW_SUMS[key]
        return self._row(i, m)

    def rows(self) -> SymVector:
        """The row sums (``sum(axis=1)``)."""
        if self.margins is not None:
            return self.margins[0]
        return SymVector(lambda i: self.row_partial(i, self.size), self.size,
                         f"{self.label}.rows")

    def sum(self, axis: int | None = None) -> Any:
        if axis == 1:
            return self.rows()
        if axis == 0:
            if self.margins is not None:
                return self.margins[1]
            return self.transpose().rows()
        if axis is not None:
            raise ValueError(f"axis={axis!r}")
        return real(self.margins[2]) if self.margins is not None else self.rows().sum()

    def transpose(self) -> SymMatrix:
        return SymMatrix(lambda i, j: self.elem(j, i), self.size, f"{self.label}.T")

    def __mul__(self, other: Any) -> SymMatrix:
        if isinstance(other, SymMatrix):
            if other.size is not self.size:
                raise ValueError("SymMatrix operands must share the same size term")
            return SymMatrix(lambda i, j: _plain(self.elem(i, j)) * _plain(other.elem(i, j)),
                             self.size, f"({self.label} * {other.label})")
        value = _plain(other)
        return SymMatrix(lambda i, j: _plain(self.elem(i, j)) * value, self.size,
                         f"({self.label} * {other})")

    __rmul__ = __mul__

    def __repr__(self) -> str:
        return f"SymMatrix({self.label}, size={self.size})"


def _plain(x: Any) -> Term:
    return real(x).plain()


class Scalar(z3.ArithRef):
    """A z3 real term that also combines with numpy arrays and :class:`SymVector`s.

    z3's own operators try to coerce any right operand into a numeral, so ``total - tp``
    (a z3 term minus a per-label array) would fail inside the spec's ``one_vs_rest``.
    This subclass returns ``NotImplemented`` for arrays (numpy then applies the operation
    elementwise), builds a SymVector for SymVectors, and keeps results wrapped.  Python
    tries a subclass's reflected operator first, so ``plain_term - scalar`` works too.
    """

    def __init__(self, term: Term) -> None:
        super().__init__(term.as_ast(), term.ctx)

    def plain(self) -> Term:
        return z3.ArithRef(self.as_ast(), self.ctx)

    def _op(self, other: Any, fn: Callable[[Term, Term], Term], op: str, swap: bool) -> Any:
        if isinstance(other, np.ndarray):
            return NotImplemented
        if isinstance(other, SymVector):
            a, b = (other, self.plain()) if swap else (self.plain(), other)
            return SymVector.zip(fn, a, b, op)
        other = real(other).plain()
        a, b = (other, self.plain()) if swap else (self.plain(), other)
        return Scalar(fn(a, b))

    def __add__(self, other: Any) -> Any:
        return self._op(other, lambda x, y: x + y, "+", swap=False)

    def __radd__(self, other: Any) -> Any:
        return self._op(other, lambda x, y: x + y, "+", swap=True)

    def __sub__(self, other: Any) -> Any:
        return self._op(other, lambda x, y: x - y, "-", swap=False)

    def __rsub__(self, other: Any) -> Any:
        return self._op(other, lambda x, y: x - y, "-", swap=True)

    def __mul__(self, other: Any) -> Any:
        return self._op(other, lambda x, y: x * y, "*", swap=False)

    def __rmul__(self, other: Any) -> Any:
        return self._op(other, lambda x, y: x * y, "*", swap=True)

    def __neg__(self) -> Any:
        return Scalar(-self.plain())


def _lab(x: Any) -> str:
    return x.label if isinstance(x, SymVector) else str(x)
