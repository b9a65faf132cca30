"""The one registry of artifacts: notebook, input tables, outputs, captions, thesis reference.

The build, verify, ``list``, the report and the tests all read this module; nothing else declares
an artifact. The build hands each run its part of the registry (``Run.spec``) as the notebook's
``run`` parameter, so a notebook never retypes a table name, a stem or a caption. A run's cache key
hashes its own spec, so this module is deliberately not part of any notebook's code dependencies
(see ``dependencies.py``): editing one caption rebuilds that artifact's runs alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.formats import FIGURE_FORMATS, TABLE_FORMATS
from analysis.i18n import LANGS


@dataclass(frozen=True)
class Variant:
    """One way of running an artifact's notebook, beyond its language: extra parameters, a stem suffix
    and what that adds to each caption."""

    suffix: str = ""
    parameters: tuple[tuple[str, object], ...] = ()
    caption_nb: str = ""
    caption_en: str = ""


@dataclass(frozen=True)
class Product:
    """One figure, table or export a notebook writes under ``stem``.

    ``builder`` ("module:function") is the library function that makes it from the tables; the
    notebook passes that function to ``session.save``, which finds the product by it. A figure that
    needs a landscape page (23 × 16 cm) says so with ``landscape``.
    """

    stem: str
    kind: str  # "figure", "table" or "files" (an export whose builder writes its own bytes)
    builder: str
    caption_nb: str = ""
    caption_en: str = ""
    formats: tuple[str, ...] = ()
    landscape: bool = False

    def __post_init__(self):
        if not self.formats:
            default = {"figure": FIGURE_FORMATS, "table": TABLE_FORMATS}.get(self.kind)
            if default is None:
                raise ValueError(f"{self.stem}: a {self.kind!r} product must list its formats")
            object.__setattr__(self, "formats", default)

    def caption(self, lang: str | None, variant: Variant) -> str:
        if lang is None:
            return ""
        own, extra = (
            (self.caption_nb, variant.caption_nb) if lang == "nb" else (self.caption_en, variant.caption_en)
        )
        return f"{own} {extra}".strip() if extra else own


def figure(stem: str, builder: str, nb: str, en: str, landscape: bool = False) -> Product:
    return Product(stem, "figure", builder, nb, en, landscape=landscape)


def table(stem: str, builder: str, nb: str, en: str) -> Product:
    return Product(stem, "table", builder, nb, en)


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

    def runs(self, langs=LANGS) -> list[Run]:
        chosen = [lang for lang in self.languages if lang is None or lang in langs]
        return [Run(self, lang, variant) for lang in chosen for variant in self.variants]

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(p.stem for p in self.products)


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

    def arguments(self) -> dict[str, object]:
        """The keyword arguments every builder of this run gets: lang (if any) and the variant's."""
        language = {"lang": self.lang} if self.lang else {}
        return {**language, **dict(self.variant.parameters)}

    def spec(self) -> dict[str, object]:
        """What the notebook is handed as ``run``: its inputs and, per output, stem, builder, files, caption.

        The build adds ``data_dir`` and ``out_dir``; a run by hand gets them from ``session``.
        """
        outputs = [
            {
                "stem": f"{product.stem}{self.variant.suffix}",
                "kind": product.kind,
                "builder": product.builder,
                "formats": list(product.formats),
                "caption": product.caption(self.lang, self.variant),
                "landscape": product.landscape,
            }
            for product in self.artifact.products
        ]
        return {
            "artifact": self.artifact.id,
            "arguments": self.arguments(),
            "inputs": list(self.artifact.inputs),
            "outputs": outputs,
        }

    def parameters(self) -> dict[str, object]:
        """The notebook parameters that define this run's result (the build adds the folders)."""
        return {**self.arguments(), "run": self.spec()}

    def outputs(self) -> list[str]:
        """Output paths relative to the figures directory."""
        prefix = f"{self.lang}/" if self.lang else ""
        return [f"{prefix}{out['stem']}.{fmt}" for out in self.spec()["outputs"] for fmt in out["formats"]]


_FIELDWORK = "analysis.artifacts.fieldwork"
_POSITIONS = "analysis.artifacts.positions"
_POLICY = "analysis.artifacts.policy"
_SANCTIONS = "analysis.artifacts.sanctions"

