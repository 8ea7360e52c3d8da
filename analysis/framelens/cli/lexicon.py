"""``framelens lexicon``: check a lexicon pack file, show what a pack contains, or try it on a corpus."""
from __future__ import annotations

import time

import click

from framelens.cli import main
from framelens.cli.options import SEED, corpus_options, load_for_analysis, run_inputs
from framelens.cli.terminal import echo, echo_table

#: Columns the trial's report is laid out for.
WIDTH = 100
#: Entries listed by name in the "never matched" line (a big pack's list is cut, with the count).
NEVER_SHOWN = 40


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
      framelens lexicon try my.yml PATH   what the pack counts on a corpus, and its traps: forms lost
                                          to overlaps, likely proper names, a sample in context
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


@lexicon_cmd.command("try")
@click.argument("pack", metavar="PACK")
@corpus_options
@click.option("--sample", default=5, show_default=True, type=click.IntRange(min=0),
              help="Hits per variant (or term) in the sample shown in context (0: none).")
@click.option("--seed", default=0, show_default=True, type=SEED, help="Seed of the sample.")
@click.option("--max-docs", default=None, type=click.IntRange(min=1), metavar="N",
              help="Try only the first N documents (said in the output).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), metavar="FILE.csv",
              help="Also write every hit, with its form, likely name and context, to this CSV file.")
def try_cmd(pack, path, fmt, columns, no_clean, aliases, sample, seed, max_docs, out_file):
    """Try the lexicon pack PACK on the corpus PATH before an analysis: what it counts, and its traps.

    \b
    PACK is a shipped pack name or the path of your YAML pack (as for `lexicon show`); PATH is
    anything `framelens load` takes (`demo`: the synthetic demo corpus). The pack runs alone through
    the default extraction, so the counts are those `framelens analyze --lexicons PACK` uses.

    \b
    Per concept and variant (naming packs) or per term (other families):
      hits, docs, outlets  matches, documents and outlets; narration and quoted (inside quotes)
      as written           the most frequent matched texts ("Stepanakert", "Stepanakert's")
      not counted          candidates that another form of the same overlap group won (a longer
                           variant, an `exclude:` form) or that the extractor left out (`subject:`)
      likely names         a lower-case form capitalised inside a name mid-sentence ("Pro-Choice"
                           in "NARAL Pro-Choice America"), with the `exclude:` line to add; a
                           warning, not a filter
      sample               hits in context, drawn at random with --seed (--sample per variant)
    Then: spans counted for two concepts, variants that never matched, topic gates that closed.

    \b
    Examples:
      framelens lexicon try karabakh ../shared/data/seed-presstv-karabakh
      framelens lexicon try my/immigration.yml ../shared/data/basil --sample 10 --seed 3
      framelens lexicon try ./hedges.yml corpus.csv --column text=body --max-docs 500 --out hedges.csv
    """
    from framelens.lexicons import load_pack
    from framelens.lexicons.trial import lexicon_trial

    t0 = time.perf_counter()
    p = load_pack(pack)  # a misspelled pack is reported before any corpus is loaded
    corpus = load_for_analysis(path, fmt, columns, no_clean, aliases, action="try the pack on")
    trial = lexicon_trial(corpus, p, sample=sample, seed=seed, max_docs=max_docs)
    _print_trial(trial, pack, sample, seed)
    if out_file:
        from framelens.outputs import write_file_atomically

        write_file_atomically(out_file, lambda tmp: trial.hits.to_csv(tmp, index=False),
                              inputs=run_inputs(path, [pack], aliases))
        echo(f"wrote {out_file} ({_plural(len(trial.hits), 'hit')})")
    echo("")
    echo(f"done in {time.perf_counter() - t0:.1f} s")


def _wrapped(text: str, indent: str, more: str | None = None) -> None:
    import textwrap

    more = indent + "  " if more is None else more
    echo(textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=more, break_long_words=False,
                       break_on_hyphens=False))


def _cut(s: str, n: int) -> str:
    return s if len(s) <= n else s[:n - 1] + "…"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 'es' if word.endswith(('s', 'ch')) else 's'}"


