"""SymPy at the edges: IR → SymPy, solving under a time budget, SymPy → IR.

SymPy expressions are built from the IR with internal symbol names (`v0`,
`v1`, …); no text from a file ever reaches SymPy's parser. Imported only when
a file needs backward solving or an `open` condition.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import Any

from toulmin.engine import ir
from toulmin.engine.ops import OPS


class Budget(BaseException):
    """The time budget of a symbolic step ran out.

    A BaseException, not an Exception: SymPy and mpmath catch `Exception` broadly (and so
    do our own retry loops), and a deadline that a `try` can swallow is no deadline.
    """


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Stop the enclosed SymPy call after `seconds`, in any thread.

    On the main thread a SIGALRM timer raises `Budget`; elsewhere (an editor's worker
    thread) a watchdog raises it asynchronously in the calling thread. Either way it
    arrives between two bytecodes, so pure-Python solvers (SymPy, mpmath) stop.
    """
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread():

        def _stop(signum: int, frame: Any) -> None:
            raise Budget()

        old = signal.signal(signal.SIGALRM, _stop)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        return
    import ctypes

    target = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True}
    done = threading.Event()

    def watchdog() -> None:
        if done.wait(seconds):
            return
        with lock:
            if state["active"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(target), ctypes.py_object(Budget)
                )

    dog = threading.Thread(target=watchdog, daemon=True)
    dog.start()
    try:
        yield
    finally:
        with lock:
            state["active"] = False
        done.set()


class Translator:
    """Maps program names to SymPy symbols and back."""

    def __init__(self, positive: dict[str, bool] | None = None) -> None:
        import sympy

        self.sp = sympy
        self.symbols: dict[str, Any] = {}
        self.names: dict[Any, str] = {}
        self.positive = positive or {}

    def symbol(self, name: str) -> Any:
        if name not in self.symbols:
            pos = self.positive.get(name, True)
            sym = (
                self.sp.Symbol(f"v{len(self.symbols)}", positive=True)
                if pos
                else self.sp.Symbol(f"v{len(self.symbols)}", real=True)
            )
            self.symbols[name] = sym
            self.names[sym] = name
        return self.symbols[name]

    def to_sympy(self, node: ir.Node) -> Any:
        sp = self.sp
        if isinstance(node, ir.Const):
            if node.exact is not None:
                return sp.Rational(node.exact.numerator, node.exact.denominator)
            return sp.Float(node.value)
        if isinstance(node, ir.Ref):
            return self.symbol(node.name)
        return OPS[node.op].sympy(sp, [self.to_sympy(x) for x in node.args], node.exponent)

    def from_sympy(self, expr: Any) -> ir.Node:
        """Back to IR; raises ValueError for forms the engine cannot evaluate."""
        sp = self.sp
        if expr in self.names:
            return ir.Ref(self.names[expr])
        if expr.is_Number:
            if expr.is_Rational:
                frac = Fraction(int(expr.p), int(expr.q))
                return ir.Const(float(frac), frac)
            if expr.is_real and expr.is_finite:
                return ir.Const(float(expr))
            raise ValueError(f"not a real number: {expr}")
        if expr is sp.E:
            return ir.Op("exp", (ir.Const(1.0, Fraction(1)),))
        if expr is sp.pi:
            return ir.Const(3.141592653589793)
        if isinstance(expr, sp.Add):
            args = [self.from_sympy(a) for a in expr.args]
            out = args[0]
            for a in args[1:]:
                out = ir.Op("+", (out, a))
            return out
        if isinstance(expr, sp.Mul):
            num, den = [], []
            for f in expr.args:
                if isinstance(f, sp.Pow) and f.exp.is_Rational and f.exp < 0:
                    den.append(f.base ** (-f.exp))
                else:
                    num.append(f)
            out = self.from_sympy(num[0]) if num else ir.Const(1.0, Fraction(1))
            for f in num[1:]:
                out = ir.Op("*", (out, self.from_sympy(f)))
            for f in den:
                out = ir.Op("/", (out, self.from_sympy(f)))
            return out
        if isinstance(expr, sp.Pow):
            base = self.from_sympy(expr.base)
            if expr.exp.is_Rational:
                p = Fraction(int(expr.exp.p), int(expr.exp.q))
                if p == Fraction(1, 2):
                    return ir.Op("sqrt", (base,))
                return ir.Op("pow", (base,), None, p)
            if expr.base is sp.E:
                return ir.Op("exp", (self.from_sympy(expr.exp),))
            # a^b = exp(b·log a)
            return ir.Op("exp", (ir.Op("*", (self.from_sympy(expr.exp), ir.Op("log", (base,)))),))
        for d in OPS.values():
            if d.sympy_class is not None and isinstance(expr, getattr(sp, d.sympy_class)):
                args = expr.args if d.arity is None else expr.args[: d.arity]
                return ir.Op(d.name, tuple(self.from_sympy(a) for a in args))
        raise ValueError(f"cannot evaluate {type(expr).__name__}")


