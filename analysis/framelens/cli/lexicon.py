"""``framelens lexicon``: check a lexicon pack file, or show what a pack contains."""
from __future__ import annotations

import click

from framelens.cli import main
from framelens.cli.terminal import echo, echo_table


@main.group("lexicon")
def lexicon_cmd():
    """Lexicon packs: the word lists behind every framing feature, as YAML data.

    \b
    Shipped packs: hedges, boosters, attribution, loaded, and the naming packs karabakh,
    immigration, middle-east and newswcl50. Add or override packs with a YAML file of your own:
    `framelens analyze PATH --lexicons default --lexicons my/karabakh.yml` uses every shipped pack
    with yours replacing the one of the same name.

    \b
    Commands:
      framelens lexicon show              list the shipped packs
      framelens lexicon show karabakh     every concept, variant, category and form of a pack
      framelens lexicon check my.yml      validate a pack file (errors name file, line, entry and fix)
    """


@lexicon_cmd.command("check")
@click.argument("path", type=click.Path(dir_okay=False))
def check_cmd(path):
    """Validate the pack file PATH and summarise it; exit status 2 with the first problem found.

    \b
    Checked: YAML syntax (with the line), required fields (name, family, description, sources,
    categories, entries or concepts), known family and categories (attribution categories are
    stances), regular expressions that compile, and no duplicate term, variant or form.
    """
    from framelens.lexicons import read_pack

    pack = read_pack(path)
    forms = sum(len(e.forms) for e in pack.entries)
    echo(f"ok: {path}: pack {pack.name!r} (family {pack.family}), {len(pack.entries)} entries, "
               f"{forms} forms after inflection")
    echo("features: " + ", ".join(pack.features()))


@lexicon_cmd.command("show")
@click.argument("name", required=False)
@click.option("--forms/--no-forms", default=True, show_default=True, help="List every form after inflection.")
def show_cmd(name, forms):
    """Show the pack NAME (a shipped pack or a YAML path), or list the shipped packs without NAME.

    \b
    Examples:
      framelens lexicon show
      framelens lexicon show attribution
      framelens lexicon show ./my-hedges.yml --no-forms
    """
    from framelens.lexicons import load_pack, shipped_pack_names

    if not name:
        for n in shipped_pack_names():
            p = load_pack(n)
            echo(f"{n:<14} {p.family:<12} {len(p.entries):>4} entries  {' '.join(p.description.split())[:70]}")
        return
    p = load_pack(name)
    echo(f"{p.name} (family {p.family}, version {p.version or '-'})  [{p.path}]")
    echo("description: " + " ".join(p.description.split()))
    echo("sources: " + " ".join(p.sources.split()))
    if p.topic:
        echo("counts only in documents mentioning: " + ", ".join(p.topic))
    echo("categories:")
    for k, v in p.categories.items():
        echo(f"  {k}: {v}")
    table = p.summary()
    if not forms:
        table = table.drop(columns="forms")
    if p.family != "naming":
        table = table.drop(columns=["concept", "variant", "signals"])
    else:
        table = table.drop(columns=["term"])
    echo_table(table, max_colwidth=100)
