"""The report: one self-contained HTML page (and graph exports) drawn from checked files.

`model` is the only module that reads engine data; `layout`, `svg`, `html` and
`graph_export` consume its frozen dataclasses and nothing else.
"""
