"""Raw inputs: random bytes, random text, and streams of language tokens with no grammar.

These find what the other generators are too well-behaved to reach: bad
UTF-8, control characters, a byte-order mark mid-file, very long lines.
"""

from __future__ import annotations

import random

from fuzz.mutate_tokens import ALPHABET


def raw_input(rng: random.Random) -> bytes:
    """One raw input, up to a few kilobytes."""
    roll = rng.random()
    n = rng.choice([0, 1, 8, 64, 512, 4096])
    if roll < 0.3:
        return bytes(rng.randrange(256) for _ in range(n))
    if roll < 0.55:
        return "".join(
            chr(rng.choice([rng.randrange(32, 127), rng.randrange(0, 0x3000)])) for _ in range(n)
        ).encode("utf-8", "surrogatepass")
    if roll < 0.9:
        toks = [rng.choice(ALPHABET) for _ in range(rng.randint(1, 80))]
        return " ".join(toks).encode("utf-8", "surrogatepass")
    # one very long line
    return (
        rng.choice(["given x = ", "claim c: ", "# ", "let y = "])
        + rng.choice(["1 + ", "(", "a", "é"]) * rng.randint(100, 5000)
    ).encode()
