"""Grammar-aware generation: whole `.claim` programs over every statement kind, unit and range form.

Each program is built as data (`model.Program`) and printed as text, so the
oracle knows what every name's value is without parsing anything. Most
expressions are well-typed (so they reach the prover, where soundness is
checked); a few are deliberately ill-typed or ill-formed, to exercise the
diagnostics.

Language forms are listed in tables (`UNITS`, `FUNCTIONS`, `CMP_SPELLINGS`,
`V2_*`), so a new form is one entry. `v2=True` adds the spec v2 forms
(one-sided givens, distributions, `in` claims, `within factor`/`pp`,
scenarios with points, ranges, bounds and distributions, qualifiers, compounding
exponents `g ^ (span / 1 year)`, `P` and scale words).
"""

from __future__ import annotations

import random
from fractions import Fraction

from fuzz.model import Claim, Expr, Given, Let, Program, Raw, Rule, Scenario

Dims = dict[str, int]

#: name → (SI factor, dimension). Factors are the engine's (kg and B are base units).
UNITS: dict[str, tuple[Fraction, Dims]] = {
    "": (Fraction(1), {}),
    "%": (Fraction(1, 100), {}),
    "x": (Fraction(1), {}),
    "ppm": (Fraction(1, 10**6), {}),
    "s": (Fraction(1), {"t": 1}),
    "min": (Fraction(60), {"t": 1}),
    "h": (Fraction(3600), {"t": 1}),
    "day": (Fraction(86400), {"t": 1}),
    "week": (Fraction(604800), {"t": 1}),
    "year": (Fraction(31557600), {"t": 1}),  # Julian (spec §3)
    "common_year": (Fraction(31536000), {"t": 1}),
    "FLOP": (Fraction(1), {"c": 1}),
    "GFLOP": (Fraction(10**9), {"c": 1}),
    "TFLOP": (Fraction(10**12), {"c": 1}),
    "PFLOP": (Fraction(10**15), {"c": 1}),
    "B": (Fraction(1), {"i": 1}),
    "GB": (Fraction(10**9), {"i": 1}),
    "TB": (Fraction(10**12), {"i": 1}),
    "GiB": (Fraction(2**30), {"i": 1}),
    "MiB": (Fraction(2**20), {"i": 1}),
    "b": (Fraction(1, 8), {"i": 1}),
    "Gb": (Fraction(10**9, 8), {"i": 1}),
    "USD": (Fraction(1), {"usd": 1}),
    "cent": (Fraction(1, 100), {"usd": 1}),
    "GPU": (Fraction(1), {"gpu": 1}),
    "token": (Fraction(1), {"tok": 1}),
    "param": (Fraction(1), {"par": 1}),
    "W": (Fraction(1), {"kg": 1, "m": 2, "t": -3}),
    "kW": (Fraction(1000), {"kg": 1, "m": 2, "t": -3}),
    "MW": (Fraction(10**6), {"kg": 1, "m": 2, "t": -3}),
    "J": (Fraction(1), {"kg": 1, "m": 2, "t": -2}),
    "Wh": (Fraction(3600), {"kg": 1, "m": 2, "t": -2}),
    "kWh": (Fraction(3600000), {"kg": 1, "m": 2, "t": -2}),
    "m": (Fraction(1), {"m": 1}),
    "km": (Fraction(1000), {"m": 1}),
    "g": (Fraction(1, 1000), {"kg": 1}),
    "kg": (Fraction(1), {"kg": 1}),
    "Hz": (Fraction(1), {"t": -1}),
}
FUNCTIONS = ("min", "max", "abs", "sqrt", "log", "log10", "exp", "ceil", "floor")
#: Spellings of each comparison (spec §2), so every one gets written.
CMP_SPELLINGS = {
    "<": ("<",),
    "<=": ("<=", "≤"),
    ">": (">",),
    ">=": (">=", "≥"),
    "=": ("=", "=="),
    "!=": ("!=", "≠"),
    "≈": ("≈", "~", "~="),
}
SCALES = {"k": 3, "K": 3, "M": 6, "B": 9, "T": 12}
V2_SCALES = {"P": 15}
V2_SCALE_WORDS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
V2_QUALIFIERS = (
    "likely",
    "very likely",
    "unlikely",
    "virtually certain",
    "as likely as not",
    "with probability >= 80 %",
)
V2_DISTRIBUTIONS = ("to", "uniform", "normal", "lognormal", "triangular", "beta")
#: 1 year in seconds: the compounding exponent is `span / 1 year`
YEAR = Fraction(31557600)
MANTISSAS = ("1", "2", "2.5", "3", "3.35", "4", "7", "10", "12.5", "0.5", "0.1", "0.25", "989.4")


