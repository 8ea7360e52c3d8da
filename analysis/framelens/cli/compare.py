"""``framelens compare``: load a corpus, extract cues, compare outlets, write the tables."""
from __future__ import annotations

import time

import click

from framelens.cli import main
from framelens.cli.options import (
    JOBS, N_BOOT, SEED, by_option, cache_from_options, cache_options, check_lexicon_names, corpus_options,
    force_option, load_for_analysis, run_inputs, selection_options, voice_option)


def _read_background(path):
    import pandas as pd

    from framelens.errors import AnalysisError

    try:
        table = pd.read_csv(path)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise AnalysisError(f"cannot read the background file: {exc}", where=str(path),
                            fix="write a UTF-8 CSV with a header row: term,count") from None
    if not {"term", "count"} <= set(table.columns):
        raise AnalysisError("the background file needs columns 'term' and 'count'", where=str(path),
                            fix="write a CSV with a header row: term,count")
    return table


@main.command("compare")
@corpus_options
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Output folder (replaced atomically when the run succeeds).")
@click.option("--lexicons", "lexicons", multiple=True, metavar="NAME|PATH", callback=check_lexicon_names,
              help="Lexicon pack name or YAML file; repeat for several. Default: all shipped packs.")
@by_option
@selection_options
@click.option("--seed", default=0, show_default=True, type=SEED,
              help="Seed of every bootstrap, permutation and CV shuffle.")
@click.option("--n-boot", default=1000, show_default=True, type=N_BOOT, help="Bootstrap replicates for intervals.")
@click.option("--level", default=0.95, show_default=True, type=click.FloatRange(0, 1, min_open=True, max_open=True),
              help="Interval coverage.")
@click.option("--scheme", type=click.Choice(["auto", "documents", "events", "outlets", "stratified"]),
              default="auto", show_default=True,
              help="How the bootstrap resamples: auto = outlets when a group holds several (--by leaning), "
                   "else whole events where documents share event ids, else documents.")
@click.option("--interval", type=click.Choice(["studentized", "percentile"]), default="studentized",
              show_default=True, help="Bootstrap interval: studentized (bootstrap-t; near-nominal coverage with "
                                      "few documents) or percentile.")
@click.option("--n-perm", default=2000, show_default=True, type=click.IntRange(min=1),
              help="Permutations for the naming tests.")
@click.option("--naming-test", type=click.Choice(["auto", "chi2", "permutation"]), default="auto",
              show_default=True, help="Naming independence test (auto: permutation when counts are small "
                                      "or mentions cluster in documents).")
@click.option("--prior", type=click.Choice(["pooled", "background", "uniform"]), default="pooled",
              show_default=True, help="Dirichlet prior of the distinctive-terms log-odds.")
@click.option("--prior-scale", type=click.FloatRange(0, min_open=True), default=None,
              help="Prior strength (default 1.0 for pooled/background, 0.01 for uniform).")
@click.option("--background", type=click.Path(exists=True, dir_okay=False),
              help="CSV with columns term,count: background counts for --prior background.")
@click.option("--top-terms", default=50, show_default=True, type=click.IntRange(min=1),
              help="Distinctive terms kept per outlet, comparison and n-gram order.")
@click.option("--jobs", default=None, type=JOBS, help="Worker processes for extraction (default: all cores).")
@cache_options
@click.option("--no-log-odds", is_flag=True, help="Skip distinctive terms.")
@click.option("--no-predict", is_flag=True, help="Skip the outlet classifiers.")
@click.option("--no-over-time", is_flag=True, help="Skip rates per month.")
@click.option("--resolve-pronouns", is_flag=True,
              help="In the sources table, count a 'he'/'she' source for the last quoted person of the document "
                   "(right about 4 times in 5; see framelens.compare.sources).")
