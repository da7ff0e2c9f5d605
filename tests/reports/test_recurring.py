"""What recurs across regions: deterministic word overlap, no online service, at most one theme per session."""

from __future__ import annotations

from ai_toolkit.reports.recurring import ThemeWords, fold, recurring, stems


def _themes(*specs: tuple[int, str, list[str]]) -> list[ThemeWords]:
    return [ThemeWords(session, f"{session}:{name}", name, texts) for session, name, texts in specs]


def _groups(*specs: tuple[int, str, list[str]]) -> list[list[str]]:
    return [r.keys for r in recurring(_themes(*specs))]


def test_words_fold_across_the_partners_spellings() -> None:
    assert fold("Kreativität") == "creativitat"
    assert fold("Przemysł") == "przemisl"
    assert fold("Theater") == fold("teater")
    assert stems("the industry and the Industrie, industrija e industria") == ["indus"] * 4
    # Stop words of every language go, and so do short words.
    assert stems("und die der für mit dass oder ker tudi ali quando perché però oraz które") == []


def test_themes_sharing_a_word_recur_across_sessions_not_within_one() -> None:
    groups = _groups(
        (0, "Industrija odpira vrata", []),
        (0, "Industrija in šole", []),
        (1, "Industrie öffnet ihre Türen", []),
        (2, "Wasser und Licht", []),
        (2, "Musik im Park", []),
        (3, "Voda in svetloba", []),
    )
    assert len(groups) == 1 and len(groups[0]) == 2
    assert groups[0][1] == "1:Industrie öffnet ihre Türen"
    assert groups[0][0].startswith("0:Industrija")


def test_contributions_that_use_the_same_words_make_themes_alike() -> None:
    chemnitz = ["Die Gießerei öffnete ihre Halle für die Nacht der Industriekultur.", "Halle, Nacht, Publikum"]
    linz = ["Die Tabakfabrik öffnete ihre Halle für eine Nacht mit Publikum.", "Nacht der Halle"]
    groups = _groups((0, "Offene Türen", chemnitz), (1, "Kultur in der Fabrik", linz), (2, "Ruhe", ["Stille"]))
    assert groups == [["0:Offene Türen", "1:Kultur in der Fabrik"]]


def test_a_word_in_most_themes_says_nothing() -> None:
    words = ["spaces", "money", "schools", "voices", "maps"]
    specs: list[tuple[int, str, list[str]]] = [(i, f"Creative {word}", []) for i, word in enumerate(words)]
    assert _groups(*specs) == []


def test_unrelated_themes_stay_apart_and_the_answer_is_always_the_same() -> None:
    specs = [
        (0, "Short ways to the mayor", ["decisions within a week"]),
        (1, "Makers in every school", ["pupils build props"]),
        (2, "Kreatywne przestrzenie w starych halach", []),
        (3, "Kreative Räume in alten Hallen", []),
    ]
    first = recurring(_themes(*specs))
    assert [r.keys for r in first] == [
        ["2:Kreatywne przestrzenie w starych halach", "3:Kreative Räume in alten Hallen"]
    ]
    assert first[0].words == ["kreative/kreatywne"]
    assert [(r.keys, r.words) for r in recurring(_themes(*specs))] == [(r.keys, r.words) for r in first]


def test_hostile_and_empty_input() -> None:
    assert recurring([]) == []
    weird = _themes((0, "", ["\x00\x01", "🎉🎉🎉", "<script>alert(1)</script>"]), (1, "🎉", ["1234 5678"]))
    assert recurring(weird) == []
