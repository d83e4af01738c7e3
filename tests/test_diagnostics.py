"""The diagnostic model: positions in code points, selection by prefix, output formats."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from publisher.diagnostics import STREAM_WRITERS, Diagnostic, Fix, LineIndex, format_github, format_text, matches, select, span_diagnostic


@given(st.text(alphabet="ab\n鸭😀", max_size=30), st.data())
def test_span_positions_equal_two_separate_lookups(text, data):
    index = LineIndex(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert index.span(start, end) == (*index.position(start), *index.position(end))


def test_columns_count_code_points():
    text = "第一行\n😀鸭还\n"
    d = span_diagnostic("f.md", LineIndex(text), text.index("还"), text.index("还") + 1, "script/stray-simplified", "error", "m")
    assert (d.line, d.column, d.end_line, d.end_column) == (2, 3, 2, 4)


def test_prefixes_select_whole_code_segments():
    assert matches("script/stray-simplified", ["script"])
    assert matches("script/stray-simplified", ["script/stray-simplified"])
    assert not matches("scripts/x", ["script"])
    found = [Diagnostic("f", 1, 1, 1, 1, code, "warning", "m") for code in ("punct/width", "punct/quotes", "term/preferred")]
    assert [d.code for d in select(found, ["punct"], ["punct/quotes"])] == ["punct/width"]


def test_text_json_and_github_formats():
    d = Diagnostic("content/a.md", 3, 5, 3, 6, "script/stray-simplified", "error", "use 還", Fix("還", True))
    assert format_text([d]) == "content/a.md:3:5: script/stray-simplified use 還 [fix: '還']"
    writer = STREAM_WRITERS["json"]()
    assert json.loads("\n".join([*writer.lines([d]), *writer.lines([d]), *writer.end()])) == 2 * [{
        "file": "content/a.md", "line": 3, "column": 5, "end_line": 3, "end_column": 6,
        "code": "script/stray-simplified", "severity": "error", "message": "use 還",
        "fix": {"replacement": "還", "safe": True},
    }]
    assert format_github([d]) == "::error file=content/a.md,line=3,col=5,endLine=3,endColumn=6,title=script/stray-simplified::use 還"
