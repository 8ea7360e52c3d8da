"""The main job, as a library function: load → clean → extract → document features → compare →
tables, manifest and report in one output folder (written atomically).

``framelens analyze`` is a thin wrapper around :func:`analyze`.

Output folder layout (every table as CSV and Parquet):

==========================  ===========================================================
``manifest.json``           corpus hash, lexicon hashes, package version, seed, parameters, tally
``corpus_summary``          per outlet: documents, words, first and last date
``rejects``                 every input record not loaded, with its reason
``cleaning``                every line the cleaner removed, with its reason
``hits``                    every framing cue with its evidence span
``extraction_errors``       documents an extractor failed on: doc_id, extractor, error (usually empty)
``doc_features``            one row per document: words, sentences, counts per feature (one voice)
``rates``, ``shares``, ...  the comparison tables (see :mod:`framelens.compare`)
``report.html``             one self-contained page (see :mod:`framelens.report`)
``explorer.html``           the interactive evidence explorer (see :mod:`framelens.explore`)
``SYNTHETIC.txt``           only for the synthetic demo corpus
==========================  ===========================================================

Tables made from a synthetic corpus carry a ``synthetic`` column set to True.
"""
from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from framelens.corpus import Corpus
from framelens.errors import AnalysisError
from framelens.outputs import atomic_dir, write_json, write_table

log = logging.getLogger(__name__)

#: The seeds every random generator of the analysis accepts (scikit-learn needs < 2**32).
MAX_SEED = 2**32 - 1


def check_run_parameters(*, seed=0, n_boot=1000, jobs=None) -> None:
    """Refuse parameters that would crash the analysis late or give meaningless numbers.

    Raises
    ------
    AnalysisError
        For a seed outside 0 .. 2**32 - 1, a negative or non-integer ``n_boot``, or ``jobs`` < 1.
    """
    def whole(v) -> bool:
        return isinstance(v, (int, np.integer)) and not isinstance(v, bool)

    if not whole(seed) or not 0 <= int(seed) <= MAX_SEED:
        raise AnalysisError(f"seed {seed!r} is not a whole number from 0 to {MAX_SEED}", where="seed",
                            fix="pass a seed such as 0 or 12345")
    if not whole(n_boot) or int(n_boot) < 0:
        raise AnalysisError(f"n_boot {n_boot!r} is not a whole number of bootstrap replicates", where="n_boot",
                            fix="pass n_boot=1000 (or 0 for no intervals at all)")
    if jobs is not None and (not whole(jobs) or int(jobs) < 1):
        raise AnalysisError(f"jobs {jobs!r} is not a number of worker processes", where="jobs",
                            fix="pass jobs=1 or more (None: all cores)")


