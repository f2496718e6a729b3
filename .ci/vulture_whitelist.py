"""Names vulture cannot see used (run by `.ci/run`: `vulture toulmin .ci/vulture_whitelist.py`).

Each line names something that is used, but not in a way static analysis follows.
"""
# ruff: noqa


# Called by frameworks, never by name: the LALR reduce callbacks (looked up by rule name), the
# language server handlers (registered by decorator), pytest hooks, the Pygments lexer entry
# point and its class attributes, SymPy printer methods, a signal handler's signature.
_._print_Float  # unused method (toulmin/cross/solve.py:172)
_._print_Float  # unused method (toulmin/cross/solve.py:182)
_.unit_decl  # unused method (toulmin/dsl/parser.py:1002)
_.param  # unused method (toulmin/dsl/parser.py:1044)
_.claim_in  # unused method (toulmin/dsl/parser.py:1065)
_.scenario_item  # unused method (toulmin/dsl/parser.py:1093)
_.premise_value  # unused method (toulmin/dsl/parser.py:1098)
_.premise_bound  # unused method (toulmin/dsl/parser.py:1101)
_.premise_dist  # unused method (toulmin/dsl/parser.py:1105)
_.premise_dist_to  # unused method (toulmin/dsl/parser.py:1128)
bound_op  # unused variable (toulmin/dsl/parser.py:1140)
_.tolerance_factor  # unused method (toulmin/dsl/parser.py:1149)
_.qualifier_probability  # unused method (toulmin/dsl/parser.py:1157)
_.likelihood  # unused method (toulmin/dsl/parser.py:1166)
_.annotation  # unused method (toulmin/dsl/parser.py:1170)
_.range_to  # unused method (toulmin/dsl/parser.py:1182)
_.range_pm  # unused method (toulmin/dsl/parser.py:1188)
_.pow  # unused method (toulmin/dsl/parser.py:1216)
_.variable  # unused method (toulmin/dsl/parser.py:1226)
_.call  # unused method (toulmin/dsl/parser.py:1230)
frame  # unused variable (toulmin/engine/symbolic.py:42)
signum  # unused variable (toulmin/engine/symbolic.py:42)
did_open  # unused function (toulmin/lsp/server.py:360)
did_change  # unused function (toulmin/lsp/server.py:366)
did_save  # unused function (toulmin/lsp/server.py:373)
did_close  # unused function (toulmin/lsp/server.py:377)
shutdown  # unused function (toulmin/lsp/server.py:383)
hover  # unused function (toulmin/lsp/server.py:387)
definition  # unused function (toulmin/lsp/server.py:398)
rename  # unused function (toulmin/lsp/server.py:429)
completion  # unused function (toulmin/lsp/server.py:447)
inlay_hints  # unused function (toulmin/lsp/server.py:458)
code_actions  # unused function (toulmin/lsp/server.py:465)
document_symbols  # unused function (toulmin/lsp/server.py:475)
ClaimLexer  # unused class (toulmin/pygments_lexer.py:17)
aliases  # unused variable (toulmin/pygments_lexer.py:21)
filenames  # unused variable (toulmin/pygments_lexer.py:22)
mimetypes  # unused variable (toulmin/pygments_lexer.py:23)
pytest_addoption  # unused function (toulmin/pytest_plugin.py:38)
pytest_collect_file  # unused function (toulmin/pytest_plugin.py:67)
pytest_configure  # unused function (toulmin/pytest_plugin.py:73)
pytest_sessionfinish  # unused function (toulmin/pytest_plugin.py:77)
funcargs  # unused variable (toulmin/pytest_plugin.py:189)
_.runtest  # unused method (toulmin/pytest_plugin.py:213)
_.reportinfo  # unused method (toulmin/pytest_plugin.py:238)
_.runtest  # unused method (toulmin/pytest_plugin.py:249)
_.reportinfo  # unused method (toulmin/pytest_plugin.py:262)

# Public API, or used only by the tests (which vulture is not run on): check_text, the lists the
# editors and tests read, helpers the probability tests drive directly.
check_text  # unused function (toulmin/check.py:100)
CODES  # unused variable (toulmin/diagnostics.py:16)
CONTEXTUAL_WORDS  # unused variable (toulmin/dsl/keywords.py:29)
LIKELIHOOD  # unused variable (toulmin/dsl/tree.py:282)
_.contains_zero  # unused method (toulmin/engine/interval.py:49)
plan_from_engine  # unused function (toulmin/engine/probability/adapter.py:24)
LOOKS  # unused variable (toulmin/engine/probability/sampler.py:41)
_.in_display  # unused method (toulmin/engine/results.py:37)
_.checked_versions  # unused attribute (toulmin/lsp/server.py:117)
_.checked_versions  # unused attribute (toulmin/lsp/server.py:167)
_.remove  # unused method (toulmin/source/fs.py:228)

# Fields of typed results and report data: read by the JSON encoder (field by field) or kept
# for the JSON shape.
verdict_with_author_value  # unused variable (toulmin/engine/analyses.py:189)
diagnostic  # unused variable (toulmin/render/findings.py:52)
rank_correlation  # unused variable (toulmin/report/model.py:108)