def _add(a: Dims, b: Dims, k: int = 1) -> Dims:
    out = dict(a)
    for n, p in b.items():
        out[n] = out.get(n, 0) + k * p
        if out[n] == 0:
            del out[n]
    return out


class Generator:
    """Builds one random program per call of `program()`."""

    def __init__(self, rng: random.Random, v2: bool = False) -> None:
        self.rng = rng
        self.v2 = v2
        self.units = dict(UNITS)
        self.dims_of: dict[str, Dims] = {}

    # ------------------------------------------------------------------ units and numbers
    def unit_for(self, dims: Dims | None = None) -> tuple[str, Fraction, Dims]:
        """A unit text, its SI factor and its dimension; one matching `dims` when given."""
        r = self.rng
        if dims is not None:
            simple = [n for n, (_, d) in self.units.items() if d == dims]
            if simple and r.random() < 0.8:
                n = r.choice(simple)
                return n, self.units[n][0], dims
            return self._compound(dims)
        if r.random() < 0.6:
            n = r.choice(list(self.units))
            return n, self.units[n][0], self.units[n][1]
        a = r.choice([n for n in self.units if n and n not in ("%", "x", "ppm")])
        b = r.choice([n for n in self.units if n and n not in ("%", "x", "ppm")])
        fa, da = self.units[a]
        fb, db = self.units[b]
        if r.random() < 0.5:
            return f"{a}/{b}", fa / fb, _add(da, db, -1)
        return f"{a}*{b}", fa * fb, _add(da, db)

    def _compound(self, dims: Dims) -> tuple[str, Fraction, Dims]:
        """Write any dimension as a product of base-ish units (`W*h/GPU`)."""
        base = {"t": "s", "c": "FLOP", "i": "B", "usd": "USD", "gpu": "GPU", "tok": "token"}
        base |= {"par": "param", "kg": "kg", "m": "m"}
        base |= {n: n for n, (_, d) in self.units.items() if d == {n: 1}}  # declared base units
        num = [f"{base[n]}^{p}" if p > 1 else base[n] for n, p in dims.items() if p > 0]
        den = [f"{base[n]}^{-p}" if p < -1 else base[n] for n, p in dims.items() if p < 0]
        if not num and not den:
            return "", Fraction(1), {}
        text = "*".join(num) if num else "1"
        if den:
            text += "/" + "/".join(den)
        return text, Fraction(1), dict(dims)

    def mantissa(self) -> tuple[str, Fraction]:
        r = self.rng
        m = r.choice(MANTISSAS)
        if r.random() < 0.3:
            m = (
                f"{r.randint(1, 9999)}"
                if r.random() < 0.5
                else f"{r.randint(1, 999)}.{r.randint(0, 99)}"
            )
        return m, Fraction(m)

    def number(self, dims: Dims | None = None, positive: bool = True) -> tuple[str, Fraction, Dims]:
        """`3.35 TB/s`, `2664K GPU*h`, `$5.576M`, `1e25 FLOP`: text, SI value, dimension."""
        r = self.rng
        text, value = self.mantissa()
        roll = r.random()
        if roll < 0.15:
            k = r.randint(-12, 15) if r.random() < 0.95 else r.choice((-299, 299, 200, -200))
            text += f"e{k}"
            value *= Fraction(10) ** k
        elif roll < 0.3:
            s = r.choice(list(SCALES) + (list(V2_SCALES) if self.v2 else []))
            text += s
            value *= 10 ** (SCALES | V2_SCALES)[s]
        elif roll < 0.35 and self.v2:
            w = r.choice(list(V2_SCALE_WORDS))
            text += " " + w
            value *= 10 ** V2_SCALE_WORDS[w]
        elif roll < 0.4 and "." not in text and "e" not in text and len(text) > 3:
            text = text[:-3] + "_" + text[-3:]
        unit, factor, udims = self.unit_for(dims)
        if unit == "USD" and r.random() < 0.3 and not text[-1].isalpha() and " " not in text:
            return "$" + text, value, udims
        if unit:
            # No space only where it cannot be misread: `2.5x`, never `4Bx` (4 billion x?).
            head = unit[0]
            tight = r.random() < 0.2 and text[-1].isdigit() and (head == "%" or head.isalpha())
            tight = tight and head not in "kKMBTGP"
            text += ("" if tight else " ") + unit
        if not positive and r.random() < 0.3:
            return "-" + text, -value * factor, udims
        return text, value * factor, udims

    # ------------------------------------------------------------------ expressions
    def expr(self, dims: Dims, names: dict[str, Dims], depth: int = 0) -> Expr:
        """A well-typed expression of dimension `dims` over `names`."""
        r = self.rng
        same = [n for n, d in names.items() if d == dims]
        if depth >= 3 or r.random() < 0.35:
            if same and r.random() < 0.7:
                return ("name", r.choice(same))
            text, value, _ = self.number(dims)
            return ("num", value, text)
        roll = r.random()
        if roll < 0.25:
            op = r.choice("+-")
            return ("bin", op, self.expr(dims, names, depth + 1), self.expr(dims, names, depth + 1))
        if roll < 0.55:
            # a * b or a / b: split the dimension between the two sides
            other = r.choice([d for d in names.values()] + [{}]) if names else {}
            if r.random() < 0.5:
                return (
                    "bin",
                    "*",
                    self.expr(other, names, depth + 1),
                    self.expr(_add(dims, other, -1), names, depth + 1),
                )
            return (
                "bin",
                "/",
                self.expr(_add(dims, other), names, depth + 1),
                self.expr(other, names, depth + 1),
            )
        if roll < 0.62:
            return ("neg", self.expr(dims, names, depth + 1))
        if roll < 0.7 and all(p % 2 == 0 for p in dims.values()):
            half = {n: p // 2 for n, p in dims.items()}
            k = 2
            return ("pow", self.expr(half, names, depth + 1), k)
        if roll < 0.78:
            fn = r.choice(("min", "max"))
            return (
                "call",
                fn,
                (self.expr(dims, names, depth + 1), self.expr(dims, names, depth + 1)),
            )
        if roll < 0.84:
            return ("call", "abs", (self.expr(dims, names, depth + 1),))
        if roll < 0.9 and all(p % 2 == 0 for p in dims.values()):
            return (
                "call",
                "sqrt",
                (self.expr({n: 2 * p for n, p in dims.items()}, names, depth + 1),),
            )
        if not dims and self.v2 and r.random() < 0.3:
            return self.compounding(names, depth)
        if not dims:
            fn = r.choice(("log", "log10", "exp", "ceil", "floor"))
            inner = self.expr({}, names, depth + 1)
            if fn == "exp":
                inner = ("bin", "/", inner, ("num", Fraction(100), "100"))
            return ("call", fn, (inner,))
        return ("pow", self.expr(dims, names, depth + 1), 1)

    def compounding(self, names: dict[str, Dims], depth: int = 2) -> Expr:
        """v2 growth: `g ^ (span / 1 year)`, a dimensionless base and a variable exponent."""
        r = self.rng
        dimless = [n for n, d in names.items() if not d]
        if dimless and r.random() < 0.6:
            base: Expr = ("name", r.choice(dimless))
        else:
            m = r.choice(("1.5", "2", "4", "0.9", "1.07", "3.5"))
            base = ("num", Fraction(m), m + r.choice(("", " x", "x")))
        spans = [n for n, d in names.items() if d == {"t": 1}]
        if spans and r.random() < 0.7:
            span: Expr = ("name", r.choice(spans))
        else:
            text, value, _ = self.number({"t": 1})
            span = ("num", value, text)
        if r.random() < 0.8:
            exponent: Expr = ("bin", "/", span, ("num", YEAR, "1 year"))
        else:
            exponent = self.expr({}, names, max(depth + 1, 2))
        return ("powx", base, exponent)

    def render(self, e: Expr, parent: int = 0) -> str:
        """Expression text; parentheses only where precedence needs them."""
        kind = e[0]
        if kind == "num":
            t = e[2]
            return f"({t})" if parent >= 3 or t.startswith("-") else t
        if kind == "name":
            return e[1]
        if kind == "neg":
            inner = self.render(e[1], 3)
            return f"(-{inner})" if parent >= 2 else f"-{inner}"
        if kind == "bin":
            prec = 1 if e[1] in "+-" else 2
            op = e[1]
            if op == "*" and self.rng.random() < 0.1:
                op = self.rng.choice(("×", "·"))
            if op == "-" and self.rng.random() < 0.05:
                op = "−"
            text = f"{self.render(e[2], prec)} {op} {self.render(e[3], prec + 1)}"
            return f"({text})" if parent > prec else text
        if kind == "pow":
            caret = "^" if self.rng.random() < 0.8 else "**"
            k = e[2]
            return f"{self.render(e[1], 3)}{caret}{k if k >= 0 else f'({k})'}"
        if kind == "powx":
            caret = "^" if self.rng.random() < 0.8 else "**"
            text = f"{self.render(e[1], 3)} {caret} ({self.render(e[2])})"
            return f"({text})" if parent >= 3 else text
        if kind in ("call", "rule"):
            return f"{e[1]}({', '.join(self.render(a) for a in e[2])})"
        raise AssertionError(kind)

    # ------------------------------------------------------------------ statements
    def program(self) -> Program:
        r = self.rng
        p = Program(v2=self.v2)
        st = p.statements
        if r.random() < 0.2:
            st.append(Raw('argument "A fuzzed argument" by "fuzz" [s1]'))
        st.append(Raw('source s1 "A source" "https://example.org/a"'))
        if r.random() < 0.3:
            st.append(Raw('source s2 "Another, with \\"quotes\\""'))
        names: dict[str, Dims] = {}
        if r.random() < 0.3:
            self.units["chipz"] = (Fraction(1), {"chipz": 1})
            st.append(Raw("unit chipz"))
            if r.random() < 0.5:
                self.units["podz"] = (Fraction(8), {"gpu": 1})
                st.append(Raw("unit podz = 8 GPU"))
        if r.random() < 0.25:
            self._used_file(p, names)
        dims_pool = [{}, {"t": 1}, {"c": 1}, {"i": 1, "t": -1}, {"usd": 1}, {"gpu": 1}]
        dims_pool += [{"c": 1, "t": -1, "gpu": -1}, {"kg": 1, "m": 2, "t": -3}]
        if "chipz" in self.units:
            dims_pool.append({"chipz": 1})
        for i in range(r.randint(1, 5)):
            self._given(p, f"g{i}", r.choice(dims_pool), names)
        if r.random() < 0.3:
            self._given(p, f"u{0}", r.choice(dims_pool), names, unknown=True)
        if r.random() < 0.3:
            self._rule(p, names)
        if self.v2 and r.random() < 0.3:
            self._growth(p, names)
        for i in range(r.randint(0, 4)):
            d = r.choice(dims_pool)
            e = self.expr(d, names)
            ann = ""
            if r.random() < 0.2:
                unit, _, _ = self.unit_for(d)
                ann = f": {unit}" if unit else ""
            text = f"let l{i}{ann} = {self.render(e)}"
            if r.random() < 0.2:
                text += " [s1]"
            p.lets[f"l{i}"] = Let(f"l{i}", e, text)
            st.append(p.lets[f"l{i}"])
            names[f"l{i}"] = d
        if r.random() < 0.25:
            self._back_solve(p, names)
        for i in range(r.randint(1, 6)):
            self._claim(p, f"c{i}", names, r.choice(dims_pool))
        if self.v2 and r.random() < 0.3:
            self._scenario(p, names)
        if r.random() < 0.05:
            self._ill_formed(p, names)
        return p

    def _given(
        self, p: Program, name: str, dims: Dims, names: dict[str, Dims], unknown=False
    ) -> None:
        r = self.rng
        names[name] = dims
        refs = " [s1]" if r.random() < 0.5 else ""
        quote = ' "as the source says"' if r.random() < 0.2 else ""
        if unknown:
            unit, _, _ = self.unit_for(dims)
            text = f"given {name} : {unit or 'x'}{refs}"
            g = Given(name, dims, None, None, text, unknown=True)
        else:
            roll = r.random()
            a_text, a, _ = self.number(dims, positive=r.random() < 0.8)
            if roll < 0.5:
                g = Given(name, dims, a, a, f"given {name} = {a_text}{refs}{quote}")
            elif roll < 0.8 or (self.v2 and roll < 0.85):
                b_text, b, _ = self.number(dims, positive=r.random() < 0.8)
                if b < a:
                    a, b, a_text, b_text = b, a, b_text, a_text
                g = Given(name, dims, a, b, f"given {name} = {a_text} to {b_text}{refs}{quote}")
            elif roll < 0.9:
                # VALUE ± DELTA with the same unit on both sides: absolute in v1 and v2.
                unit, factor, _ = self.unit_for(dims)
                m, mv = self.mantissa()
                d, dv = self.mantissa()
                sep = " " if unit else ""
                pm = r.choice(("±", "+-"))
                text = f"given {name} = {m}{sep}{unit} {pm} {d}{sep}{unit}{refs}"
                g = Given(name, dims, (mv - dv) * factor, (mv + dv) * factor, text)
            elif self.v2 and roll < 0.95:
                op = r.choice((">=", ">", "<=", "<"))
                lo, hi = (a, None) if op.startswith(">") else (None, a)
                g = Given(name, dims, lo, hi, f"given {name} {op} {a_text}{refs}")
            elif self.v2:
                g = self._distribution(name, dims, refs)
                g.text = "given " + g.text
            else:
                g = Given(
                    name, dims, a, a, f"given {name}: {self.unit_for(dims)[0] or 'x'} = {a_text}"
                )
        p.givens[name] = g
        p.statements.append(g)

    def _distribution(self, name: str, dims: Dims, refs: str, tilde: str = "~") -> Given:
        """`NAME ~ DIST`; low/high are the engine's proof range where it is exactly known."""
        r = self.rng
        kind = r.choice(V2_DISTRIBUTIONS)
        if kind == "beta" and dims:
            kind = "uniform"
        a_text, a, _ = self.number(dims)
        b_text, b, _ = self.number(dims)
        if b < a and r.random() < 0.95:  # now and then the wrong way round: a diagnostic
            a, b, a_text, b_text = b, a, b_text, a_text
        lo, hi, exact = a, b, True
        if kind == "to":
            body = f"{a_text} to {b_text}"  # the 90 % interval: the proof range
        elif kind == "triangular":
            m_text = a_text if r.random() < 0.5 else b_text
            body = f"triangular({a_text}, {m_text}, {b_text})"
        elif kind == "beta":
            alpha, beta = r.choice(("2", "0.5", "1", "10")), r.choice(("5", "0.5", "1", "3"))
            body = f"beta({alpha}, {beta})"
            lo, hi = Fraction(0), Fraction(1)
        elif kind == "normal":
            # normal(MEAN, SD): the 90 % interval mean ± 1.645 sd is irrational: not judged
            body = f"normal({b_text}, {a_text})"
            exact = False
        else:
            body = f"{kind}({a_text}, {b_text})"
        text = f"{name} {tilde} {body}{refs}"
        g = Given(name, dims, lo, hi, text, uncertain=True, proof_range=exact and a <= b)
        return g

    def _growth(self, p: Program, names: dict[str, Dims]) -> None:
        """`given rate`, `given span`, `let grown = rate ^ (span / 1 year)` (spec §3, v2)."""
        r = self.rng
        # a growth factor is positive: `rate = 0.5 ± 2897` would be a domain error each time
        a_text, a, _ = self.number({})
        b_text, b, _ = self.number({})
        if b < a:
            a, b, a_text, b_text = b, a, b_text, a_text
        roll = r.random()
        if roll < 0.3:
            rate = Given("rate", {}, a, a, f"given rate = {a_text}")
        elif roll < 0.6:
            rate = Given("rate", {}, a, b, f"given rate = {a_text} to {b_text}")
        elif roll < 0.75:
            rate = Given("rate", {}, a, None, f"given rate >= {a_text}")
        else:
            rate = self._distribution("rate", {}, "")
            rate.text = "given " + rate.text
        p.givens["rate"] = rate
        p.statements.append(rate)
        names["rate"] = {}
        self._given(p, "span", {"t": 1}, names)
        years: Expr = ("bin", "/", ("name", "span"), ("num", YEAR, "1 year"))
        e: Expr = ("powx", ("name", "rate"), years)
        if self.rng.random() < 0.5:
            text, value, dims = self.number()
            e = ("bin", "*", ("num", value, text), e)
        else:
            dims = {}
        p.lets["grown"] = Let("grown", e, f"let grown = {self.render(e)}")
        p.statements.append(p.lets["grown"])
        names["grown"] = dims

    def _rule(self, p: Program, names: dict[str, Dims]) -> None:
        r = self.rng
        pd = r.choice([{}, {"t": 1}, {"c": 1}])
        qd = r.choice([{}, {"t": -1}, {"gpu": 1}])
        params = {"pa": pd, "pb": qd}
        body = self.expr(_add(pd, qd), params)
        ann = ""
        if pd and r.random() < 0.5:
            ann = f": {self.unit_for(pd)[0]}"
        text = f"rule rr(pa{ann}, pb) = {self.render(body)}"
        p.rules["rr"] = Rule("rr", ("pa", "pb"), body, text)
        p.statements.append(p.rules["rr"])
        # one let that calls it, over names of the right dimensions when there are some
        args = []
        for d in (pd, qd):
            same = [n for n, nd in names.items() if nd == d]
            if same:
                args.append(("name", r.choice(same)))
            else:
                text_n, v, _ = self.number(d)
                args.append(("num", v, text_n))
        e = ("rule", "rr", tuple(args))
        p.lets["lr"] = Let("lr", e, f"let lr = {self.render(e)}")
        p.statements.append(p.lets["lr"])
        names["lr"] = _add(pd, qd)

    def _back_solve(self, p: Program, names: dict[str, Dims]) -> None:
        """`given y = Y`, `given v : x`, `let y = f(v)`: the engine solves for v; we know all v."""
        r = self.rng
        form = r.choice(("linear", "abs", "square", "cube"))
        y = Fraction(r.randint(2, 50))
        if form == "linear":
            a, b = Fraction(r.randint(1, 9)), Fraction(r.randint(0, 9))
            expr = (
                "bin",
                "+",
                ("bin", "*", ("num", a, str(a)), ("name", "bv")),
                ("num", b, str(b)),
            )
            sols = [(y - b) / a]
        elif form == "abs":
            expr = ("call", "abs", (("name", "bv"),))
            sols = [y, -y]
        elif form == "square":
            y = Fraction(r.randint(1, 9)) ** 2
            expr = ("pow", ("name", "bv"), 2)
            root = Fraction(int(y**0.5 + 0.5))
            sols = [root, -root]
        else:
            y = Fraction(r.randint(1, 5)) ** 3
            expr = ("pow", ("name", "bv"), 3)
            sols = [Fraction(round(float(y) ** (1 / 3)))]
        gy = Given("ys", {}, y, y, f"given ys = {y}")
        gv = Given("bv", {}, None, None, "given bv : x", unknown=True)
        let = Let("ys", expr, f"let ys = {self.render(expr)}")
        p.givens["ys"], p.givens["bv"] = gy, gv
        p.solved["bv"] = sols
        p.statements += [gy, gv, let]
        # `ys` is given and defined: the let is an equation, not a definition for the oracle
        names["bv"] = {}
        c_rhs = r.choice(sols) + r.choice((0, 0, 1, -1))
        op = r.choice(("=", ">", "<", "!=", ">=", "<="))
        c = Claim(
            "cb", ("name", "bv"), op, ("num", c_rhs, str(c_rhs)), f"claim cb: bv {op} {c_rhs}"
        )
        p.claims["cb"] = c
        p.statements.append(c)

    def _claim(self, p: Program, cid: str, names: dict[str, Dims], dims: Dims) -> None:
        r = self.rng
        lhs = self.expr(dims, names)
        rhs = self.expr(dims, names, depth=2)
        op = r.choice(list(CMP_SPELLINGS) + ["≈"] + (["in"] if self.v2 else []))
        spelled = r.choice(CMP_SPELLINGS.get(op, (op,)))
        c = Claim(cid, lhs, op, rhs, "")
        tail = ""
        if op == "in" and dims and r.random() < 0.4:
            # `in VALUE ± P %` (relative: VALUE has a unit, so it is not a percentage)
            # or `in VALUE ± DELTA` (absolute, in VALUE's dimension)
            if r.random() < 0.5:
                pct = Fraction(r.choice((1, 5, 10, 50)))
                delta: Expr = ("bin", "*", rhs, ("num", pct / 100, f"{pct} %"))
                d_text = f"{pct} %"
            else:
                t_text, t_val, _ = self.number(dims)
                delta, d_text = ("num", t_val, t_text), t_text
            c.rhs = ("bin", "-", rhs, delta)
            c.high = ("bin", "+", rhs, delta)
            text = f"claim {cid}: {self.render(lhs)} in {self.render(rhs, 1)} ± {d_text}"
        elif op == "in":
            c.high = ("bin", "*", rhs, ("num", Fraction(2), "2"))
            c.rhs = rhs
            span = f"{self.render(rhs, 1)} to {self.render(c.high, 1)}"
            text = f"claim {cid}: {self.render(lhs)} in {span}"
        else:
            if op == "≈" and r.random() < 0.7:
                roll = r.random()
                if roll < 0.5:
                    pct = r.choice(
                        (Fraction(1, 10), Fraction(1), Fraction(5), Fraction(10), Fraction(50))
                    )
                    c.tol_rel = pct / 100
                    tail = f" within {pct if pct.denominator == 1 else float(pct)} %"
                elif roll < 0.75 and dims:
                    t_text, t_val, _ = self.number(dims)
                    c.tol_abs = t_val
                    tail = f" within {t_text}"
                elif self.v2 and roll < 0.85:
                    c.factor = Fraction(r.choice((2, 3, 10)))
                    tail = f" within factor {c.factor}"
                elif self.v2 and not dims:
                    c.tol_abs = Fraction(r.choice((1, 2, 5)), 100)
                    tail = f" within {c.tol_abs * 100} pp"
            text = f"claim {cid}: {self.render(lhs)} {spelled} {self.render(rhs)}{tail}"
        if self.v2 and r.random() < 0.15:
            text += ", " + r.choice(V2_QUALIFIERS)
            c.judged = False
        if r.random() < 0.3:
            text += " [s1]"
        if r.random() < 0.15:
            text += ' "the author\'s words"'
        c.text = text
        p.claims[cid] = c
        p.statements.append(c)

    def _used_file(self, p: Program, names: dict[str, Dims]) -> None:
        """A second file of facts, used with or without a prefix."""
        r = self.rng
        value_text, value, dims = self.number({"gpu": 1} if r.random() < 0.5 else {})
        prefix = r.choice(("hw", ""))
        p.extra_files["facts.claim"] = f'source s1 "Facts"\ngiven fact = {value_text} [s1]\n'
        p.statements.append(Raw('use "facts.claim"' + (f" as {prefix}" if prefix else "")))
        full = f"{prefix}.fact" if prefix else "fact"
        g = Given(full, dims, value, value, "")
        p.givens[full] = g  # known to the oracle, but written in the other file
        names[full] = dims

    def _scenario(self, p: Program, names: dict[str, Dims]) -> None:
        """A what-if: other points, ranges, bounds or distributions for some givens (and
        a value for an unknown), modelled so the oracle judges the scenario's verdicts too."""
        r = self.rng
        pool = [
            g
            for g in p.givens.values()
            if "." not in g.name and g.text and g.name not in p.solved and g.name != "ys"
        ]
        if not pool:
            return
        chosen = r.sample(pool, r.randint(1, min(3, len(pool))))
        overrides: dict[str, Given] = {}
        lines = []
        for g in chosen:
            roll = r.random()
            a_text, a, _ = self.number(g.dims)
            if roll < 0.35:
                o = Given(g.name, g.dims, a, a, f"{g.name} = {a_text}")
            elif roll < 0.65:
                b_text, b, _ = self.number(g.dims)
                if b < a:
                    a, b, a_text, b_text = b, a, b_text, a_text
                o = Given(g.name, g.dims, a, b, f"{g.name} = {a_text} to {b_text}")
            elif roll < 0.8:
                op = r.choice((">=", ">", "<=", "<"))
                lo, hi = (a, None) if op.startswith(">") else (None, a)
                o = Given(g.name, g.dims, lo, hi, f"{g.name} {op} {a_text}")
            else:
                o = self._distribution(g.name, g.dims, "")
            overrides[g.name] = o
            lines.append(o.text)
        title = ' "A what-if"' if r.random() < 0.7 else ""
        text = f"scenario what_if{title}\n" + "\n".join("    " + t for t in lines)
        p.statements.append(Scenario("what_if", overrides, text))

    def _ill_formed(self, p: Program, names: dict[str, Dims]) -> None:
        """One deliberately wrong statement: the file must get a diagnostic, not a crash."""
        r = self.rng
        bad = r.choice(
            (
                "given g0 = 3 GPU",  # redefined
                "let zz = nope + 1",  # unknown name
                "claim bad: 1 GPU = 1 h",  # dimension
                "given w = 3 FLOPS",  # refused unit
                "let q = log(-1)",  # domain
                "claim : 1 = 1",  # syntax
                "given k = 1e400",  # limit
                "let deep = " + "(" * 250 + "1" + ")" * 250,  # nesting limit
            )
        )
        p.statements.append(Raw(bad))
        for c in p.claims.values():
            c.judged = False  # a file with errors has no verdicts to judge
