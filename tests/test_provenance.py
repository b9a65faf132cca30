from __future__ import annotations

import pytest

from analysis import provenance


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7110-7126", (7110, 7126)), ("42", (42, 42)), ("9-3", None), ("0", None), ("1,2", None), ("", None)],
)
def test_parse_lines(value, expected):
    assert provenance.parse_lines(value) == expected


def test_snippet_found_across_line_breaks_and_blank_lines(synthetic_source):
    text = provenance.ReferenceText.read(synthetic_source)
    assert text.contains("måltallet hver uke i KVP-møtet", 3, 5)
    assert not text.contains("måltallet hver uke i KVP-møtet", 3, 4)
    assert not text.contains("måltallet hver uke i KVP-møtet", 5, 7)


def test_elision_steps_over_debris_but_keeps_order(synthetic_source):
    text = provenance.ReferenceText.read(synthetic_source)
    assert text.contains("Veilederne diskuterte […] for ambisiøst", 3, 5)
    assert not text.contains("for ambisiøst […] Veilederne diskuterte", 3, 5)
    assert not text.contains("[…]", 3, 5)


def test_lines_past_the_end_never_match(synthetic_source):
    text = provenance.ReferenceText.read(synthetic_source)
    assert not text.contains("noe helt annet", 7, 99)


def test_sha256_is_of_the_bytes(synthetic_source):
    import hashlib

    expected = hashlib.sha256(synthetic_source.read_bytes()).hexdigest()
    assert provenance.ReferenceText.read(synthetic_source).sha256 == expected
