"""A fuzzer for `toulmin`: three generators, capped child processes, and independent oracles.

Run it as `python -m fuzz --minutes N --jobs 2` (see `__main__.py`). The
parts: `gen_grammar.py` (programs built as data), `gen_mutate.py`
(mutations of the corpus and test files), `gen_bytes.py` (raw inputs),
`runner.py` (one forked child per command, with time and memory caps),
`checks.py` (what every run must satisfy, and soundness against
`model.py`'s evaluator) and `minimise.py` (delta debugging of findings).
"""
