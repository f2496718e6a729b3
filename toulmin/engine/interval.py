"""Sound interval arithmetic on floats, rounded outward by one ulp per operation.

Every result encloses all real results of the operation over its operand
intervals, so an inequality proved on the enclosure holds on the whole box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

_INF = math.inf
_down = math.nextafter


def _lo(x: float) -> float:
    return _down(x, -_INF) if math.isfinite(x) else x


def _hi(x: float) -> float:
    return _down(x, _INF) if math.isfinite(x) else x


class DomainError(ArithmeticError):
    """The operation is undefined somewhere in the operand intervals."""


@dataclass(frozen=True, slots=True)
class Interval:
    lo: float
    hi: float

    @staticmethod
    def point(x: float) -> Interval:
        return Interval(x, x)

    @property
    def mid(self) -> float:
        if math.isinf(self.lo) or math.isinf(self.hi):
            return (
                0.0 if self.lo < 0 < self.hi else (self.lo if math.isfinite(self.lo) else self.hi)
            )
        return self.lo + (self.hi - self.lo) / 2

    @property
    def width(self) -> float:
        return self.hi - self.lo

    def contains_zero(self) -> bool:
        return self.lo <= 0.0 <= self.hi

    def __add__(self, o: Interval) -> Interval:
        return Interval(_sum_lo(self.lo, o.lo), _sum_hi(self.hi, o.hi))

    def __sub__(self, o: Interval) -> Interval:
        return Interval(_sum_lo(self.lo, -o.hi), _sum_hi(self.hi, -o.lo))

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def __mul__(self, o: Interval) -> Interval:
        if self.lo == self.hi and o.lo == o.hi:
            p = _prod(self.lo, o.lo)
            if _prod_exact(self.lo, o.lo, p):
                return Interval(p, p)
            return Interval(_lo(p), _hi(p))
        ps = [(_prod(a, b), a, b) for a in (self.lo, self.hi) for b in (o.lo, o.hi)]
        lo = min(p for p, _, _ in ps)
        hi = max(p for p, _, _ in ps)
        # an end is exact only if every product equal to it is (0.0 == -0.0 may hide
        # an underflowed product behind an exact zero)
        lo_exact = all(_prod_exact(a, b, p) for p, a, b in ps if p == lo)
        hi_exact = all(_prod_exact(a, b, p) for p, a, b in ps if p == hi)
        return Interval(lo if lo_exact else _lo(lo), hi if hi_exact else _hi(hi))

    def __truediv__(self, o: Interval) -> Interval:
        if o.lo <= 0.0 <= o.hi:
            raise DomainError("division by an interval containing zero")
        qs = [a / b for a in (self.lo, self.hi) for b in (o.lo, o.hi)]
        return Interval(_lo(min(qs)), _hi(max(qs)))

    def abs(self) -> Interval:
        if self.lo >= 0:
            return self
        if self.hi <= 0:
            return -self
        return Interval(0.0, max(-self.lo, self.hi))

    def min(self, o: Interval) -> Interval:
        return Interval(min(self.lo, o.lo), min(self.hi, o.hi))

    def max(self, o: Interval) -> Interval:
        return Interval(max(self.lo, o.lo), max(self.hi, o.hi))

    def union(self, o: Interval) -> Interval:
        return Interval(min(self.lo, o.lo), max(self.hi, o.hi))


def _two_sum_exact(a: float, b: float, s: float) -> bool:
    """True when the float sum s = a + b had no rounding error (Knuth's TwoSum)."""
    if not math.isfinite(s):
        return False
    bb = s - a
    return (a - (s - bb)) + (b - bb) == 0.0


def _sum_lo(a: float, b: float) -> float:
    s = a + b
    return s if _two_sum_exact(a, b, s) else _lo(s)


def _sum_hi(a: float, b: float) -> float:
    s = a + b
    return s if _two_sum_exact(a, b, s) else _hi(s)


_SPLIT = 134217729.0  # 2**27 + 1, Veltkamp's splitter


def _split(a: float) -> tuple[float, float]:
    c = _SPLIT * a
    hi = c - (c - a)
    return hi, a - hi


def _prod_exact(a: float, b: float, p: float) -> bool:
    """True when the float product p = a·b had no rounding error (Dekker's TwoProduct)."""
    if a == 0.0 or b == 0.0:
        return True
    if not math.isfinite(p) or abs(a) > 1e290 or abs(b) > 1e290 or abs(p) < 1e-290:
        return False
    ah, al = _split(a)
    bh, bl = _split(b)
    err = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return err == 0.0


def _prod(a: float, b: float) -> float:
    # 0 * inf is 0 for enclosure purposes (the operand is exactly zero)
    if a == 0.0 or b == 0.0:
        return 0.0
    return a * b


def powi(x: Interval, n: int) -> Interval:
    """x**n for an integer n (negative n divides)."""
    if n == 0:
        return Interval(1.0, 1.0)
    if n < 0:
        return Interval(1.0, 1.0) / powi(x, -n)
    try:
        a, b = x.lo**n, x.hi**n
    except OverflowError:
        a, b = (_INF if abs(x.lo) > 1 else 0.0), (_INF if abs(x.hi) > 1 else 0.0)
        if x.lo < 0 and n % 2:
            a = -a
    if n % 2 == 0:
        if x.lo >= 0:
            return Interval(_lo(a), _hi(b))
        if x.hi <= 0:
            return Interval(_lo(b), _hi(a))
        return Interval(0.0, _hi(max(a, b)))
    return Interval(_lo(a), _hi(b))


def powr(x: Interval, p: float) -> Interval:
    """x**p for a non-integer exponent; needs x ≥ 0."""
    if x.lo < 0:
        raise DomainError("a fractional power of a negative value")
    if x.lo == 0 and p < 0:
        raise DomainError("a negative power of zero")
    a = x.lo**p
    b = x.hi**p
    lo, hi = (a, b) if p > 0 else (b, a)
    return Interval(max(0.0, _lo(_lo(lo))), _hi(_hi(hi)))


def monotone(fn, x: Interval, increasing: bool = True) -> Interval:
    """Apply a monotone libm function, widened by two ulps for libm error."""
    a, b = fn(x.lo), fn(x.hi)
    if not increasing:
        a, b = b, a
    return Interval(_lo(_lo(a)), _hi(_hi(b)))
