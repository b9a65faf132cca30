"""Command line: python -m analysis {build, verify, validate, audit, list, report,
export-qdpx, export-qdc, import-qdpx, compare-coding}."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import paths
from analysis.i18n import LANGS

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


def _build(args) -> int:
    from analysis import pipeline
    from analysis.execute import NotebookError

    try:
        pipeline.build(
            only=args.only,
            langs=args.lang,
            jobs=args.jobs,
            force=args.force,
            data_dir=args.data_dir,
            figures_dir=args.figures_dir,
            build_dir=args.build_dir,
        )
    except (pipeline.BuildError, NotebookError, KeyError) as error:
        print(f"build failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _verify(args) -> int:
    from analysis import pipeline, verify

    try:
        ok = verify.verify(jobs=args.jobs)
    except pipeline.BuildError as error:
        print(f"verify failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK if ok else EXIT_FAILED


def _report(problems, what: str) -> int:
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {what}", file=sys.stderr)
        return EXIT_INVALID
    print(f"{what}: OK")
    return EXIT_OK


def _validate(args) -> int:
    from analysis import data, provenance

    source_path = args.source or paths.reference_text()
    source = provenance.ReferenceText.read(source_path) if source_path else None
    if source is None:
        print("note: reference text not found; evidence snippets were checked for form only (use --source)")
    problems, _ = data.validate(args.data_dir, source)
    return _report(problems, str(args.data_dir))


def _audit(args) -> int:
    from analysis import audit

    if not args.source.is_file():
        print(f"audit: no reference text at {args.source}", file=sys.stderr)
        return EXIT_INVALID
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

    try:
        report.render(figures_dir=args.figures_dir, build_dir=args.build_dir, out_dir=args.out_dir)
    except report.ReportError as error:
        print(f"report: {error}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _export(args) -> int:
    from analysis import data, refiqda

    write = refiqda.export_qdpx if args.command == "export-qdpx" else refiqda.export_qdc
    try:
        tables = data.load(args.data_dir, list(refiqda.export.TABLES))
        print(write(tables, args.out, lang=args.lang))
    except KeyError as error:
        print(f"{args.command}: {args.data_dir} has no table {error}", file=sys.stderr)
        return EXIT_INVALID
    except (data.DataError, ValueError) as error:
        print(f"{args.command}: {error}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _import_qdpx(args) -> int:
    from analysis import refiqda

    schema = args.schema or refiqda.DEFAULT_SCHEMA
    if not schema.is_file():
        print(f"note: no REFI-QDA schema at {schema}; XSD validation was skipped (use --schema)")
        schema = None
    try:
        unmapped = refiqda.import_qdpx(args.qdpx, args.data_dir, schema=schema)
    except refiqda.QdpxError as error:
        print(f"import-qdpx: {error}", file=sys.stderr)
        return EXIT_INVALID
    for line in unmapped:
        print(f"not mapped: {line}")
    print(f"imported {args.qdpx} into {args.data_dir}: codes.csv, codings.csv, excerpts.csv")
    return EXIT_OK


def _compare_coding(args) -> int:
    from analysis import agreement_report

    return agreement_report.main(args)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="run the registered notebooks and publish to figures/")
    build.add_argument("--only", action="append", default=[], metavar="ID", help="one artifact (repeatable)")
    build.add_argument("--lang", action="append", choices=LANGS, help="one language (repeatable)")
    build.add_argument("--jobs", type=int, default=None, help="parallel notebooks (default: cores)")
    build.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    build.add_argument("--data-dir", type=Path, default=paths.DATA, help="the data package")
    build.add_argument("--figures-dir", type=Path, default=paths.FIGURES, help="where to publish")
    build.add_argument("--build-dir", type=Path, default=paths.BUILD, help="staging, executed copies, lock")
    build.set_defaults(handler=_build)

    verify = commands.add_parser("verify", help="rebuild in a temp dir and compare with figures/")
    verify.add_argument("--jobs", type=int, default=None)
    verify.set_defaults(handler=_verify)

    validate = commands.add_parser("validate", help="check the data package; exit 2 on any problem")
    validate.add_argument("data_dir", nargs="?", type=Path, default=paths.DATA)
    validate.add_argument("--source", type=Path, default=None, help="the reference text")
    validate.set_defaults(handler=_validate)

    audit = commands.add_parser("audit", help="check every snippet against the reference text")
    audit.add_argument("--source", type=Path, required=True, help="the reference text")
    audit.add_argument("--data-dir", type=Path, default=paths.DATA)
    audit.set_defaults(handler=_audit)

    listing = commands.add_parser("list", help="the registered artifacts")
    listing.set_defaults(handler=_list)

    reader = commands.add_parser(
        "report", help="the executed notebooks and an index as HTML in build/report/"
    )
    reader.add_argument("--figures-dir", type=Path, default=paths.FIGURES, help="the published outputs")
    reader.add_argument("--build-dir", type=Path, default=paths.BUILD, help="the build with executed/")
    reader.add_argument(
        "--out-dir", type=Path, default=None, help="where to write (default: BUILD_DIR/report)"
    )
    reader.set_defaults(handler=_render_report)

    for command, what in (
        ("export-qdpx", "the coded excerpts as a REFI-QDA project"),
        ("export-qdc", "the codebook"),
    ):
        export = commands.add_parser(command, help=f"write {what} (exit 2 if the data do not validate)")
        export.add_argument("out", type=Path, help=f"the file to write (.{command.removeprefix('export-')})")
        export.add_argument("--lang", choices=LANGS, default=LANGS[0], help="the language of names")
        export.add_argument("--data-dir", type=Path, default=paths.DATA, help="the data package")
        export.set_defaults(handler=_export)

    importer = commands.add_parser(
        "import-qdpx", help="read a REFI-QDA project into codes, codings and excerpts (exit 2 on bad input)"
    )
    importer.add_argument("qdpx", type=Path, help="the .qdpx to read")
    importer.add_argument("data_dir", type=Path, help="where to write the tables")
    importer.add_argument(
        "--schema",
        type=Path,
        default=None,
        help="the REFI-QDA Project XSD (default: shared/refi-qda/Project-mrt2019.xsd beside the repo)",
    )
    importer.set_defaults(handler=_import_qdpx)

    compare = commands.add_parser(
        "compare-coding", help="a second coder's coding against ours, per code (exit 2 on bad input)"
    )
    compare.add_argument("other", type=Path, help="a .qdpx recoded in a QDA tool, or a codings .csv")
    compare.add_argument("--out", type=Path, default=paths.BUILD / "compare-coding", help="where to write")
    compare.add_argument("--lang", choices=LANGS, default=LANGS[0], help="the language of the outputs")
    compare.add_argument("--data-dir", type=Path, default=paths.DATA, help="the data package (our coding)")
    compare.add_argument("--schema", type=Path, default=None, help="the REFI-QDA Project XSD for a .qdpx")
    compare.set_defaults(handler=_compare_coding)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
