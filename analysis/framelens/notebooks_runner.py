"""Run the framelens notebooks on a corpus: papermill executes each one with the corpus as a
parameter, and nbconvert writes its HTML beside the executed ``.ipynb``.

The notebooks live in ``notebooks/`` at the root of the repository (the folder can be given, or set
with ``FRAMELENS_NOTEBOOKS``). Each has one cell tagged ``parameters`` (``corpus``, ``format``,
``lexicons``, ``outlets``, ``out_dir``, ``n_boot``, ``seed``), which papermill overrides.

The kernel is always *this* Python (``sys.executable``), whatever kernelspecs are installed, so
the notebooks see the same framelens as the command that runs them. It runs with matplotlib's
inline backend (even when ``MPLBACKEND=Agg`` is set for tests or CI), so charts land in the outputs.

Output folder layout (``run_notebooks(..., out_dir=DIR)``)::

    DIR/01_corpus_overview.ipynb     executed notebook (outputs included)
    DIR/01_corpus_overview.html      the same as a web page
    DIR/01_corpus_overview/          that notebook's own out_dir (figures and files it writes, and
                                     kernel.log: the kernel process's own messages)
    ...

A notebook that fails still gets its executed ``.ipynb`` and HTML (with the error in place), and
:func:`run_notebooks` raises an :class:`~framelens.errors.AnalysisError` naming every failed
notebook, the cell and the error after running all of them.
"""
from __future__ import annotations

import logging
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from framelens.errors import AnalysisError, FramelensError

log = logging.getLogger(__name__)

#: The notebooks, in order.
NOTEBOOKS = ("01_corpus_overview", "02_naming_choices", "03_hedging_and_attribution", "04_outlet_comparison",
             "05_same_event_comparison", "06_bring_your_own_corpus")

KERNEL_NAME = "python3"


def notebooks_dir(folder: str | Path | None = None) -> Path:
    """The folder of the notebooks: ``folder``, else ``$FRAMELENS_NOTEBOOKS``, else ``notebooks/`` of the
    repository this package was installed from (an editable install)."""
    if folder is not None:
        path = Path(folder)
    elif os.environ.get("FRAMELENS_NOTEBOOKS"):
        path = Path(os.environ["FRAMELENS_NOTEBOOKS"])
    else:
        path = Path(__file__).resolve().parents[2] / "notebooks"
    if not path.is_dir():
        raise FramelensError("notebook folder not found", where=str(path),
                             fix="run from a clone of the framelens repository (pip install -e .), or pass "
                                 "--notebooks DIR / set FRAMELENS_NOTEBOOKS")
    return path


def list_notebooks(folder: str | Path | None = None, only: list[str] | None = None) -> list[Path]:
    """Notebook files to run, in order; ``only`` selects by number or name (``["02", "05_same..."]``)."""
    folder = notebooks_dir(folder)
    paths = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        raise FramelensError("no notebook (NN_name.ipynb) in the folder", where=str(folder),
                             fix="point at the repository's notebooks/ folder")
    if only:
        keep = []
        for want in only:
            want = str(want).removesuffix(".ipynb")
            match = [p for p in paths if p.stem == want or p.stem.split("_", 1)[0] == want.zfill(2)]
            if not match:
                raise FramelensError(f"no notebook called {want!r}", where=str(folder),
                                     fix="use one of: " + ", ".join(p.stem for p in paths))
            keep.extend(m for m in match if m not in keep)
        paths = keep
    return paths


