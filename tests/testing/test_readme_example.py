"""The README's `toulmin.testing` example, run as a test.

The code between the `readme` markers is copied verbatim into README.md ("Arguments as
tests"); `test_readme_shows_this_example` fails when the two drift apart.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# readme:start
import pytest
from hypothesis import find, given

from toulmin.testing import assignments, evaluate, load

fu = load("claims/fu.claim")  # Dan Fu's argument, with the files it uses


@given(assignments(fu))  # cluster_gpus, mfu_old, decode_batch, model_lag in their ranges
def test_power_scales_with_the_gpus(a):
    # metamorphic: doubling the GPUs doubles the new cluster's power
    base = evaluate(fu, a)
    doubled = evaluate(fu, {**a, "cluster_gpus": 2 * a["cluster_gpus"]})
    assert doubled.values["new_cluster_power"] == pytest.approx(
        2 * base.values["new_cluster_power"]
    )


@given(assignments(fu))
def test_a_fifty_x_build_out_is_at_least_sixty_five_x_the_power(a):
    at = evaluate(fu, a)
    if at.claims["f_p9_fifty_x"]:
        power_ratio, _seventy = at.sides["a4_power_seventy_x"]
        assert power_ratio >= 65


def test_fifty_x_does_not_imply_seventy_x_power():
    # Hypothesis finds (and shrinks) a cluster where the first claim holds, the second not
    a = find(
        assignments(fu),
        lambda a: (
            evaluate(fu, a).claims["f_p9_fifty_x"]
            and not evaluate(fu, a).claims["a4_power_seventy_x"]
        ),
    )
    assert 105_000 < a["cluster_gpus"] < 108_000


# readme:end


def test_readme_shows_this_example() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    example = re.search(r"# readme:start\n(.*?)# readme:end\n", source, re.S)
    assert example is not None
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert example.group(1) in readme, "README's toulmin.testing example differs from this file"
