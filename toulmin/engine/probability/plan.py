"""The sampling plan: what the probability core needs of a checked file, and nothing more.

A `Plan` is built once from the engine's solved program (`adapter.py` is the only
module that reads engine internals); the sampler and the closed forms only read
plans. Expressions are the engine's lowered `ir` nodes, in SI floats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from toulmin.engine import ir
from toulmin.engine.probability.distributions import Point, Spec


@dataclass(frozen=True)
class Condition:
    """Holds where `node` ≤ 0 (< 0 when strict). A claim is a conjunction of these."""

    node: ir.Node
    strict: bool


@dataclass(frozen=True)
class ClaimPlan:
    """One claim: its conditions (negated for `!=`), and its sides for the margin.

    The conditions are the engine's meaning of the claim (ties included), so sampling
    and proofs judge a point alike.
    """

    id: str
    op: str
    lhs: ir.Node
    rhs: ir.Node
    conditions: tuple[Condition, ...]
    negate: bool = False
    #: `within`: (kind, value), kind `relative`, `absolute` or `factor` (for closed forms)
    tolerance: tuple[str, float] | None = None
    #: the high end of `in LOW to HIGH` (`rhs` is then the low end)
    high: ir.Node | None = None


@dataclass
class Plan:
    """Inputs with their distributions, derived names in evaluation order, claims."""

    #: every given with a value: its distribution (`Point` for a point)
    inputs: dict[str, Spec]
    #: derived names in an order safe for evaluation, each with its expression
    steps: list[tuple[str, ir.Node]]
    claims: list[ClaimPlan]
    #: plain range givens counted as uniform (the output names them)
    uniform_ranges: frozenset[str] = frozenset()
    #: givens with no distribution (one-sided ranges): name -> why
    unavailable: dict[str, str] = field(default_factory=dict)
    #: names with no value at all (unknown premises, unsolved names)
    missing: frozenset[str] = frozenset()

    @cached_property
    def step_index(self) -> dict[str, int]:
        return {n: i for i, (n, _) in enumerate(self.steps)}

    @cached_property
    def claim_by_id(self) -> dict[str, ClaimPlan]:
        return {c.id: c for c in self.claims}

    @cached_property
    def roots(self) -> dict[str, frozenset[str]]:
        """For every name, the givens (of any kind, missing ones included) it depends on."""
        out: dict[str, frozenset[str]] = {n: frozenset([n]) for n in self.inputs}
        for n in self.unavailable:
            out[n] = frozenset([n])
        for n in self.missing:
            out[n] = frozenset([n])
        for name, expr in self.steps:
            acc: set[str] = set()
            for r in set(ir.refs(expr)):
                acc |= out.get(r, frozenset([r]))
            out[name] = frozenset(acc)
        return out

    def roots_of(self, nodes: list[ir.Node]) -> frozenset[str]:
        acc: set[str] = set()
        roots = self.roots
        for nd in nodes:
            for r in set(ir.refs(nd)):
                acc |= roots.get(r, frozenset([r]))
        return frozenset(acc)

    def claim_roots(self, claim: ClaimPlan) -> frozenset[str]:
        return self.roots_of([claim.lhs, claim.rhs, *(c.node for c in claim.conditions)])

    def uncertain(self, roots: frozenset[str]) -> list[str]:
        """The roots that carry uncertainty (ranges and distributions), sorted."""
        inputs = self.inputs
        return sorted(r for r in roots if r in inputs and not isinstance(inputs[r], Point))

    def distribution_names(self) -> frozenset[str]:
        """Inputs given as distributions (`~`), not plain ranges."""
        return frozenset(
            n
            for n, s in self.inputs.items()
            if not isinstance(s, Point) and n not in self.uniform_ranges
        )