@contextmanager
def timed(stage: str, bar=None):
    """Log the wall and CPU seconds (this process) of one stage of writing the outputs; a step of
    ``bar`` (a tqdm bar, optional), named with its seconds, when it ends."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    seconds = time.perf_counter() - wall
    log.info("write: %s in %.2f s (%.2f s CPU)", stage, seconds, time.process_time() - cpu)
    if bar is not None:
        bar.set_postfix_str(f"{stage} {seconds:.1f} s", refresh=False)
        bar.update(1)


def corpus_inputs(corpus: Corpus) -> list[str]:
    """The folders holding the files a corpus was read from (an output folder may not contain them)."""
    sources = pd.concat([corpus.documents.get("source", pd.Series(dtype=str)),
                         corpus.rejects.get("source", pd.Series(dtype=str))], ignore_index=True)
    files = sources.astype(str).str.replace(r"(:\d+|#[^/]*)$", "", regex=True).unique()
    return sorted({str(Path(f).parent) if Path(f).is_file() else f for f in files if f and f != "<unknown>"})


def _mark(df: pd.DataFrame, synthetic: bool) -> pd.DataFrame:
    if synthetic and isinstance(df, pd.DataFrame):
        df = df.copy()
        df["synthetic"] = True
    return df


def analyze(corpus: Corpus, out_dir: str | Path, *, lexicons=None, seed: int = 0, n_boot: int = 1000,
            jobs: int | None = None, report: bool = True, explorer: bool = True, parameters: dict | None = None,
            engine: str = "local", scheduler: str | None = None, cache_dir: str | Path | None = None,
            voice: str = "narration", by: str = "outlet", predict: bool = True, csv: str = "auto", inputs=(),
            force: bool = False) -> Path:
    """Run the whole analysis on ``corpus`` and write everything to ``out_dir``.

    Parameters
    ----------
    corpus : Corpus
        A loaded (and usually cleaned) corpus.
    out_dir : path
        Output folder; replaced atomically only when the run succeeds.
    lexicons : list of str or Path, optional
        Lexicon pack names or YAML paths; the default packs when None.
    seed, n_boot : int
        Bootstrap seed and replicates.
    jobs : int, optional
        Worker processes for extraction (all cores when None).
    engine, scheduler : str, optional
        ``"local"`` (default) or ``"dask"`` with a scheduler address (see :mod:`framelens.engine`).
    cache_dir : path, optional
        Feature cache folder (see :mod:`framelens.cache`); no cache when None.
    report : bool, default True
        Also write ``report.html``.
    explorer : bool, default True
        Also write ``explorer.html`` (with ``report``; see :mod:`framelens.explore`).
    voice : {"narration", "quoted", "all"}, default "narration"
        Whose words the comparisons measure (see :func:`framelens.features.document_features`);
        ``rates`` and ``shares`` also hold the other of narration and quoted, beside.
    by : str, default "outlet"
        The column documents are grouped by (``"leaning"``...): the tables name the groups in a
        column of that name, a group of several outlets is resampled by outlet, and the report and
        explorer show each group where an outlet would be (:func:`framelens.compare.groups.group_view`).
    predict : bool, default True
        Fit the outlet classifiers (``predictability``, ``coefficients``); False leaves both tables
        empty, and the manifest says so (``parameters.predict``).
    csv : {"auto", "always", "never"}, default "auto"
        CSV beside each Parquet table: ``auto`` leaves it out for a table over 100 MB
        (:func:`framelens.outputs.write_table`). The manifest's ``tables`` gives every table's rows
        and file sizes.
    parameters : dict, optional
        Extra parameters recorded in the manifest (e.g. the CLI arguments).
    inputs : iterable of path, optional
        Files the run read besides the corpus's own (lexicon files...): ``out_dir`` may not contain
        them, nor the corpus's files (see :func:`framelens.outputs.check_target`).
    force : bool, default False
        Replace ``out_dir`` even when framelens did not write it.

    Returns
    -------
    Path
        The output folder.

    Raises
    ------
    AnalysisError
        For a bad seed, ``n_boot`` or ``jobs`` (before any work).
    OutputError
        When ``out_dir`` may not be replaced or cannot be written (checked before any work).
    """
    from framelens.outputs import reserve_output

    check_run_parameters(seed=seed, n_boot=n_boot, jobs=jobs)
    if by not in corpus.documents.columns:
        raise AnalysisError(f"the corpus has no column {by!r} to group by",
                            fix="use by='outlet', or one of: " + ", ".join(map(str, corpus.documents.columns)))
    out_dir = Path(out_dir)
    inputs = [*inputs, *corpus_inputs(corpus), *(str(x) for x in (lexicons or []) if Path(str(x)).exists())]
    with reserve_output(out_dir, inputs=inputs, force=force):
        _run(corpus, out_dir, lexicons=lexicons, seed=seed, n_boot=n_boot, jobs=jobs, report=report,
             explorer=explorer, parameters=parameters, engine=engine, scheduler=scheduler, cache_dir=cache_dir, inputs=inputs,
             force=force, voice=voice, by=by, predict=predict, csv=csv)
    log.info("wrote %s", out_dir)
    return out_dir


def _run(corpus, out_dir, *, lexicons, seed, n_boot, jobs, report, explorer, parameters, engine, scheduler,
         cache_dir, inputs, force, voice, by, predict, csv):
    from framelens.compare import compare_all
    from framelens.compare.manifest import build_manifest
    from framelens.engine import extract_corpus
    from framelens.features import document_features, with_document_column
    from framelens.memory import release_memory

    out_dir = Path(out_dir)
    release_memory("loading the corpus")  # the uncleaned texts, among others
    hits = extract_corpus(corpus, lexicons=lexicons, jobs=jobs, engine=engine, scheduler=scheduler,
                          cache_dir=cache_dir)
    extraction_errors = pd.DataFrame(hits.attrs.pop("extraction_errors", []), columns=["doc_id", "extractor", "error"])
    doc_features = document_features(corpus, hits, voice=voice)
    absent = list(doc_features.attrs.get("absent_features", []))
    if absent:
        log.info("%d features of the packs never occur in this corpus (left out of the tables): %s", len(absent),
                 ", ".join(absent))
    # written with the grouping column, so that a report can be drawn again without the corpus
    doc_features = with_document_column(doc_features, corpus.documents, by)
    release_memory("extraction")  # the partitions' hits and the batches they were joined from
    results = compare_all(corpus, hits, doc_features, seed=seed, n_boot=n_boot, by=by, predictability=predict,
                          progress=True)
    params = {"seed": seed, "n_boot": n_boot, "lexicons": [str(x) for x in (lexicons or [])] or "default",
              "voice": voice, "by": by, "predict": predict, "csv": csv}
    params.update(parameters or {})
    manifest = build_manifest(corpus, lexicons=lexicons, seed=seed, parameters=params)
    manifest["tally"] = corpus.tally()
    manifest["synthetic"] = bool(corpus.synthetic)
    manifest["absent_features"] = absent
    if predict:  # how the predictability scores were made (a change of method changes the numbers)
        from framelens.compare.profiles import predictability_methods

        manifest["predictability_method"] = predictability_methods()
    syn = bool(corpus.synthetic)
    with atomic_dir(out_dir, inputs=inputs, force=force) as tmp:
        if syn:
            (tmp / "SYNTHETIC.txt").write_text(
                "These results were made from the SYNTHETIC demo corpus generated by framelens.\n"
                "They show what the tool does; they say nothing about real outlets.\n", encoding="utf-8")
        tables = {"corpus_summary": corpus.summary(), "rejects": corpus.rejects, "cleaning": corpus.cleaning,
                  "hits": hits, "extraction_errors": extraction_errors, "doc_features": doc_features}
        tables.update({name: t for name, t in results.items() if isinstance(t, pd.DataFrame)})
        shapes = {}  # columns and rows of each table, for README.txt (not the tables: memory stays bounded)
        sizes = {}
        from tqdm.auto import tqdm

        bar = tqdm(total=1 + report + (report and explorer), desc="write", unit="part", dynamic_ncols=True)
        with timed("tables", bar):
            for name, table in tables.items():
                marked = _mark(table, syn)
                written = write_table(marked, tmp, name, csv=csv)
                shapes[name] = (list(marked.columns), len(marked))
                sizes[name] = {"rows": len(marked), **{p.suffix[1:] + "_bytes": p.stat().st_size for p in written}}
            del tables
            manifest["tables"] = sizes
            write_json(manifest, tmp, "manifest")
        if report:
            from framelens.compare.groups import group_view
            from framelens.report import write_report

            with timed("report", bar):
                shown = group_view(by, corpus, hits, doc_features, results)  # groups where outlets would be
                write_report(tmp, *shown, manifest)
            if explorer:
                from framelens.explore import write_explorer
                from framelens.explore.page import PageTooBig

                with timed("explorer", bar):
                    try:
                        write_explorer(tmp, shown[0], shown[1], shown[3], manifest, seed=seed)
                    except PageTooBig as exc:  # everything else is written: keep it rather than fail at the end
                        log.warning("explorer.html not written: %s. Every other output is; build the page "
                                    "afterwards with: framelens explore %s --max-mb N (or --max-outlets N)", exc.what, out_dir)
        bar.close()
        from framelens.dictionary import write_data_dictionary

        write_data_dictionary(tmp, shapes)