ARTIFACTS: tuple[Artifact, ...] = (
    Artifact(
        id="table-2-1",
        notebook="table-2-1.ipynb",
        thesis_ref_nb="Tabell 2.1, avsnitt 2.2.2",
        thesis_ref_en="Table 2.1, section 2.2.2",
        inputs=("activation_sides", "activation_elements"),
        products=(
            table(
                "table-2-1",
                "analysis.artifacts.table_2_1:build",
                "Tabell 2.1 Aktiveringselementer (Eichhorst et al., 2010, s. 6, min oversettelse)",
                "Table 2.1 Activation elements (Eichhorst et al., 2010, p. 6, translated by the thesis "
                "author; English translation ours)",
            ),
        ),
    ),
    Artifact(
        id="fieldwork-overview",
        notebook="fieldwork-overview.ipynb",
        thesis_ref_nb="Kapittel 4–9: informanter, møtetyper, sitater og koder",
        thesis_ref_en="Chapters 4–9: informants, settings, excerpts and codes",
        inputs=("persons", "settings", "cases", "excerpts", "codes", "codings", "thesis_sections"),
        products=(
            table(
                "informants",
                f"{_FIELDWORK}:informants",
                "Informanter: pseudonymer, roller og bakgrunn slik avhandlingen oppgir dem",
                "Informants: pseudonyms, roles and background as the thesis gives them",
            ),
            table(
                "settings",
                f"{_FIELDWORK}:settings",
                "Møtetyper og andre steder der feltsamtalene fant sted",
                "Meeting types and other settings of the fieldwork talk",
            ),
            table(
                "excerpts-by-chapter-and-setting",
                f"{_FIELDWORK}:excerpts_by_chapter_and_setting",
                "Sitater fra feltarbeidet etter kapittel og møtetype "
                "(taleturer; gjentatte sitater ikke medregnet)",
                "Fieldwork excerpts by chapter and setting (speaker turns; re-quotations not counted)",
            ),
            table(
                "code-frequencies",
                f"{_FIELDWORK}:code_frequencies",
                "Kodefrekvenser: antall sitater og samtaler med hver kode",
                "Code frequencies: excerpts and conversations carrying each code",
            ),
            figure(
                "code-cooccurrence",
                f"{_FIELDWORK}:cooccurrence_heatmap",
                "Samforekomst av koder i samme sitat (de hyppigste kodene); kodingen er vår",
                "Code co-occurrence within an excerpt (the most frequent codes); the coding is ours",
            ),
            table(
                "excerpts",
                f"{_FIELDWORK}:excerpts_table",
                "Sitatene fra feltarbeidet (kapittel 4–9), én rad per taletur",
                "The fieldwork excerpts (chapters 4–9), one row per speaker turn",
            ),
        ),
    ),
    Artifact(
        id="figure-6-1",
        notebook="figure-6-1.ipynb",
        thesis_ref_nb="Figur 6.1 (tapt i PDF-en), avsnitt 6.2.1",
        thesis_ref_en="Figure 6.1 (lost from the PDF), section 6.2.1",
        inputs=("intake_flow_nodes", "intake_flow_edges"),
        products=(
            figure(
                "figure-6-1",
                "analysis.artifacts.intake_flow:draw",
                "Figur 6.1 Tilstrømming og avvikling av saker i KVP i feltkommunen "
                "(rekonstruert fra teksten)",
                "Figure 6.1 Inflow and outflow of cases in KVP in the field municipality "
                "(reconstructed from the text)",
            ),
        ),
        variants=(
            Variant("", (("view", "core"),)),
            Variant(
                "-extended",
                (("view", "extended"),),
                "– med inntaksprosessen rundt (utvidet visning)",
                "– with the surrounding intake process (extended view)",
            ),
        ),
    ),
    Artifact(
        id="intake-initiatives",
        notebook="intake-initiatives.ipynb",
        thesis_ref_nb="Avsnitt 6.3–6.4",
        thesis_ref_en="Sections 6.3–6.4",
        inputs=("intake_initiatives", "persons"),
        products=(
            table(
                "intake-initiatives",
                "analysis.artifacts.intake_flow:initiatives",
                "Måltallsorienterte initiativer og formålsorientering (avsnitt 6.3–6.4)",
                "Target-oriented initiatives and the turn to purpose (sections 6.3–6.4)",
            ),
        ),
    ),
    Artifact(
        id="kvp-on-table-2-1",
        notebook="kvp-on-table-2-1.ipynb",
        thesis_ref_nb="Kapittel 5 (5.3.3, 5.4.3–5.4.4) på tabell 2.1",
        thesis_ref_en="Chapter 5 (5.3.3, 5.4.3–5.4.4) on Table 2.1",
        inputs=("kvp_activation_mapping", "activation_elements", "activation_sides"),
        products=(
            figure(
                "kvp-on-table-2-1",
                "analysis.artifacts.kvp_mapping:draw",
                "Kvalifiseringsprogrammets virkemidler plassert i tabell 2.1",
                "The Qualification Programme's features placed on Table 2.1",
            ),
            table(
                "kvp-on-table-2-1",
                "analysis.artifacts.kvp_mapping:table",
                "Kvalifiseringsprogrammets virkemidler plassert i tabell 2.1",
                "The Qualification Programme's features placed on Table 2.1",
            ),
        ),
    ),
    Artifact(
        id="policy-timeline",
        notebook="policy-timeline.ipynb",
        thesis_ref_nb="Kapittel 2 og 5: lover, meldinger og proposisjoner",
        thesis_ref_en="Chapters 2 and 5: acts, white papers and bills",
        inputs=("policy_documents", "activity_requirement_purposes"),
        products=(
            figure(
                "policy-timeline",
                f"{_POLICY}:timeline",
                "Politikkdokumenter bak kvalifiseringsprogrammet (kapittel 2 og 5)",
                "Policy documents behind the Qualification Programme (chapters 2 and 5)",
            ),
            table(
                "policy-documents",
                f"{_POLICY}:documents_table",
                "Politikkdokumentene avhandlingen bruker (kapittel 2 og 5)",
                "The policy documents the thesis uses (chapters 2 and 5)",
            ),
            table(
                "activity-requirement-purposes",
                f"{_POLICY}:purposes_table",
                "Aktivitetskravets fire formål (St.meld. nr. 9 (2006-2007), pkt. 10.6.3)",
                "The four purposes of the activity requirement (St.meld. nr. 9 (2006-2007), pkt. 10.6.3)",
            ),
        ),
    ),
    Artifact(
        id="supervisor-positions",
        notebook="supervisor-positions.ipynb",
        thesis_ref_nb="Veilederposisjoner, avsnitt 7.3 og 7.4.2",
        thesis_ref_en="Supervisor positions, sections 7.3 and 7.4.2",
        inputs=("supervisor_positions", "supervisor_position_values", "persons", "cases"),
        products=(
            figure(
                "supervisor-positions",
                f"{_POSITIONS}:continuum",
                "Veilederposisjoner langs kontinuumet for deltakernes medvirkning (7.4.2)",
                "Supervisor positions along the continuum of participants' influence (7.4.2)",
            ),
            table(
                "supervisor-positions",
                f"{_POSITIONS}:dimensions_table",
                "Veilederposisjoner: formynderen, tilretteleggeren og den abdiserte (avsnitt 7.3 og 7.4.2)",
                "Supervisor positions: the guardian, the facilitator and the abdicated "
                "(sections 7.3 and 7.4.2)",
            ),
        ),
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
            table(
                "programme-design",
                f"{_POSITIONS}:programme_matrix",
                "Sakene i kapittel 7 og temaene i avsnitt 7.2.1–7.2.7 de illustrerer",
                "The cases of chapter 7 and the themes of sections 7.2.1–7.2.7 they illustrate",
            ),
            figure(
                "design-steps",
                f"{_POSITIONS}:design_timeline",
                "Utformingen av Monas program, møte for møte (7.2.1–7.2.3)",
                "Designing Mona's programme, meeting by meeting (7.2.1–7.2.3)",
            ),
            table(
                "weekly-schedule",
                f"{_POSITIONS}:schedule_table",
                "Monas ukeprogram (7.2.3), slik det er bevart",
                "Mona's weekly programme (7.2.3), as far as it survives",
            ),
            table(
                "unclassified-stances",
                f"{_POSITIONS}:stances_table",
                "Holdninger som likner en veilederposisjon, men som avhandlingen ikke klassifiserer",
                "Stances that resemble a supervisor position but that the thesis does not classify",
            ),
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
            figure(
                "sanction-regime",
                "analysis.artifacts.sanction_regime:draw",
                "Sanksjonsregimet i KVP slik veilederne håndterte det (kapittel 8)",
                "KVP's sanction regime as the supervisors handled it (chapter 8)",
            ),
            table(
                "sanction-regime-elements",
                "analysis.artifacts.sanction_regime:table",
                "Sanksjonsregimets ledd og piler med belegg (kapittel 8)",
                "The sanction regime's elements and arrows with their evidence (chapter 8)",
            ),
            figure(
                "sanction-considerations",
                f"{_SANCTIONS}:considerations_figure",
                "Hensyn i drøftingene av brudd, etter resonneringsform og retning",
                "Considerations in the discussions of breaches, by reasoning form and direction",
            ),
            table(
                "sanction-cases",
                f"{_SANCTIONS}:case_matrix",
                "Saker om brudd på aktivitetskrav og hensynene som ble drøftet (kapittel 8)",
                "Cases of breach of the activity requirements and the considerations discussed (chapter 8)",
            ),
            table(
                "sanction-functions",
                f"{_SANCTIONS}:functions_table",
                "Sanksjoners alternative funksjoner (avsnitt 8.3.5)",
                "The alternative functions of sanctions (section 8.3.5)",
            ),
            table(
                "sanction-tensions",
                f"{_SANCTIONS}:tensions_table",
                "Sanksjonsregimets innebygde spenninger (avsnitt 8.4.2, med 8.1–8.4.1)",
                "The tensions built into the sanction regime (section 8.4.2, with 8.1–8.4.1)",
            ),
        ),
    ),
    Artifact(
        id="findings",
        notebook="findings.ipynb",
        thesis_ref_nb="Kapittel 9, med kapittel 5–8",
        thesis_ref_en="Chapter 9, with chapters 5–8",
        inputs=("findings",),
        products=(
            table(
                "findings",
                "analysis.artifacts.findings:table",
                "Funn i kapittel 9, med kapitlene de oppsummerer",
                "Findings of chapter 9, with the chapters they summarise",
            ),
        ),
    ),
    Artifact(
        id="refi-qda",
        notebook="refi-qda.ipynb",
        thesis_ref_nb="Kapittel 4–9: sitater, kodebok og koding (REFI-QDA)",
        thesis_ref_en="Chapters 4–9: excerpts, codebook and coding (REFI-QDA)",
        inputs=("codes", "codings", "excerpts", "persons", "settings", "cases"),
        products=(
            Product("kvp-fieldwork", "files", "analysis.refiqda.export:files", formats=("qdpx", "qdc")),
        ),
    ),
    Artifact(
        id="numbers",
        notebook="numbers.ipynb",
        thesis_ref_nb="Tall i avhandlingen (numbers.csv)",
        thesis_ref_en="The thesis's numbers (numbers.csv)",
        inputs=("numbers",),
        products=(
            Product(
                "numbers", "files", "analysis.artifacts.numbers_macros:files", formats=("tex", "md", "json")
            ),
        ),
    ),
)


ARTIFACTS += (
    Artifact(
        id="latex-preamble",
        notebook="latex-preamble.ipynb",
        thesis_ref_nb="LaTeX-preambel for tabellene og figurene",
        thesis_ref_en="The LaTeX preamble of the tables and figures",
        inputs=(),
        products=(Product("kvp-analysis", "files", "analysis.latex:style_file", formats=("sty",)),),
        languages=(None,),
    ),
)


def by_id(artifact_id: str) -> Artifact:
    for artifact in ARTIFACTS:
        if artifact.id == artifact_id:
            return artifact
    known = ", ".join(a.id for a in ARTIFACTS)
    raise KeyError(f"no artifact {artifact_id!r}; the registry has: {known}")
