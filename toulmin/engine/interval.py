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
    # a lower end of +∞ can only come from an overflow of finite values (or a limit):
    # the largest float is still a sound lower bound, +∞ is not
    if x == _INF:
        return _MAX
    return _down(x, -_INF) if math.isfinite(x) else x


def _hi(x: float) -> float:
    if x == -_INF:
        return -_MAX
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
        """A finite point inside, for bisection and probes: the midpoint of a bounded
        interval; on a half-line (v2 one-sided ranges) a point ten times as far out as
        its finite end, so repeated bisection walks out geometrically (3, 30, 300, …)
        and every piece but the last is bounded."""
        if math.isinf(self.lo) or math.isinf(self.hi):
            return _far_point(self.lo, self.hi)
        return self.lo + (self.hi - self.lo) / 2

    @property
    def bounded(self) -> bool:
        """Both ends finite."""
        return math.isfinite(self.lo) and math.isfinite(self.hi)

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
        if self.lo >= 0.0 and o.lo >= 0.0:
            # both nonnegative (most ranges of quantities): the ends are the products of
            # the ends, so two products and their exactness checks instead of four
            lo, hi = _prod(self.lo, o.lo), _prod(self.hi, o.hi)
            return Interval(
                lo if _prod_exact(self.lo, o.lo, lo) else _lo(lo),
                hi if _prod_exact(self.hi, o.hi, hi) else _hi(hi),
            )
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
        if not (self.bounded and o.bounded):
            # ∞/∞ has no value; x/y = x·(1/y) with 1/±∞ = 0 exactly is sound
            return self * o.reciprocal()
        qs = [a / b for a in (self.lo, self.hi) for b in (o.lo, o.hi)]
        return Interval(_lo(min(qs)), _hi(max(qs)))

    def reciprocal(self) -> Interval:
        """1/x over an interval without zero; an infinite end maps to exactly 0 (its limit)."""
        if self.lo <= 0.0 <= self.hi:
            raise DomainError("division by an interval containing zero")
        lo = 0.0 if math.isinf(self.hi) else _lo(1.0 / self.hi)
        hi = 0.0 if math.isinf(self.lo) else _hi(1.0 / self.lo)
        return Interval(lo, hi)

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
    if math.isnan(s):  # ∞ − ∞: nothing is known about this end
        return -_INF
    return s if _two_sum_exact(a, b, s) else _lo(s)


def _sum_hi(a: float, b: float) -> float:
    s = a + b
    if math.isnan(s):
        return _INF
    return s if _two_sum_exact(a, b, s) else _hi(s)


def finite_ends(iv: Interval) -> tuple[float, float]:
    """The ends of an interval, an infinite end replaced by a finite point a million
    times further out than the other end: where a search may look, never at ∞."""

    def far(end: float, direction: float) -> float:
        if not math.isfinite(end):
            return 0.0
        x = end + direction * 1e6 * max(abs(end), 1.0)
        return x if math.isfinite(x) else math.copysign(_MAX, direction)

    lo = iv.lo if math.isfinite(iv.lo) else far(iv.hi, -1.0)
    hi = iv.hi if math.isfinite(iv.hi) else far(iv.lo, +1.0)
    return lo, hi


def _far_point(lo: float, hi: float) -> float:
    """A finite point of an interval with an infinite end (see `Interval.mid`)."""
    if math.isinf(lo) and math.isinf(hi):
        return 0.0
    if math.isinf(hi):
        m = lo + 9.0 * max(abs(lo), 1.0)
        return m if math.isfinite(m) else max(lo, _MAX)
    m = hi - 9.0 * max(abs(hi), 1.0)
    return m if math.isfinite(m) else min(hi, -_MAX)


_MAX = 1.7976931348623157e308


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
    a = _real_pow(x.lo, p)
    b = _real_pow(x.hi, p)
    lo, hi = (a, b) if p > 0 else (b, a)
    return Interval(max(0.0, _lo(_lo(lo))), _hi(_hi(hi)))


def _real_pow(x: float, p: float) -> float:
    """x**p for x ≥ 0, with an overflow as +∞ (an outward bound, never a wrong value)."""
    try:
        return x**p
    except OverflowError:
        return _INF


def monotone(fn, x: Interval, increasing: bool = True) -> Interval:
    """Apply a monotone libm function, widened by two ulps for libm error."""
    a, b = fn(x.lo), fn(x.hi)
    if not increasing:
        a, b = b, a
    return Interval(_lo(_lo(a)), _hi(_hi(b)))
