"""civic-metrics: the command line.

Each subcommand's handler returns the exit status: 0 all well, 1 some input was
skipped, 2 a usage error (bad arguments, unknown output type).
"""

from __future__ import annotations

import argparse
import os
import sys

from .errors import CivicMetricsError, UsageError

DESCRIPTION = """\
Turn Vietnamese economic news into time series.

civic-metrics reads articles (plain text, Markdown with front matter, saved HTML
pages), finds every dated figure for GRDP, industrial production, retail sales,
trade, prices, new firms, the budget, FDI, public investment and tourism, and
writes them as rows of the figures table (see shared/spec/figures-table.md)."""

EPILOG = """\
commands in the usual order:
  civic-metrics extract seeds/ --out figures.csv   read articles, write figures
  civic-metrics ingest seeds/                      add articles to the store
  civic-metrics export --out series.csv            write figures or series
  civic-metrics serve                              browse the charts

exit status: 0 success; 1 some documents were skipped; 2 usage error.
environment: CIVIC_METRICS_DB chooses the store file (default data/civic-metrics.duckdb)."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="civic-metrics", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version="%(prog)s " + _version())
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    # --- extract -------------------------------------------------------------
    e = sub.add_parser(
        "extract", help="read articles and write their figures (CSV or Parquet)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Read articles and write one row per figure.\n\n"
                    "PATH is a file or a folder (searched recursively for .txt, .md, .html, .htm).\n"
                    "Without --out the table goes to stdout as CSV. A summary line on stderr counts\n"
                    "the documents read, skipped (with the reason) and the figures found.",
        epilog="exit status: 0 all documents read; 1 some skipped; 2 usage error.")
    e.add_argument("paths", nargs="+", metavar="PATH", help="article file or folder")
    e.add_argument("--out", metavar="FILE", help="output file ending in .csv or .parquet (default: CSV on stdout)")
    e.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: a process pool on this machine (default); dask: a Dask cluster")
    e.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address, e.g. tcp://HOST:8786 "
                   "(default: start a local Dask cluster)")
    e.add_argument("--workers", type=int, metavar="N", help="local worker processes (default: all cores)")
    e.add_argument("--no-progress", action="store_true", help="never draw a progress bar")
    e.set_defaults(handler=cmd_extract)

    # --- explain -------------------------------------------------------------
    x = sub.add_parser(
        "explain", help="show each number of an article and why it is, or is not, a row",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Read one article and list every number candidate (a number with %, a currency or a\n"
                    "count unit) with the engine's decision: the row it became (metric, part, measure,\n"
                    "value, unit, qualifier, status, basis, period, place), or the reason it is not one\n"
                    "(\"subject is not a metric: cà phê\", \"foreign place: Thái Lan\", \"no metric in clause\",\n"
                    "\"unit does not fit metric\", \"page furniture\", ...).",
        epilog="exit status: 0 the article was read; 1 it could not be read; 2 usage error.")
    x.add_argument("path", metavar="FILE", help="article file (.txt, .md, .html)")
    x.add_argument("--json", action="store_true", help="print the decisions as JSON, for tools")
    x.set_defaults(handler=cmd_explain)

    # --- ingest --------------------------------------------------------------
    i = sub.add_parser("ingest", help="extract articles into the store (idempotent)",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Extract articles and store documents and figures. Re-ingesting an "
                                   "unchanged document adds nothing; a changed one (same file, new text; "
                                   "with --replace also same URL and outlet) replaces its figures. A run is one transaction: if it is killed, "
                                   "the store is as before and the next run completes it.",
                       epilog="exit status: 0 all documents read; 1 some skipped, or the store is busy or "
                              "not a store; 2 usage error.")
    i.add_argument("paths", nargs="+", metavar="PATH", help="article file or folder")
    i.add_argument("--db", metavar="FILE", help="store file (default: $CIVIC_METRICS_DB or data/civic-metrics.duckdb)")
    i.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: a process pool on this machine (default); dask: a Dask cluster")
    i.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address, e.g. tcp://HOST:8786 "
                   "(default: start a local Dask cluster)")
    i.add_argument("--staging", metavar="DIR", help="folder for the staged Parquet parts (with --scheduler: on "
                   "storage the workers share; default: a temporary folder beside the store, removed after)")
    i.add_argument("--workers", type=int, metavar="N", help="local worker processes (default: all cores)")
    i.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="if another ingest is writing, wait up to this long (default: fail at once)")
    i.add_argument("--no-progress", action="store_true", help="never draw a progress bar")
    i.add_argument("--replace", action="store_true", help="new text with the URL and outlet of a stored "
                   "article replaces it (default: only new text from the same file does)")
    i.set_defaults(handler=_lazy("metrics.store", "cli_ingest"))

    # --- export --------------------------------------------------------------
    x = sub.add_parser("export", help="write figures or observations to CSV, Excel, Parquet or JSON")
    x.add_argument("--what", choices=("figures", "observations"), default="figures")
    x.add_argument("--metric", action="append", metavar="M", help="metric code; repeat for several")
    x.add_argument("--geo", metavar="G", help="place, e.g. 'Hà Nội'")
    x.add_argument("--from", dest="date_from", metavar="YYYY-MM", help="periods ending on or after this month")
    x.add_argument("--to", dest="date_to", metavar="YYYY-MM", help="periods starting on or before this month")
    x.add_argument("--db", metavar="FILE")
    x.add_argument("--excel-locale", choices=("en", "vi"), default="en",
                   help="vi: ';' separators and decimal commas for Vietnamese-locale Excel (CSV only)")
    x.add_argument("--out", metavar="FILE", required=True, help="file ending in .csv, .xlsx, .parquet or .json")
    x.add_argument("--force", action="store_true", help="overwrite FILE if it exists (default: refuse)")
    x.set_defaults(handler=_lazy("metrics.export", "cli_export"))

    # --- serve ---------------------------------------------------------------
    s = sub.add_parser("serve", help="serve the dashboard (ingests seeds/ into an empty store first)")
    s.add_argument("--db", metavar="FILE")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8050)
    s.add_argument("--debug", action="store_true", help="Flask development server with reloading")
    s.add_argument("--allow-host", action="append", metavar="NAME",
                   help="a host name the app is reached by (repeat; loopback names are allowed on 127.0.0.1)")
    s.add_argument("--no-upload", action="store_true", help="turn the upload page off")
    s.add_argument("--processes", type=int, default=min(2, os.cpu_count() or 1), metavar="N",
                   help="serving processes (default: 2, or 1 on one core)")
    s.set_defaults(handler=_lazy("dashboard.app", "cli_serve"))
    return p


def _version() -> str:
    from . import __version__

    return __version__


def _lazy(module: str, name: str):
    def handler(args):
        import importlib

        return getattr(importlib.import_module(module), name)(args)

    return handler


def cmd_extract(args) -> int:
    from .corpus import Report, extract_paths
    from .export import write_table

    out = args.out
    if out and not out.lower().endswith((".csv", ".parquet")):
        raise UsageError(f"--out {out}: the file must end in .csv or .parquet")
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing and len(missing) == len(args.paths):
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    report = Report()
    progress = False if args.no_progress else None
    if args.engine == "dask":
        from .distributed import extract_paths_dask

        df = extract_paths_dask(args.paths, scheduler=args.scheduler, report=report, progress=progress)
    else:
        df = extract_paths(args.paths, workers=args.workers, progress=progress, report=report)
    if out:
        write_table(df, out)
    else:
        write_table(df, sys.stdout)
    for path, reason in report.skipped:
        print(f"civic-metrics: skipped {path}: {reason}", file=sys.stderr)
    print(f"civic-metrics: {report.line()}", file=sys.stderr)
    return 1 if report.skipped else 0


def cmd_explain(args) -> int:
    from .document import read_path
    from .errors import SkipDocument
    from .explain import explain_document, render_json, render_text

    if not os.path.isfile(args.path):
        raise UsageError(f"no such file: {args.path}")
    try:
        doc = read_path(args.path)
    except SkipDocument as e:
        print(f"civic-metrics: cannot read {args.path}: {e}", file=sys.stderr)
        return 1
    decisions = explain_document(doc)
    print(render_json(doc, decisions) if args.json else render_text(doc, decisions))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.handler(args) or 0)
    except UsageError as e:
        print(f"civic-metrics {args.command}: {e}", file=sys.stderr)
        return 2
    except CivicMetricsError as e:
        print(f"civic-metrics {args.command}: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("civic-metrics: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
