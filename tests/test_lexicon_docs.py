"""docs/lexicons.md, the user guide to lexicon packs: every YAML example on it is valid, every whole
pack validates, the worked example matches what the page says, and every schema field is described."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from framelens.lexicons import FAMILIES, STANCES, parse_pack
from framelens.lexicons import schema

PAGE = Path(__file__).resolve().parents[1] / "docs" / "lexicons.md"
TEXT = PAGE.read_text(encoding="utf-8")


def yaml_blocks() -> list[tuple[int, str]]:
    """(line of the block's first line, text) of every ```yaml fenced block on the page."""
    return [(TEXT.count("\n", 0, m.start(1)) + 1, m.group(1))
            for m in re.finditer(r"^```yaml\n(.*?)^```", TEXT, re.S | re.M)]


def packs() -> list[tuple[int, str]]:
    return [(line, block) for line, block in yaml_blocks() if re.search(r"^name:", block, re.M)]


def test_the_page_has_whole_packs_to_check():
    assert len(packs()) >= 2


@pytest.mark.parametrize("line, block", yaml_blocks(), ids=lambda x: str(x) if isinstance(x, int) else "")
def test_every_yaml_example_is_valid_yaml(line, block):
    yaml.safe_load(block)


@pytest.mark.parametrize("line, block", packs(), ids=lambda x: str(x) if isinstance(x, int) else "")
def test_every_whole_pack_on_the_page_validates(line, block):
    assert parse_pack(block, f"docs/lexicons.md:{line}").entries


def test_the_worked_example_makes_the_forms_the_page_names():
    pack = parse_pack(packs()[0][1], "docs/lexicons.md")
    forms = {f.text for e in pack.entries for f in e.forms}
    assert {"unborn children", "opponents of abortion", "right to life activists", "pro-lifers"} <= forms
    assert "8 entries" in TEXT and len(pack.entries) == 8
    assert f"{sum(len(e.forms) for e in pack.entries)} forms after inflection" in TEXT


def test_every_field_of_the_schema_is_described():
    # the schema's own lists of allowed keys (private, but they are what a pack may contain): a field
    # added to the schema without a line on the page fails here
    keys = (schema._TOP_KEYS | schema._ENTRY_KEYS | schema._CONCEPT_KEYS | schema._VARIANT_KEYS
            | schema._FORM_KEYS) - {"__line__"}
    missing = sorted(k for k in keys if f"| `{k}` |" not in TEXT)
    assert not missing, f"fields not in the reference tables of docs/lexicons.md: {missing}"
    assert all(f"`{f}`" in TEXT for f in FAMILIES) and all(f"`{s}`" in TEXT for s in STANCES)


def test_the_page_is_linked_from_the_readme_and_the_schema():
    readme = (PAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "docs/lexicons.md" in readme and "docs/lexicons.md" in schema.__doc__