def solve_for(
    tr: Translator, lhs: ir.Node, rhs: ir.Node, target: str, budget: float
) -> list[ir.Node] | None:
    """Solve lhs = rhs for `target`: linsolve, then solveset. None if it cannot.

    Returns every real solution found (the caller picks the admissible one).
    """
    sp = tr.sp
    try:
        with time_budget(budget):
            x = tr.symbol(target)
            eq = tr.to_sympy(lhs) - tr.to_sympy(rhs)
            sols: list[Any] = []
            try:
                poly = sp.Poly(eq, x)
                linear = poly.degree() == 1
            except (sp.PolynomialError, sp.GeneratorsNeeded, ValueError):
                linear = False
            if linear:
                res = sp.linsolve([eq], [x])
                sols = [s[0] for s in res]
            else:
                res = sp.solveset(eq, x, domain=sp.S.Reals)
                if (
                    isinstance(res, sp.Intersection)
                    and len(res.args) == 2
                    and sp.S.Reals in res.args
                    and any(isinstance(a, sp.FiniteSet) for a in res.args)
                ):
                    # `{log(log(y))} ∩ ℝ`: real where defined; where it is not, the
                    # evaluation says so (a domain error), never a wrong value
                    res = next(a for a in res.args if isinstance(a, sp.FiniteSet))
                if isinstance(res, sp.FiniteSet):
                    sols = list(res)
                else:
                    return None
            out = []
            for s in sols:
                try:
                    out.append(tr.from_sympy(sp.simplify(s) if len(str(s)) < 400 else s))
                except ValueError:
                    continue
            return out or None
    except Budget:
        return None
    except Exception:
        return None


def solve_block(
    tr: Translator, equations: list[tuple[ir.Node, ir.Node]], targets: list[str], budget: float
) -> dict[str, ir.Node] | None:
    """Solve a small square block of coupled equations together."""
    sp = tr.sp
    try:
        with time_budget(budget):
            xs = [tr.symbol(n) for n in targets]
            eqs = [tr.to_sympy(a) - tr.to_sympy(b) for a, b in equations]
            res = sp.solve(eqs, xs, dict=True)
            for sol in res:
                if all(x in sol for x in xs):
                    try:
                        return {n: tr.from_sympy(sol[x]) for n, x in zip(targets, xs)}
                    except ValueError:
                        continue
            return None
    except Budget:
        return None
    except Exception:
        return None


def solve_all(
    tr: Translator, lhs: ir.Node, rhs: ir.Node, target: str, budget: float
) -> tuple[list[ir.Node], bool]:
    """Every real solution of lhs = rhs for `target`, and whether the list is complete.

    Unlike `solve_for`, "no solution" and "could not solve" differ here: the flag is True
    only when SymPy returned a finite set of real solutions and every one of them was
    translated back, so an empty complete list is a proof that the equation has no real
    root (for the target's assumptions: positive or real). `condition.where_holds` needs that
    distinction to say "no value makes it hold" only when it is true.
    """
    sp = tr.sp
    try:
        with time_budget(budget):
            x = tr.symbol(target)
            eq = tr.to_sympy(lhs) - tr.to_sympy(rhs)
            try:
                poly = sp.Poly(eq, x)
                linear = poly.degree() == 1
            except (sp.PolynomialError, sp.GeneratorsNeeded, ValueError):
                linear = False
            if linear:  # the common case, and linsolve is much faster than solveset
                a, b = poly.all_coeffs()
                res = sp.FiniteSet(-b / a)
            else:
                res = sp.solveset(eq, x, domain=sp.S.Reals)
            if res is sp.S.EmptySet:
                return [], True  # proved: no real root
            if not isinstance(res, sp.FiniteSet):
                return [], False
            out: list[ir.Node] = []
            complete = True
            for s in res:
                try:
                    out.append(tr.from_sympy(sp.simplify(s) if len(str(s)) < 400 else s))
                except ValueError:
                    complete = False
            return out, complete
    except Budget:
        return [], False
    except Exception:
        return [], False