def _print_table(table, indent: str) -> None:
    """Text columns left-aligned (cut at 30 characters), numbers right-aligned."""
    import pandas as pd

    cols = []
    for c in table.columns:
        numeric = pd.api.types.is_numeric_dtype(table[c])
        cells = [f"{v:,}" if numeric else _cut(str(v), 30) for v in table[c]]
        width = max([len(c), *map(len, cells)])
        cols.append([(x.rjust if numeric else x.ljust)(width) for x in [c, *cells]])
    for row in zip(*cols):
        echo((indent + "  ".join(row)).rstrip())


def _print_trial(trial, pack_arg: str, sample: int, seed: int) -> None:
    p = trial.pack
    naming = p.family == "naming"
    entries = [e for e in p.entries if not e.exclude]
    what = (f"{_plural(len(p.concepts), 'concept')}, {_plural(len(entries), 'variant')}" if naming
            else _plural(len(entries), "term"))
    _wrapped(f"pack {p.name} ({p.family}, {what}) tried on {_plural(trial.documents, 'document')} by the default "
             f"extraction: what `framelens analyze --lexicons {pack_arg}` counts", "")
    if trial.documents < trial.documents_total:
        _wrapped(f"only the first {trial.documents:,} of {trial.documents_total:,} documents (--max-docs); "
                 "sentences are split as trained on those", "")
    h = trial.hits
    voices = h["voice"].value_counts() if len(h) else {}
    outlets = h.loc[h["outlet"] != "", "outlet"].nunique() if len(h) else 0
    echo(f"{_plural(len(h), 'hit')} in {_plural(h['doc_id'].nunique() if len(h) else 0, 'document')} from "
         f"{_plural(outlets, 'outlet')} (narration {int(voices.get('narration', 0)):,}, "
         f"quoted {int(voices.get('quoted', 0)):,})")
    groups = [(f"{p.name}/{c}", c, info["description"]) for c, info in p.concepts.items()] if naming else [("", "", "")]
    for concept, cid, description in groups:
        _print_group(trial, concept, cid, description, naming, sample, seed)
    if naming:
        _print_cross(trial)
    never = trial.never_matched
    if len(never):
        labels = [(f"{c.split('/', 1)[1]}/{e}" if c else e) for c, e in zip(never["concept"], never["entry"])]
        shown = ", ".join(labels[:NEVER_SHOWN]) + (f", ... {len(labels) - NEVER_SHOWN} more"
                                                   if len(labels) > NEVER_SHOWN else "")
        echo("")
        _wrapped(f"never matched ({len(labels)} of {_plural(len(entries), 'variant' if naming else 'term')}): "
                 + shown, "", "  ")
    for g in trial.gates.itertuples(index=False):
        scope = "the pack" if g.scope == "pack" else f"concept {g.scope.split('/', 1)[1]}"
        echo("")
        if g.documents_closed:
            _wrapped(f"topic gate of {scope} ({_cut(g.topic, 50)}): closed in {g.documents_closed:,} of "
                     f"{g.documents:,} documents, which do not mention it; {_plural(g.candidates, 'match')} "
                     "there not counted", "")
        else:
            _wrapped(f"topic gate of {scope} ({_cut(g.topic, 50)}): open in every document", "")


