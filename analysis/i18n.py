"""Labels and captions in bokmål (the thesis's language, the default) and English (ours)."""

from __future__ import annotations

LANGS = ("nb", "en")

_TEXT = {
    "table-2-1.placement-note": {
        "nb": "Kolonne og rad er rekonstruert fra PDF-ens rekkefølge og definisjonene i avsnitt 2.2.2 "
        "(utledet).",
        "en": "Column and row are reconstructed from the PDF's reading order and the definitions "
        "in section 2.2.2 (inferred).",
    },
    "status.stated": {"nb": "uttrykt i teksten", "en": "stated in the text"},
    "status.inferred": {"nb": "utledet fra teksten", "en": "inferred from the text"},
    "status.uncertain": {"nb": "usikker lesning", "en": "uncertain reading"},
    "status.legend": {
        "nb": "† utledet fra teksten; ? usikker lesning; umerket: uttrykt i teksten.",
        "en": "† inferred from the text; ? uncertain reading; unmarked: stated in the text.",
    },
    "gloss.note": {
        "nb": "Engelske oversettelser er våre egne.",
        "en": "English translations are ours; the thesis is in Norwegian.",
    },
    "informants.note": {
        "nb": "Ingen kjønnsangivelse: avhandlingen gav en mann et kvinnenavn. "
        "Bakgrunn bare der teksten oppgir den.",
        "en": "No gender is given: the thesis gave a man a woman's name. "
        "Background only where the text states it.",
    },
    "code-frequencies.note": {
        "nb": "Kodingen er vår. Avhandlingen oppgir ingen frekvenser; tallene teller sitater i avhandlingen, "
        "ikke hendelser i feltet.",
        "en": "The coding is ours. The thesis reports no frequencies; these count excerpts printed in the "
        "thesis, not events in the field.",
    },
    "intake-initiatives.note": {
        "nb": "I den rekkefølgen teksten gir. Virkning: vår engelske oppsummering, "
        "bare der teksten oppgir en.",
        "en": "In the order the text gives. Effect only where the text states one.",
    },
    "column.order": {"nb": "Nr.", "en": "No."},
    "column.section": {"nb": "Avsnitt", "en": "Section"},
    "column.initiative": {"nb": "Initiativ", "en": "Initiative"},
    "column.who": {"nb": "Hvem", "en": "Who"},
    "column.what": {"nb": "Belegg i teksten", "en": "What was done"},
    "column.effect": {"nb": "Virkning på inntaket", "en": "Effect on intake"},
    "findings.note": {
        "nb": "Funnene er formulert av oss; avsnitt og linjer viser hvor avhandlingen sier dem.",
        "en": "The findings are worded by us; section and lines show where the thesis states them.",
    },
    "policy-documents.note": {
        "nb": "Henvisningene står slik avhandlingen skriver dem; der en ser feil ut, sier merknaden hvorfor.",
        "en": "Citations as the thesis writes them; where one looks wrong, the note says why.",
    },
    "kvp-mapping.note": {
        "nb": "Gruppene er vår plassering. Siden er avhandlingens der streken er heltrukket (umerket), "
        "vår der den er stiplet (†), usikker der den er prikket (?).",
        "en": "The groups are our placement. The side is the thesis's where the line is solid (unmarked), "
        "ours where it is dashed (†), uncertain where it is dotted (?).",
    },
    "kvp-mapping.no-group": {"nb": "Ingen gruppe i tabellen passer", "en": "No group of the table fits"},
    "kvp-mapping.status.stated": {"nb": "avhandlingens plassering", "en": "placed by the thesis"},
    "kvp-mapping.status.inferred": {"nb": "vår plassering", "en": "our placement"},
    "kvp-mapping.status.uncertain": {"nb": "usikker plassering", "en": "uncertain placement"},
    "column.finding": {"nb": "Funn", "en": "Finding"},
    "column.in-chapter-9": {"nb": "Kapittel 9", "en": "Chapter 9"},
    "column.summarised-from": {"nb": "Oppsummerer", "en": "Summarises"},
    "column.year": {"nb": "År", "en": "Year"},
    "column.document": {"nb": "Dokument", "en": "Document"},
    "column.citation-note": {"nb": "Merknad (engelsk)", "en": "Note"},
    "column.purpose": {"nb": "Formål", "en": "Purpose"},
    "column.wording": {"nb": "Ordlyd", "en": "Wording (our translation)"},
    "excerpts.note": {
        "nb": "Ordrett fra avhandlingen. † taler, møtetype eller sak er utledet av oss.",
        "en": "English glosses are our translations of the thesis's Norwegian. † speaker, setting or case "
        "is our attribution.",
    },
    "column.excerpt": {"nb": "Sitat-id", "en": "Excerpt"},
    "column.speaker": {"nb": "Taler", "en": "Speaker"},
    "column.quote": {"nb": "Sitat", "en": "Quote (our gloss)"},
    "column.where": {"nb": "Avsnitt (linjer)", "en": "Section (lines)"},
    "direction.for_sanction": {"nb": "for sanksjon", "en": "for a sanction"},
    "direction.against_sanction": {"nb": "mot sanksjon", "en": "against a sanction"},
    "direction.alternative_response": {"nb": "alternativ reaksjon", "en": "alternative response"},
    "direction.none": {"nb": "uten retning", "en": "no direction"},
    "sanction-cases.note": {
        "nb": "Lenkene viser til sitatene hensynet bygger på (excerpts.html). Utfallet er ukjent der "
        "avhandlingen ikke oppgir noe.",
        "en": "The links lead to the excerpts each consideration rests on (excerpts.html). The outcome is "
        "unknown where the thesis reports none.",
    },
    "outcome.unknown": {"nb": "Utfall: ukjent.", "en": "Outcome: unknown."},
    "outcome.no_sanction": {"nb": "Utfall: ingen sanksjon.", "en": "Outcome: no sanction."},
    "outcome.deduction": {"nb": "Utfall: trekk.", "en": "Outcome: deduction."},
    "outcome.warning": {"nb": "Utfall: varsel.", "en": "Outcome: warning."},
    "outcome.programme_adjusted": {"nb": "Utfall: programmet justert.", "en": "Outcome: programme adjusted."},
    "outcome.programme_stopped": {"nb": "Utfall: programmet stanset.", "en": "Outcome: programme stopped."},
    "outcome.other": {"nb": "Utfall: annet.", "en": "Outcome: other."},
    "column.case": {"nb": "Sak", "en": "Case"},
    "column.function": {"nb": "Funksjon", "en": "Function"},
    "column.pole-a": {"nb": "På den ene siden", "en": "On the one hand"},
    "column.pole-b": {"nb": "På den andre siden", "en": "On the other hand"},
    "positions.note": {
        "nb": "Ingen antall eller hyppigheter: avhandlingen gir ingen. Rekkefølgen følger avhandlingens "
        "opplisting og kontinuumets endepunkter (utledet).",
        "en": "No counts or frequencies: the thesis gives none. The order follows the thesis's listing and "
        "the continuum's end points (inferred).",
    },
    "positions.figure-note": {
        "nb": "Jevnt fordelt, uten avstander, antall eller hyppigheter. Rekkefølgen følger avhandlingens "
        "opplisting og endepunkter (utledet). † utledet av oss.",
        "en": "Evenly spaced, with no distances, counts or frequencies. The order follows the thesis's "
        "listing and end points (inferred). † our inference. End points: the thesis's words, "
        "our translation.",
    },
    "dimension.premises": {"nb": "Hvem legger premissene og alternativene", "en": "Who sets the premises"},
    "dimension.knowledge_of_consequences": {
        "nb": "Deltakerens kunnskap om konsekvensene",
        "en": "Participant's knowledge of the consequences",
    },
    "dimension.responsibility": {"nb": "Hvor ansvaret havner", "en": "Where responsibility lands"},
    "dimension.participation_rung": {
        "nb": "Trinn på medvirkningsstigen",
        "en": "Rung of the participation ladder",
    },
    "dimension.supervisor_role": {"nb": "Veilederens rolle", "en": "The supervisor's role"},
    "dimension.realism": {"nb": "Realisme i målene", "en": "Realism of the goals"},
    "dimension.exemplar_supervisor": {"nb": "Eksempelets veileder", "en": "Exemplar supervisor"},
    "dimension.exemplar_case": {"nb": "Eksempelets sak", "en": "Exemplar case"},
    "dimension.example_section": {"nb": "Eksempelets avsnitt", "en": "Section of the example"},
    "column.dimension": {"nb": "Dimensjon", "en": "Dimension"},
    "programme-matrix.note": {
        "nb": "● saken brukes i avsnittet. Ingen tall: avhandlingen velger eksempler, den teller ikke.",
        "en": "● the case is used in that section. No counts: the thesis chooses examples, "
        "it does not count.",
    },
    "schedule.note": {
        "nb": "Tabellen ble forvrengt i PDF-uttrekket og er kuttet ved et sideskift. Bare det bevarte er "
        "tatt med; ingen dager, tider eller aktiviteter er lagt til.",
        "en": "The table was garbled in the PDF extraction and is cut off at a page break. Only what "
        "survives is here; no day, time or activity is added.",
    },
    "preserved.full": {"nb": "bevart", "en": "preserved"},
    "preserved.partial": {"nb": "delvis (forvrengt eller kuttet)", "en": "partial (garbled or cut)"},
    "preserved.lost": {"nb": "tapt", "en": "lost"},
    "column.fragment": {"nb": "Fragment", "en": "Fragment"},
    "column.text": {"nb": "Tekst", "en": "Text"},
    "column.preserved": {"nb": "Bevart", "en": "Preserved"},
    "column.lines": {"nb": "Linjer", "en": "Lines"},
    "stances.note": {
        "nb": "De forblir uklassifisert: likheten er vår lesning.",
        "en": "They stay unclassified: the resemblance is our reading.",
    },
    "column.stance": {"nb": "Holdning", "en": "Stance"},
    "origin.thesis": {"nb": "avhandlingen", "en": "thesis"},
    "origin.analyst": {"nb": "analytiker", "en": "analyst"},
    "setting.none": {"nb": "ikke oppgitt", "en": "not stated"},
    "column.total": {"nb": "I alt", "en": "Total"},
    "column.chapter": {"nb": "Kapittel", "en": "Chapter"},
    "column.pseudonym": {"nb": "Pseudonym", "en": "Pseudonym"},
    "column.role": {"nb": "Rolle", "en": "Role"},
    "column.background": {"nb": "Bakgrunn", "en": "Background (the thesis's words)"},
    "column.setting": {"nb": "Møtetype", "en": "Setting"},
    "column.description": {"nb": "Belegg i teksten", "en": "Description"},
    "column.code": {"nb": "Kode", "en": "Code"},
    "column.origin": {"nb": "Opphav", "en": "Origin"},
    "column.excerpts": {"nb": "Sitater", "en": "Excerpts"},
    "column.conversations": {"nb": "Samtaler", "en": "Conversations"},
}


def pick(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    """The string ``key`` in ``lang`` from ``table``; an unknown language is an error, not a fallback.

    Shared words live here; an artifact module keeps its own labels in a table of its own, so that
    editing them changes that module alone (and so rebuilds that artifact alone).
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return table[key][lang]


def text(key: str, lang: str) -> str:
    """A shared string (status words, column names) in ``lang``."""
    return pick(_TEXT, key, lang)


def column(frame_lang_column: str, lang: str) -> str:
    """``"label"`` -> ``"label_nb"`` or ``"label_en"``: the data's language pairs."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return f"{frame_lang_column}_{lang}"
