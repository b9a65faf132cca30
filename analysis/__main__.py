"""Command line: python -m analysis {build, verify, validate, audit, list, report,
export-qdpx, export-qdc, import-qdpx, compare-coding}.

Exit status: 0 success; 1 a check found differences (verify); 2 a problem with the input or the
machine (bad data, descriptor, path, parameter, notebook, archive, disk), reported in one line or
one line per problem, with nothing published; 130 interrupted (Ctrl-C). Anything else is a bug and
shows its traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import errors, paths
from analysis.i18n import LANGS

EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_INTERRUPTED = 0, 1, 2, 130


def version() -> str:
    """The package version: from its installed metadata, else from pyproject.toml (the repository is
    put on the path by a .pth file, not installed)."""
    from importlib import metadata

    try:
        return metadata.version("kvp-analysis")
    except metadata.PackageNotFoundError:
        import tomllib

        with open(paths.ROOT / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]


def _build(args) -> int:
    from analysis import pipeline
    from analysis.registry import ARTIFACTS

    known = [artifact.id for artifact in ARTIFACTS]
    unknown = [name for name in args.only if name not in known]
    if unknown:
        raise errors.ParameterError(
            f"--only: no artifact {', '.join(map(repr, unknown))}; `python -m analysis list` shows "
            f"the {len(known)} there are"
        )
    pipeline.build(
        only=args.only,
        langs=args.lang,
        jobs=args.jobs,
        force=args.force,
        data_dir=args.data_dir,
        figures_dir=args.figures_dir,
        build_dir=args.build_dir,
    )
    return EXIT_OK


def _verify(args) -> int:
    from analysis import verify

    return EXIT_OK if verify.verify(jobs=args.jobs) else EXIT_FAILED


def _report(problems, what: str) -> int:
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {what}", file=sys.stderr)
        return EXIT_INVALID
    print(f"{what}: OK")
    return EXIT_OK


def _validate(args) -> int:
    from analysis import provenance, validate

    source_path = args.source or paths.reference_text()
    source = provenance.ReferenceText.read(source_path) if source_path else None
    if source is None:
        print("note: reference text not found; evidence snippets were checked for form only (use --source)")
    problems, _ = validate.validate(args.data_dir, source)
    return _report(problems, str(args.data_dir))


def _audit(args) -> int:
    from analysis import audit

    return _report(audit.audit(args.data_dir, args.source), f"the evidence audit of {args.data_dir}")


def _list(args) -> int:
    from analysis.registry import ARTIFACTS

    for artifact in ARTIFACTS:
        print(f"{artifact.id}  ({artifact.thesis_ref_en})")
        print(f"  notebook: notebooks/{artifact.notebook}")
        print(f"  inputs:   {', '.join(f'data/{name}.csv' for name in artifact.inputs)}")
        for run in artifact.runs():
            print(f"  outputs:  {', '.join(f'figures/{o}' for o in run.outputs())}")
    return EXIT_OK


def _render_report(args) -> int:
    from analysis import report

    report.render(figures_dir=args.figures_dir, build_dir=args.build_dir, out_dir=args.out_dir)
    return EXIT_OK


def _export(args) -> int:
    from analysis import data, refiqda, validate

    write = refiqda.export_qdpx if args.command == "export-qdpx" else refiqda.export_qdc
    validate.require_valid(args.data_dir)
    tables = data.load(args.data_dir, list(refiqda.export.TABLES))
    print(write(tables, args.out, lang=args.lang))
    return EXIT_OK


def _import_qdpx(args) -> int:
    from analysis import refiqda

    schema = args.schema or refiqda.DEFAULT_SCHEMA
    if not schema.is_file():
        print(f"note: no REFI-QDA schema at {schema}; XSD validation was skipped (use --schema)")
        schema = None
    if not args.qdpx.is_file():
        what = "a folder" if args.qdpx.is_dir() else "not found"
        raise errors.PathError(f"{args.qdpx}: {what} — a .qdpx file")
    unmapped = refiqda.import_qdpx(args.qdpx, args.data_dir, schema=schema)
    for line in unmapped:
        print(f"not mapped: {line}")
    print(f"imported {args.qdpx} into {args.data_dir}: codes.csv, codings.csv, excerpts.csv")
    return EXIT_OK


def _compare_coding(args) -> int:
    from analysis import agreement_report

    return agreement_report.main(args)


def _jobs(text: str) -> int:
    """--jobs: a whole number of at least 1."""
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{jobs} — at least 1 parallel notebook")
    return jobs


_EXITS = (
    "exit status: 0 done; 2 a problem with the input or the machine (one line per problem); 130 interrupted"
)
_HELP = {  # command: (one-line help, what it reads, what it writes, extra exit statuses)
    "build": (
        "run the registered notebooks and publish to figures/",
        "data/ (validated first), notebooks/, the reference text if found (KVP_SOURCE)",
        "the outputs and MANIFEST.json in --figures-dir, all together or none; executed notebooks "
        "and staging in --build-dir; a lock beside --figures-dir",
        "",
    ),
    "verify": (
        "rebuild in a temp dir and compare with figures/",
        "data/, notebooks/, figures/",
        "nothing in the repository (the rebuild goes to a temporary folder); one line per output",
        "; 1 some output differs",
    ),
    "validate": (
        "check the data package; exit 2 on any problem",
        "DATA_DIR/datapackage.json and its tables; the reference text (--source, KVP_SOURCE)",
        "nothing; one line per problem: file:row: column: value — expected",
        "",
    ),
    "audit": (
        "check every snippet against the reference text",
        "--data-dir and --source",
        "nothing; one line per miss",
        "",
    ),
    "list": ("the registered artifacts", "the registry", "nothing; a listing on standard output", ""),
    "report": (
        "the executed notebooks and an index as HTML in build/report/",
        "--figures-dir and BUILD_DIR/executed/",
        "HTML into --out-dir (default BUILD_DIR/report)",
        "",
    ),
    "export-qdpx": (
        "write the coded excerpts as a REFI-QDA project (exit 2 if the data do not validate)",
        "--data-dir (validated first)",
        "OUT, a .qdpx archive",
        "",
    ),
    "export-qdc": (
        "write the codebook (exit 2 if the data do not validate)",
        "--data-dir (validated first)",
        "OUT, a .qdc codebook",
        "",
    ),
    "import-qdpx": (
        "read a REFI-QDA project into codes, codings and excerpts (exit 2 on bad input)",
        "QDPX (size- and depth-checked) and the REFI-QDA XSD (--schema)",
        "codes.csv, codings.csv and excerpts.csv in DATA_DIR, all three or none",
        "",
    ),
    "compare-coding": (
        "a second coder's coding against ours, per code (exit 2 on bad input)",
        "OTHER (a recoded .qdpx or a codings .csv) and --data-dir (our coding)",
        "the agreement tables into --out (default build/compare-coding), or nothing on bad input",
        "",
    ),
}


def _command(commands, name: str) -> argparse.ArgumentParser:
    summary, reads, writes, exits = _HELP[name]
    return commands.add_parser(
        name,
        help=summary,
        description=f"{summary[0].upper()}{summary[1:]}.\n\nreads:  {reads}\nwrites: {writes}",
        epilog=_EXITS + exits,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m analysis", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    top.add_argument("--version", action="version", version=f"kvp-analysis {version()}")
    commands = top.add_subparsers(dest="command", required=True)

    build = _command(commands, "build")
    build.add_argument("--only", action="append", default=[], metavar="ID", help="one artifact (repeatable)")
    build.add_argument("--lang", action="append", choices=LANGS, help="one language (repeatable)")
    build.add_argument(
        "--jobs", type=_jobs, default=None, help="parallel notebooks, at least 1 (default: cores)"
    )
    build.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    build.add_argument("--data-dir", type=Path, default=paths.DATA, help="the data package")
    build.add_argument("--figures-dir", type=Path, default=paths.FIGURES, help="where to publish")
    build.add_argument("--build-dir", type=Path, default=paths.BUILD, help="staging and executed copies")
    build.set_defaults(handler=_build)

    verify = _command(commands, "verify")
    verify.add_argument("--jobs", type=_jobs, default=None, help="parallel notebooks, at least 1")
    verify.set_defaults(handler=_verify)

    validate = _command(commands, "validate")
    validate.add_argument("data_dir", nargs="?", type=Path, default=paths.DATA)
    validate.add_argument("--source", type=Path, default=None, help="the reference text")
    validate.set_defaults(handler=_validate)

    audit = _command(commands, "audit")
    audit.add_argument("--source", type=Path, required=True, help="the reference text")
    audit.add_argument("--data-dir", type=Path, default=paths.DATA)
    audit.set_defaults(handler=_audit)

    listing = _command(commands, "list")
    listing.set_defaults(handler=_list)

    reader = _command(commands, "report")
    reader.add_argument("--figures-dir", type=Path, default=paths.FIGURES, help="the published outputs")
    reader.add_argument("--build-dir", type=Path, default=paths.BUILD, help="the build with executed/")
    reader.add_argument(
        "--out-dir", type=Path, default=None, help="where to write (default: BUILD_DIR/report)"
    )
    reader.set_defaults(handler=_render_report)

    for command in ("export-qdpx", "export-qdc"):
        export = _command(commands, command)
        export.add_argument("out", type=Path, help=f"the file to write (.{command.removeprefix('export-')})")
        export.add_argument("--lang", choices=LANGS, default=LANGS[0], help="the language of names")
        export.add_argument("--data-dir", type=Path, default=paths.DATA, help="the data package")
        export.set_defaults(handler=_export)

    importer = _command(commands, "import-qdpx")
    importer.add_argument("qdpx", type=Path, help="the .qdpx to read")
    importer.add_argument("data_dir", type=Path, help="where to write the tables")
    importer.add_argument(
        "--schema",
        type=Path,
        default=None,
        help="the REFI-QDA Project XSD (default: shared/refi-qda/Project-mrt2019.xsd beside the repo)",
    )
    importer.set_defaults(handler=_import_qdpx)

    compare = _command(commands, "compare-coding")
    compare.add_argument("other", type=Path, help="a .qdpx recoded in a QDA tool, or a codings .csv")
    compare.add_argument("--out", type=Path, default=paths.BUILD / "compare-coding", help="where to write")
    compare.add_argument("--lang", choices=LANGS, default=LANGS[0], help="the language of the outputs")
    compare.add_argument("--data-dir", type=Path, default=paths.DATA, help="the data package (our coding)")
    compare.add_argument("--schema", type=Path, default=None, help="the REFI-QDA Project XSD for a .qdpx")
    compare.set_defaults(handler=_compare_coding)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command; a user's mistake is one line (or one per problem) on stderr and status 2."""
    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except errors.UserError as error:
        print(f"{args.command}: {error}", file=sys.stderr)
    except OSError as error:  # the disk is full, a folder read-only, a file vanished: the machine's fault
        print(f"{args.command}: {errors.os_fault(error, 'the system refused')}", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"{args.command}: interrupted; nothing more was published", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
