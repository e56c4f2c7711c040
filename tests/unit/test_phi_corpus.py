"""The privacy guard's labelled corpus (tests/data/phi/) is big and varied enough to measure
on, and its held-out part stays apart from what the guard is built and trained on."""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "data" / "phi"


def _lines(name: str) -> list[str]:
    return (CORPUS / f"{name}.txt").read_text().splitlines()


def _dev_parts() -> list[str]:
    from tools.train_phi import DEV_PARTS

    return list(DEV_PARTS)


def test_the_corpus_has_enough_lines_of_each_kind_and_no_repeats() -> None:
    parts = [*_dev_parts(), "heldout"]
    client = [line for part in parts for line in _lines(f"{part}_client")]
    ordinary = [line for part in parts for line in _lines(f"{part}_ordinary")]
    assert len(client) >= 400 and len(ordinary) >= 400
    assert len(_lines("heldout_client")) >= 150 and len(_lines("heldout_ordinary")) >= 150
    every = client + ordinary
    assert all(line.strip() and "\t" not in line for line in every)
    assert len({line.lower() for line in every}) == len(every)


def test_held_out_lines_are_not_dev_lines_with_other_numbers() -> None:
    def skeleton(line: str) -> str:
        return "".join(c for c in line.lower() if c.isalpha())

    dev = {skeleton(line) for part in _dev_parts() for label in ("client", "ordinary")
           for line in _lines(f"{part}_{label}")}
    held_out = [line for name in ("heldout_client", "heldout_ordinary") for line in _lines(name)]
    assert [line for line in held_out if skeleton(line) in dev] == []


def test_nothing_but_the_dev_parts_is_read_by_the_training_script() -> None:
    from tools import train_phi

    script = (Path(__file__).resolve().parents[2] / "tools" / "train_phi.py").read_text()
    assert "heldout" not in script.replace("held-out", "")
    assert "heldout" not in train_phi.DEV_PARTS and len(train_phi.DEV_PARTS) >= 3
    assert all((CORPUS / f"{part}_client.txt").exists() for part in train_phi.DEV_PARTS)


def test_the_guard_keeps_its_measured_rates_on_held_out_lines() -> None:
    """Floors just under the rates in bench/results/phi.md, so a change that makes the guard
    worse on sentences it never saw fails here (the targets are higher: see that file)."""
    from datetime import date

    from bot.phi_guard import check

    today = date(2026, 12, 1)   # as bench/phi.py: "a date years ago" must not drift with time
    client, ordinary = _lines("heldout_client"), _lines("heldout_ordinary")
    refused = sum(check(line, today=today) is not None for line in client) / len(client)
    wrongly = sum(check(line, today=today) is not None for line in ordinary) / len(ordinary)
    assert refused >= 0.95, refused
    assert wrongly <= 0.06, wrongly


def test_the_name_list_is_cached_and_the_same_from_the_cache(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    code = "from bot.privacy.lexicon import first_names; print(len(first_names()))"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    root = Path(__file__).resolve().parents[2]
    counts = [subprocess.run([sys.executable, "-c", code], cwd=root, env=env, text=True,
                             capture_output=True, check=True).stdout for _ in range(2)]
    assert counts[0] == counts[1] and int(counts[0]) > 10_000
    assert list((tmp_path / "showup").glob("first-names-faker-*.txt"))


def test_once_cached_the_word_lists_need_no_faker(tmp_path: Path) -> None:
    """A started bot warms the guard up; from the second start on it reads the word lists
    from the cache, and Faker (0.1 s to import) stays unloaded. The words are the same."""
    import os
    import subprocess
    import sys

    code = ("import sys; from bot.privacy import lexicon as lx; "
            "print(len(lx.english_words()), len(lx.first_names()), len(lx.last_names()), "
            "'faker' in sys.modules)")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    root = Path(__file__).resolve().parents[2]
    first, second = [subprocess.run([sys.executable, "-c", code], cwd=root, env=env,
                                    text=True, capture_output=True, check=True).stdout.split()
                     for _ in range(2)]
    assert first[:3] == second[:3] and int(first[0]) > 1000
    assert (first[3], second[3]) == ("True", "False")

