"""Text from the data reaches the terminal with its control characters made visible: an ANSI escape
in an outlet name, a document id or an error message cannot recolour or clear the user's terminal."""
from __future__ import annotations

import json
import logging

from click.testing import CliRunner

from framelens.cli import main
from framelens.cli.terminal import VisibleFormatter, visible

ESC = "\x1b"


def test_visible_escapes_controls_and_keeps_tabs_and_newlines():
    assert visible(f"a{ESC}[31mb") == "a\\x1b[31mb"
    assert visible("x\u202ey") == "x\\u202ey"  # a bidirectional override
    assert visible("a\tb\nc") == "a\tb\nc"
    assert visible("\x00\x07\x9b") == "\\x00\\x07\\x9b"
    assert visible("Karabakh’s Xankəndi") == "Karabakh’s Xankəndi"


def test_load_prints_outlet_names_with_escapes_visible(tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [{"doc_id": f"id{ESC}[2J{i}", "outlet": f"{ESC}[31mRed News{ESC}[0m", "text": "Officials said it may rain."}
            for i in range(3)] + [{"doc_id": f"bad{ESC}]0;title{ESC}\\", "outlet": "", "text": "x"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = CliRunner().invoke(main, ["load", str(path), "--no-clean"])
    assert res.exit_code == 0, res.output
    assert ESC not in res.output
    assert "\\x1b[31mRed News" in res.output and "\\x1b]0;title" in res.output


def test_error_messages_quoting_the_data_are_made_visible(tmp_path):
    res = CliRunner().invoke(main, ["load", str(tmp_path / f"no{ESC}[2Jsuch")])
    assert res.exit_code == 2
    assert ESC not in res.output and "\\x1b[2J" in res.output


def test_kwic_lines_are_made_visible(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"doc_id": "d1", "outlet": "A", "text": f"They said {ESC}[41m it may work."}) + "\n",
                    encoding="utf-8")
    res = CliRunner().invoke(main, ["kwic", str(path), "--term", "may", "--no-clean"])
    assert res.exit_code == 0, res.output
    assert ESC not in res.output and "[may]" in res.output


def test_log_messages_are_made_visible():
    record = logging.LogRecord("framelens", logging.WARNING, __file__, 1, "outlet %s", (f"{ESC}[2J",), None)
    assert VisibleFormatter("%(message)s").format(record) == "outlet \\x1b[2J"