@voice_option
@force_option
def compare_cmd(path, fmt, columns, no_clean, aliases, out_dir, lexicons, by, outlets, since, until, seed, n_boot,
                level, scheme, interval, n_perm, naming_test, prior, prior_scale, background, top_terms, jobs,
                cache_dir, no_cache, no_log_odds, no_predict, no_over_time, resolve_pronouns, voice, force):
    """Compare outlets: rates with intervals, naming shares and tests, distinctive terms, same-event
    differences, outlet similarity and predictability, rates over time.

    \b
    Writes to OUT, every table as CSV and Parquet (columns documented in framelens.compare):
      rates               rate per 1,000 words per outlet x feature, bootstrap 95% interval
      rate_distributions  spread of per-document rates
      shares              naming variant shares within each concept, bootstrap interval
      sources             who is attributed: share of attributions per source, bootstrap interval
      tests               naming independence (chi-square or permutation) and same-event tests,
                          Benjamini-Hochberg adjusted within each analysis
      log_odds            distinctive words and bigrams (log-odds, informative Dirichlet prior)
      within_event        paired within-event differences beside pooled ones (needs event ids)
      similarity, clustering, leaf_order     outlet framing profiles compared and clustered
      predictability, coefficients           can a classifier tell outlets apart? framing vs words
      over_time           rates per outlet per month (needs dates)
      manifest.json       corpus hash, lexicon hashes, version, seed, parameters

    \b
    Intervals resample documents (cues cluster in articles), whole events where documents share
    event ids, and outlets when a group holds several (--by leaning); the scheme column of each
    table says which. Shares are never narrower than a Jeffreys interval at their effective n;
    small_n flags shares from fewer than 10 mentions and rates from fewer than 5 cues. Same inputs
    and seed give identical tables.

    \b
    Voice: every cue is the outlet's own narration or inside a direct quotation. By default the
    tables measure narration (what the outlet itself writes); rates and shares list the quoted
    voice beside it (rows with voice=quoted). --voice quoted or --voice all change the main voice.

    \b
    Examples:
      framelens compare demo --out results/demo-compare
      framelens compare ../shared/data/basil --out results/basil-compare --n-boot 2000
      framelens compare ../shared/data/article-bias-prediction-subset --by leaning --out results/allsides
    """
    from framelens.outputs import reserve_output

    t0 = time.perf_counter()
    inputs = run_inputs(path, lexicons, aliases, background)
    with reserve_output(out_dir, inputs=inputs, force=force):
        _compare(path, fmt, columns, no_clean, aliases, out_dir, lexicons, by, (outlets, since, until), seed, n_boot,
                 level, scheme, interval, n_perm, naming_test, prior, prior_scale, background, top_terms, jobs,
                 cache_from_options(cache_dir, no_cache), no_log_odds, no_predict, no_over_time, resolve_pronouns,
                 inputs, force, voice)
    click.echo(f"wrote {out_dir} in {time.perf_counter() - t0:.1f} s")


def _compare(path, fmt, columns, no_clean, aliases, out_dir, lexicons, by, selection, seed, n_boot, level, scheme,
             interval, n_perm, naming_test, prior, prior_scale, background, top_terms, jobs, cache, no_log_odds,
             no_predict, no_over_time, resolve_pronouns, inputs, force, voice):
    import pandas as pd

    from framelens.compare import build_manifest, compare_all
    from framelens.features import document_features
    from framelens.outputs import atomic_dir, write_json, write_table
    from framelens.pipeline import corpus_inputs

    outlets, since, until = selection
    corpus = load_for_analysis(path, fmt, columns, no_clean, aliases, action="compare", outlets=outlets,
                               since=since, until=until, by=by)
    lex = list(lexicons) or None
    from framelens.engine import extract_corpus

    hits = extract_corpus(corpus, lexicons=lex, jobs=jobs, cache_dir=cache)
    errors = hits.attrs.get("extraction_errors") or []
    if errors:
        click.echo(f"{len(errors)} document(s) had extraction errors (see the log); their cues are missing")
    doc_features = document_features(corpus, hits, voice=voice)
    absent = list(doc_features.attrs.get("absent_features", []))
    if absent:
        from framelens.report import absent_features_line

        click.echo(absent_features_line(absent))
    click.echo(f"{len(hits)} cues in {len(doc_features)} documents; comparing by {by}, voice: {voice}")
    bg = _read_background(background) if background else None
    results = compare_all(corpus, hits, doc_features, seed=seed, n_boot=n_boot, level=level, scheme=scheme,
                          interval=interval, by=by, n_perm=n_perm, naming_method=naming_test,
                          log_odds=not no_log_odds, prior=prior, prior_scale=prior_scale, background=bg,
                          log_odds_top_n=top_terms, predictability=not no_predict, over_time=not no_over_time,
                          resolve_pronouns=resolve_pronouns, progress=True)
    params = {"path": str(path), "format": fmt, "clean": not no_clean, "lexicons": lex or "default", "by": by,
              "outlets": outlets, "since": since, "until": until, "columns": list(columns),
              "n_boot": n_boot, "level": level, "scheme": scheme, "interval": interval, "n_perm": n_perm,
              "naming_test": naming_test,
              "prior": prior, "prior_scale": prior_scale, "background": str(background) if background else None,
              "top_terms": top_terms, "log_odds": not no_log_odds, "predict": not no_predict,
              "over_time": not no_over_time, "resolve_pronouns": resolve_pronouns, "voice": voice}
    manifest = build_manifest(corpus, lexicons=lex, seed=seed, parameters=params)
    manifest["tally"] = corpus.tally()
    manifest["synthetic"] = bool(corpus.synthetic)
    manifest["absent_features"] = absent
    if not no_predict:
        from framelens.compare.profiles import predictability_methods

        manifest["predictability_method"] = predictability_methods()
    with atomic_dir(out_dir, inputs=[*inputs, *corpus_inputs(corpus)], force=force) as tmp:
        if corpus.synthetic:
            (tmp / "SYNTHETIC.txt").write_text(
                "These results were made from the SYNTHETIC demo corpus generated by framelens.\n"
                "They show what the tool does; they say nothing about real outlets.\n", encoding="utf-8")
        for name, table in results.items():
            if isinstance(table, pd.DataFrame):
                if corpus.synthetic:
                    table = table.assign(synthetic=True)
                write_table(table, tmp, name)
        write_json(manifest, tmp, "manifest")
    sizes = ", ".join(f"{name} {len(t)}" for name, t in results.items())
    click.echo(f"rows: {sizes}")
