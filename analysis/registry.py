"""The one registry of artifacts: notebook, parameters, input tables, outputs, thesis reference.

The build, verify, ``list``, the report and the tests all read this module; nothing else declares
an artifact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.formats import FIGURE_FORMATS, TABLE_FORMATS
from analysis.i18n import LANGS

# Every notebook takes at least these; the build supplies them.
BASE_PARAMETERS = ("lang", "formats", "data_dir", "out_dir")


@dataclass(frozen=True)
class Variant:
    """One way of running an artifact's notebook, beyond its language: extra parameters and a suffix."""

    suffix: str = ""
    parameters: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Artifact:
    id: str
    notebook: str
    thesis_ref_nb: str
    thesis_ref_en: str
    inputs: tuple[str, ...]
    formats: tuple[str, ...]
    variants: tuple[Variant, ...] = (Variant(),)
    depends_on: tuple[str, ...] = field(default=())

    def runs(self, langs=LANGS) -> list[Run]:
        return [Run(self, lang, variant) for lang in langs for variant in self.variants]


@dataclass(frozen=True)
class Run:
    """One execution of a notebook: an artifact in one language and one variant."""

    artifact: Artifact
    lang: str
    variant: Variant

    @property
    def key(self) -> str:
        return f"{self.artifact.id}{self.variant.suffix}/{self.lang}"

    @property
    def stem(self) -> str:
        return f"{self.artifact.id}{self.variant.suffix}"

    def parameters(self) -> dict[str, object]:
        """The parameters that define this run's result (directories are supplied at run time)."""
        return {"lang": self.lang, "formats": list(self.artifact.formats), **dict(self.variant.parameters)}

    def outputs(self) -> list[str]:
        """Output paths relative to the figures directory."""
        return [f"{self.lang}/{self.stem}.{fmt}" for fmt in self.artifact.formats]


ARTIFACTS: tuple[Artifact, ...] = (
    Artifact(
        id="table-2-1",
        notebook="table-2-1.ipynb",
        thesis_ref_nb="Tabell 2.1, avsnitt 2.2.2",
        thesis_ref_en="Table 2.1, section 2.2.2",
        inputs=("activation_sides", "activation_elements"),
        formats=TABLE_FORMATS,
    ),
)

assert all(set(a.formats) <= set(FIGURE_FORMATS + TABLE_FORMATS) for a in ARTIFACTS)


def by_id(artifact_id: str) -> Artifact:
    for artifact in ARTIFACTS:
        if artifact.id == artifact_id:
            return artifact
    known = ", ".join(a.id for a in ARTIFACTS)
    raise KeyError(f"no artifact {artifact_id!r}; the registry has: {known}")
