"""The one registry of artifacts: notebook, parameters, input tables, outputs, thesis reference.

The build, verify, ``list``, the report and the tests all read this module; nothing else declares
an artifact.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.formats import ALL_FORMATS, FIGURE_FORMATS, TABLE_FORMATS
from analysis.i18n import LANGS


@dataclass(frozen=True)
class Variant:
    """One way of running an artifact's notebook, beyond its language: extra parameters and a suffix."""

    suffix: str = ""
    parameters: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Product:
    """One figure or table a notebook writes, under ``stem``, in ``formats``."""

    stem: str
    formats: tuple[str, ...]


@dataclass(frozen=True)
class Artifact:
    id: str
    notebook: str
    thesis_ref_nb: str
    thesis_ref_en: str
    inputs: tuple[str, ...]
    products: tuple[Product, ...]
    variants: tuple[Variant, ...] = (Variant(),)
    # None: one run whose outputs do not depend on a language, published at the top of figures/.
    languages: tuple[str | None, ...] = LANGS

    @property
    def formats(self) -> tuple[str, ...]:
        """Every format the artifact's products use: the notebook's ``formats`` parameter."""
        return tuple(f for f in ALL_FORMATS if any(f in p.formats for p in self.products))

    def runs(self, langs=LANGS) -> list[Run]:
        chosen = [lang for lang in self.languages if lang is None or lang in langs]
        return [Run(self, lang, variant) for lang in chosen for variant in self.variants]


@dataclass(frozen=True)
class Run:
    """One execution of a notebook: an artifact in one language and one variant."""

    artifact: Artifact
    lang: str | None
    variant: Variant

    @property
    def key(self) -> str:
        name = f"{self.artifact.id}{self.variant.suffix}"
        return f"{name}/{self.lang}" if self.lang else name

    @property
    def slug(self) -> str:
        """The key as a file name: table-2-1.nb, numbers."""
        return self.key.replace("/", ".")

    @property
    def folder(self) -> str:
        """Where the outputs go, relative to the figures directory."""
        return self.lang or ""

    def parameters(self) -> dict[str, object]:
        """The parameters that define this run's result: lang (if any), formats and the variant's.

        The build adds ``data_dir`` and ``out_dir`` at run time.
        """
        language = {"lang": self.lang} if self.lang else {}
        return {**language, "formats": list(self.artifact.formats), **dict(self.variant.parameters)}

    def outputs(self) -> list[str]:
        """Output paths relative to the figures directory."""
        suffix = self.variant.suffix
        prefix = f"{self.lang}/" if self.lang else ""
        products = self.artifact.products
        return [f"{prefix}{product.stem}{suffix}.{fmt}" for product in products for fmt in product.formats]