# ------------------------------------------------------------------------------------- the kernel
def _kernel_manager_class(log_path: Path | None = None):
    """An AsyncKernelManager whose only kernelspec is this Python with ipykernel; the kernel process's
    own stdout and stderr (start-up and shutdown chatter, not cell output) go to ``log_path``."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class ThisPythonKernelSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name=f"Python 3 ({sys.prefix})", language="python", resource_dir="",
                env={"MPLBACKEND": "module://matplotlib_inline.backend_inline", "PYTHONUNBUFFERED": "1"})

    class ThisPythonKernelManager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _default_this_python_specs(self):
            return ThisPythonKernelSpecs(data_dir=self.data_dir)

        async def start_kernel(self, **kw):
            if log_path is None:
                return await super().start_kernel(**kw)
            with open(log_path, "ab") as log_file:  # the kernel process keeps its own copy of the handle
                kw.setdefault("stdout", log_file)
                kw.setdefault("stderr", log_file)
                return await super().start_kernel(**kw)

    return ThisPythonKernelManager


# ------------------------------------------------------------------------------------------ runs
@dataclass
class NotebookRun:
    """What happened to one notebook: where its outputs are, how long it took, and the error if any."""

    name: str
    ipynb: Path
    html: Path | None
    seconds: float
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _describe_error(name: str, exc: Exception) -> str:
    cell = getattr(exc, "cell_index", None)
    count = getattr(exc, "exec_count", None)
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    source = (getattr(exc, "source", "") or "").strip().splitlines()
    first = f" (cell starts: {source[0][:80]!r})" if source else ""
    if cell is not None:
        where = f"code cell [{count}] (cell {cell + 1} of the notebook){first}"
        return f"{name}: {where} raised {ename}: {str(evalue).strip()[:500]}"
    return f"{name}: {ename}: {str(evalue).strip()[:500]}"


def run_notebook(path: str | Path, out_dir: str | Path, parameters: dict, *, html: bool = True,
                 timeout: int = 1800) -> NotebookRun:
    """Execute one notebook with ``parameters``; write ``<out_dir>/<name>.ipynb`` and ``.html``.

    The notebook's own ``out_dir`` parameter is set to ``<out_dir>/<name>/``, which is also its
    working directory. Errors are caught and returned in :attr:`NotebookRun.error`.
    """
    import papermill as pm

    path, out_dir = Path(path), Path(out_dir)
    name = path.stem
    work = (out_dir / name).resolve()
    work.mkdir(parents=True, exist_ok=True)
    ipynb = out_dir / f"{name}.ipynb"
    params = dict(parameters)
    params["out_dir"] = str(work)
    t0 = time.perf_counter()
    error = None
    try:
        pm.execute_notebook(str(path), str(ipynb), parameters=params, kernel_name=KERNEL_NAME, language="python",
                            cwd=str(work), progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                            execution_timeout=timeout,
                            kernel_manager_class=_kernel_manager_class(work / "kernel.log"))
    except Exception as exc:  # a failed notebook is reported, not raised: the others still run
        error = _describe_error(name, exc)
        log.error("%s", error)
    seconds = time.perf_counter() - t0
    html_path = None
    if html and ipynb.exists():
        html_path = out_dir / f"{name}.html"
        try:
            export_html(ipynb, html_path)
        except Exception as exc:  # the HTML is a convenience; the executed notebook is the record
            log.warning("%s: HTML export failed: %s", name, exc)
            html_path = None
    return NotebookRun(name=name, ipynb=ipynb, html=html_path, seconds=seconds, error=error)


#: <script src="http..."> tags nbconvert's template adds (require.js and MathJax from a CDN): the
#: notebooks need neither, and a page that loads them is not self-contained.
_REMOTE_SCRIPT_RE = re.compile(r"""<script\b[^>]*\bsrc=["']https?://[^"']*["'][^>]*>\s*</script>\s*""", re.I)


def export_html(ipynb: str | Path, html_path: str | Path) -> Path:
    """Write an executed notebook as HTML: images embedded, no script loaded from the network (it
    opens offline, like the report)."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(str(ipynb), as_version=4)
    quiet = logging.getLogger("framelens.nbconvert")  # nbconvert warns that chart images have no alt text
    quiet.setLevel(logging.ERROR)
    exporter = HTMLExporter(embed_images=True, log=quiet)
    body, _ = exporter.from_notebook_node(nb)
    body = _REMOTE_SCRIPT_RE.sub("", body)
    Path(html_path).write_text(body, encoding="utf-8")
    return Path(html_path)


def _absolute_corpus(corpus: str) -> str:
    from framelens.corpus.load import resolve_path

    p = resolve_path(Path(str(corpus)))
    return str(p.resolve()) if str(corpus) != "demo" and p.exists() else str(corpus)


