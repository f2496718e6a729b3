"""Makes docs/report.png, the README's screenshot of the report (needs chromium).

    python docs/screenshot.py

Writes the corpus report with --compare, opens it in headless Chromium, unfolds the
argument map of Fu's C1 (`f_c1_nine_x`) and captures the window around it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.report.cdp import Browser  # noqa: E402

COMPARE = ["--compare", "claims/dettmers.claim", "claims/fu.claim"]
SHOW = """(function(){
  var row=document.getElementById('c-fu--f_c1_nine_x');
  row.nextElementSibling.querySelector('details').open=true;
  var prev=row.previousElementSibling.previousElementSibling;
  window.scrollTo(0, prev.getBoundingClientRect().top + window.scrollY - 36);
})()"""


def main() -> int:
    with tempfile.TemporaryDirectory() as d:
        page = Path(d) / "report.html"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "toulmin",
                "report",
                "claims/",
                "-o",
                str(page),
                "--compare",
                "claims/dettmers.claim",
                "claims/fu.claim",
            ],
            cwd=ROOT,
            check=True,
        )
        with Browser(Path(d) / "profile", 1280, 1000) as b:
            b.open(page)
            b.evaluate(SHOW)
            time.sleep(0.3)
            if b.errors():
                raise SystemExit(f"console errors: {b.errors()}")
            b.screenshot(ROOT / "docs" / "report.png")
    print("wrote docs/report.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
