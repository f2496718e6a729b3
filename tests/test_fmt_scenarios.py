"""(v2) `toulmin fmt` lays out a `scenario` block: the header, then one line per given
indented by four spaces, comments kept; the result checks to the same verdicts."""

from __future__ import annotations

from toulmin.check import check_text
from toulmin.fmt import format_text

MESSY = """\
given g=4 to 5
given  long_name = 2
given h : GPU
scenario   pess   "Pessimistic"  [ep]   # the authors' low case
  g=3
        # a comment inside the block
      long_name=7   # why
  h>=2 GPU
scenario opt
\tg = 4 ± 10 %
source ep "Epoch" "https://epoch.ai"
claim c: g*h*long_name > 1 GPU
"""

CANONICAL = """\
given g         = 4 to 5
given long_name = 2
given h: GPU
scenario pess "Pessimistic" [ep]  # the authors' low case
    g = 3
    # a comment inside the block
    long_name = 7  # why
    h >= 2 GPU
scenario opt
    g = 4 ± 10 %
source ep "Epoch" "https://epoch.ai"
claim c: g * h * long_name > 1 GPU
"""


def _verdicts(text: str) -> list[tuple[str, str, dict[str, str]]]:
    r = check_text(text, "f.claim")
    return [(c.id, c.verdict, {n: s.verdict for n, s in c.scenarios.items()}) for c in r.claims]


def test_a_scenario_block_has_one_layout_and_keeps_its_meaning() -> None:
    out = format_text(MESSY)
    assert out == CANONICAL
    assert format_text(out) == out  # a round trip changes nothing
    assert _verdicts(out) == _verdicts(MESSY)
    assert _verdicts(out)[0][2] == {"pess": "holds", "opt": "open"}