def run_notebooks(corpus: str | Path, out_dir: str | Path, *, format: str | None = None, lexicons=None,
                  outlets=None, since: str | None = None, until: str | None = None, columns: dict | None = None,
                  by: str = "outlet", n_boot: int = 1000, seed: int = 0, only: list[str] | None = None,
                  folder: str | Path | None = None, jobs: int = 1, html: bool = True,
                  timeout: int = 1800) -> list[NotebookRun]:
    """Run every notebook (or ``only`` some) on ``corpus`` and write them, executed, to ``out_dir``.

    Parameters
    ----------
    corpus : str or Path
        A corpus path (any format ``framelens.load_corpus`` reads) or ``"demo"``.
    out_dir : path
        Output folder (created; existing notebooks in it are overwritten, nothing else is touched; it
        may not be, or contain, the corpus, and two runs cannot write it at once: see
        :func:`framelens.outputs.reserve_output`).
    format : str, optional
        Corpus format (detected when None).
    lexicons : list of str, optional
        Lexicon pack names or YAML paths (default packs when None).
    outlets : None, int or list of str
        Outlets to analyse: all, the N biggest, or these names.
    since, until : str, optional
        Only documents published from / up to these days (``YYYY-MM-DD``; see
        :func:`framelens.corpus.select.select_documents`, as ``outlets``).
    columns : dict, optional
        Canonical field -> your column (``{"text": "body"}``), as ``load_corpus(columns=...)``.
    by : str, default "outlet"
        Compare groups of outlets by this column (``"leaning"``; see :mod:`framelens.compare.groups`).
    n_boot, seed : int
        Bootstrap replicates and seed passed to the comparison.
    only : list of str, optional
        Notebooks to run, by number or name.
    folder : path, optional
        Where the notebooks are (see :func:`notebooks_dir`).
    jobs : int, default 1
        Notebooks run at once (separate processes).
    html : bool, default True
        Also write HTML.
    timeout : int, default 1800
        Seconds allowed per cell.

    Returns
    -------
    list of NotebookRun

    Raises
    ------
    AnalysisError
        After all notebooks ran, when any failed: which notebook, which cell, which error, and
        where the executed notebook with the error is.
    """
    from framelens.outputs import mark_output, reserve_output

    paths = list_notebooks(folder, only)
    out_dir = Path(out_dir)
    corpus_input = [str(corpus)] if str(corpus) != "demo" and Path(str(corpus)).exists() else []
    with reserve_output(out_dir, inputs=corpus_input, replace=False):
        out_dir.mkdir(parents=True, exist_ok=True)
        params = {"outlets": outlets, "since": since, "until": until, "columns": columns, "by": by}
        runs = _run_all(paths, corpus, out_dir, format=format, lexicons=lexicons, selection=params, n_boot=n_boot,
                        seed=seed, jobs=jobs, html=html, timeout=timeout)
        mark_output(out_dir, [n for r in runs for n in (r.ipynb.name, r.html.name if r.html else "", r.name) if n])
    failed = [r for r in runs if not r.ok]
    if failed:
        lines = "; ".join(f"{r.error} (executed notebook with the error: {r.ipynb})" for r in failed)
        raise AnalysisError(f"{len(failed)} of {len(runs)} notebooks failed: {lines}", where=str(corpus),
                            fix="open the executed notebook to see the traceback in the failing cell")
    return runs


def _run_all(paths, corpus, out_dir, *, format, lexicons, selection, n_boot, seed, jobs, html, timeout
             ) -> list[NotebookRun]:
    lex = [str(Path(x).resolve()) if Path(str(x)).exists() else str(x) for x in lexicons] if lexicons else None
    params = {"corpus": _absolute_corpus(str(corpus)), "format": format, "lexicons": lex, **selection,
              "n_boot": int(n_boot), "seed": int(seed)}
    runs: list[NotebookRun] = []
    if jobs and jobs > 1 and len(paths) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # papermill changes the working directory of the process it runs in, so parallel runs need
        # processes, not threads
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=ctx) as pool:
            futures = [pool.submit(run_notebook, p, out_dir, params, html=html, timeout=timeout) for p in paths]
            runs = [f.result() for f in futures]
    else:
        for p in paths:
            log.info("running %s", p.name)
            runs.append(run_notebook(p, out_dir, params, html=html, timeout=timeout))
    return runs