ARTIFACTS: tuple[Artifact, ...] = (
    Artifact(
        id="table-2-1",
        notebook="table-2-1.ipynb",
        thesis_ref_nb="Tabell 2.1, avsnitt 2.2.2",
        thesis_ref_en="Table 2.1, section 2.2.2",
        inputs=("activation_sides", "activation_elements"),
        products=(Product("table-2-1", TABLE_FORMATS),),
    ),
    Artifact(
        id="fieldwork-overview",
        notebook="fieldwork-overview.ipynb",
        thesis_ref_nb="Kapittel 4–9: informanter, møtetyper, sitater og koder",
        thesis_ref_en="Chapters 4–9: informants, settings, excerpts and codes",
        inputs=("persons", "settings", "cases", "excerpts", "codes", "codings", "thesis_sections"),
        products=(
            Product("informants", TABLE_FORMATS),
            Product("settings", TABLE_FORMATS),
            Product("excerpts-by-chapter-and-setting", TABLE_FORMATS),
            Product("code-frequencies", TABLE_FORMATS),
            Product("code-cooccurrence", FIGURE_FORMATS),
            Product("excerpts", TABLE_FORMATS),
        ),
    ),
    Artifact(
        id="figure-6-1",
        notebook="figure-6-1.ipynb",
        thesis_ref_nb="Figur 6.1 (tapt i PDF-en), avsnitt 6.2.1",
        thesis_ref_en="Figure 6.1 (lost from the PDF), section 6.2.1",
        inputs=("intake_flow_nodes", "intake_flow_edges"),
        products=(Product("figure-6-1", FIGURE_FORMATS),),
        variants=(
            Variant("", (("view", "core"),)),
            Variant("-extended", (("view", "extended"),)),
        ),
    ),
    Artifact(
        id="intake-initiatives",
        notebook="intake-initiatives.ipynb",
        thesis_ref_nb="Avsnitt 6.3–6.4",
        thesis_ref_en="Sections 6.3–6.4",
        inputs=("intake_initiatives", "persons"),
        products=(Product("intake-initiatives", TABLE_FORMATS),),
    ),
    Artifact(
        id="kvp-on-table-2-1",
        notebook="kvp-on-table-2-1.ipynb",
        thesis_ref_nb="Kapittel 5 (5.3.3, 5.4.3–5.4.4) på tabell 2.1",
        thesis_ref_en="Chapter 5 (5.3.3, 5.4.3–5.4.4) on Table 2.1",
        inputs=("kvp_activation_mapping", "activation_elements", "activation_sides"),
        products=(Product("kvp-on-table-2-1", FIGURE_FORMATS + TABLE_FORMATS),),
    ),
    Artifact(
        id="policy-timeline",
        notebook="policy-timeline.ipynb",
        thesis_ref_nb="Kapittel 2 og 5: lover, meldinger og proposisjoner",
        thesis_ref_en="Chapters 2 and 5: acts, white papers and bills",
        inputs=("policy_documents", "activity_requirement_purposes"),
        products=(
            Product("policy-timeline", FIGURE_FORMATS),
            Product("policy-documents", TABLE_FORMATS),
            Product("activity-requirement-purposes", TABLE_FORMATS),
        ),
    ),
    Artifact(
        id="supervisor-positions",
        notebook="supervisor-positions.ipynb",
        thesis_ref_nb="Veilederposisjoner, avsnitt 7.3 og 7.4.2",
        thesis_ref_en="Supervisor positions, sections 7.3 and 7.4.2",
        inputs=("supervisor_positions", "supervisor_position_values", "persons", "cases"),
        products=(Product("supervisor-positions", FIGURE_FORMATS + TABLE_FORMATS),),
    ),
    Artifact(
        id="programme-design",
        notebook="programme-design.ipynb",
        thesis_ref_nb="Utforming av individuelle programmer, avsnitt 7.2",
        thesis_ref_en="Designing individual programmes, section 7.2",
        inputs=(
            "programme_elements",
            "design_steps",
            "weekly_schedule",
            "unclassified_stances",
            "cases",
            "persons",
            "thesis_sections",
        ),
        products=(
            Product("programme-design", TABLE_FORMATS),
            Product("design-steps", FIGURE_FORMATS),
            Product("weekly-schedule", TABLE_FORMATS),
            Product("unclassified-stances", TABLE_FORMATS),
        ),
    ),
    Artifact(
        id="sanctions",
        notebook="sanctions.ipynb",
        thesis_ref_nb="Kapittel 8 Håndtering av sanksjonsregimet",
        thesis_ref_en="Chapter 8, handling the sanction regime",
        inputs=(
            "sanction_regime_nodes",
            "sanction_regime_edges",
            "sanction_cases",
            "sanction_considerations",
            "sanction_functions",
            "sanction_tensions",
            "cases",
            "persons",
            "excerpts",
        ),
        products=(
            Product("sanction-regime", FIGURE_FORMATS),
            Product("sanction-considerations", FIGURE_FORMATS),
            Product("sanction-cases", TABLE_FORMATS),
            Product("sanction-functions", TABLE_FORMATS),
            Product("sanction-tensions", TABLE_FORMATS),
        ),
    ),
    Artifact(
        id="findings",
        notebook="findings.ipynb",
        thesis_ref_nb="Kapittel 9, med kapittel 5–8",
        thesis_ref_en="Chapter 9, with chapters 5–8",
        inputs=("findings",),
        products=(Product("findings", TABLE_FORMATS),),
    ),
    Artifact(
        id="refi-qda",
        notebook="refi-qda.ipynb",
        thesis_ref_nb="Kapittel 4–9: sitater, kodebok og koding (REFI-QDA)",
        thesis_ref_en="Chapters 4–9: excerpts, codebook and coding (REFI-QDA)",
        inputs=("codes", "codings", "excerpts", "persons", "settings", "cases"),
        products=(Product("kvp-fieldwork", ("qdpx", "qdc")),),
    ),
    Artifact(
        id="numbers",
        notebook="numbers.ipynb",
        thesis_ref_nb="Tall i avhandlingen (numbers.csv)",
        thesis_ref_en="The thesis's numbers (numbers.csv)",
        inputs=("numbers",),
        products=(Product("numbers", ("tex", "md", "json")),),
        languages=(None,),
    ),
)


def by_id(artifact_id: str) -> Artifact:
    for artifact in ARTIFACTS:
        if artifact.id == artifact_id:
            return artifact
    known = ", ".join(a.id for a in ARTIFACTS)
    raise KeyError(f"no artifact {artifact_id!r}; the registry has: {known}")