def _print_group(trial, concept, cid, description, naming, sample, seed):
    m = trial.matches[trial.matches["concept"] == concept]
    echo("")
    head = f"{cid}: {' '.join(description.split())}" if naming else "terms"
    if not m["hits"].sum() and not m["lost"].sum():
        _wrapped(f"{head}: no hit", "")
        return
    _wrapped(head, "")
    table = m.drop(columns="concept").rename(columns={"entry": "variant" if naming else "term",
                                                      "documents": "docs"})
    table = table[table["hits"] + table["lost"] > 0]
    if not naming:
        table = table.sort_values("hits", ascending=False, kind="stable")
    _print_table(table, "  ")
    order = list(table.iloc[:, 0])  # the table's order (terms: most hits first) for every list below
    forms = trial.surface_forms[trial.surface_forms["concept"] == concept]
    if len(forms):
        echo("  as written (most frequent first):")
        for entry, g in _by_entry(forms, order):
            shown = ", ".join(f"{t} {n:,}" for t, n in zip(g["text"].head(3), g["hits"].head(3)))
            more = f", {len(g) - 3} more" if len(g) > 3 else ""
            _wrapped(f"{entry}: {shown}{more}", "    ", "      ")
    lost = trial.losses[trial.losses["concept"] == concept]
    if len(lost):
        echo("  not counted (another form of the same group won, or the extractor left it out):")
        for entry, g in _by_entry(lost, order):
            w = g.groupby("winner", sort=False).size().sort_values(ascending=False, kind="stable")
            parts = [f"{n:,} to {winner}" for winner, n in w.head(4).items()]
            if len(w) > 4:
                parts.append(f"{int(w.iloc[4:].sum()):,} to {len(w) - 4} others")
            _wrapped(f"{entry}: {len(g):,} lost: " + ", ".join(parts), "    ", "      ")
    names = trial.names[trial.names["concept"] == concept]
    if len(names):
        echo("  likely proper names (a capitalised run mid-sentence; a warning, not a filter):")
        for r in names.head(8).itertuples(index=False):
            echo(f"    {r.entry}: \"{r.name}\" {_plural(r.hits, 'hit')} in {_plural(r.documents, 'document')}")
        if len(names) > 8:
            echo(f"    ... {len(names) - 8} more (--out FILE.csv: the likely_name column)")
        ex = trial.name_excludes[trial.name_excludes["concept"] == cid]
        for r in ex.itertuples(index=False):
            where = f"concept {cid}" if naming else "the pack (top level)"
            merge = " (merge into its exclude: list)" if r.has_exclude else ""
            _wrapped(f"to leave them out, add to {where}{merge}:  {r.exclude_line}", "    ", "      ")
    s = trial.sample[trial.sample["concept"] == concept]
    if len(s):
        echo(f"  sample (seed {seed}, up to {sample} per {'variant' if naming else 'term'}):")
        for entry, g in _by_entry(s, order):
            echo(f"    {entry}")
            _kwic_lines(g, s)


def _by_entry(table, order: list[str]):
    """``(entry, rows)`` of ``table`` in the order of ``order``."""
    groups = dict(tuple(table.groupby("entry", sort=False)))
    return [(e, groups[e]) for e in order if e in groups]


def _cut_middle(s: str, n: int) -> str:
    """``s`` in at most ``n`` characters, keeping both ends (document ids differ at the end: ``..._3``)."""
    return s if len(s) <= n else s[:n // 2 - 1] + "…" + s[-(n - n // 2):]


def _kwic_lines(sample, aligned_with) -> None:
    """The sample's lines, ``outlet | doc_id | left[match]right`` in :data:`WIDTH` columns, with the
    outlet and doc_id columns as wide as those of ``aligned_with``."""
    outlets = [_cut(str(o), 16) for o in sample["outlet"]]
    ids = [_cut_middle(str(d), 20) for d in sample["doc_id"]]
    w_outlet = max((len(_cut(str(o), 16)) for o in aligned_with["outlet"]), default=0)
    w_id = max((len(_cut_middle(str(d), 20)) for d in aligned_with["doc_id"]), default=0)
    for r, outlet, doc_id in zip(sample.itertuples(index=False), outlets, ids):
        prefix = f"      {outlet:<{w_outlet}} | {doc_id:<{w_id}} | "
        match = " ".join(str(r.match).split())
        room = max(20, WIDTH - len(prefix) - len(match) - 2)
        n_left = room // 2
        echo(f"{prefix}{str(r.left)[-n_left:]}[{match}]{str(r.right)[:room - n_left]}".rstrip())


def _print_cross(trial) -> None:
    x = trial.cross_concept
    if not len(x):
        return
    echo("")
    echo(f"spans counted for two concepts: {len(x):,}")
    pairs = (x.assign(a=x["concept"].str.split("/", n=1).str[1] + "/" + x["entry"],
                      b=x["other_concept"].str.split("/", n=1).str[1] + "/" + x["other_entry"])
             .groupby(["a", "b"], sort=False).agg(n=("text", "size"), text=("text", "first"),
                                                  other=("other_text", "first"))
             .sort_values("n", ascending=False, kind="stable").reset_index())
    for r in pairs.head(8).itertuples(index=False):
        _wrapped(f"{r.a} + {r.b}: {r.n:,} (e.g. \"{r.text}\" / \"{r.other}\")", "  ", "    ")
