"""The compiled-pack cache: reused only while every file the pack came from is unchanged."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from jfp.engine import cache, loader
from jfp.engine.loader import load_pack

RULE = """id: {id}
code: {code}
kind: statutory
title: {title}
basis: NHS Act 2006 s.14Z52
summary: A test rule.
guidance: Plans should say so.
elements:
  - id: said
    title: It is said
    patterns:
      - {{kind: phrase, any: [research strategy]}}
"""


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("JFP_CACHE_DIR", str(folder))
    monkeypatch.delenv("JFP_NO_CACHE", raising=False)
    return folder


def _pack(folder: Path, extends: str | None = None, **rules: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    head = "id: test-pack\ntitle: Test pack\nversion: '1'\n" + (f"extends: {extends}\n" if extends else "")
    (folder / "pack.yaml").write_text(head, encoding="utf-8")
    for i, (rid, title) in enumerate(rules.items()):
        (folder / f"{rid}.yaml").write_text(RULE.format(id=rid, code=f"L{i + 1:02d}", title=title), encoding="utf-8")
    return folder


def _reads_no_file(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the pack was read from its files, not from the cache")

    monkeypatch.setattr(loader, "_read_yaml", refuse)


def test_the_second_load_comes_from_the_cache_and_equals_the_first(cache_dir, monkeypatch):
    first = load_pack()
    assert list(cache_dir.glob("pack-*.pickle"))
    _reads_no_file(monkeypatch)
    again = load_pack()
    assert again == first and [r.id for r in again.rules] == [r.id for r in first.rules]


def test_an_edited_rule_file_is_read_again(cache_dir, tmp_path):
    root = _pack(tmp_path / "pack", alpha="First title")
    assert load_pack(str(root)).rules[0].title == "First title"
    (root / "alpha.yaml").write_text(RULE.format(id="alpha", code="L01", title="Second title"), encoding="utf-8")
    assert load_pack(str(root)).rules[0].title == "Second title"


def test_a_new_rule_file_is_read(cache_dir, tmp_path):
    root = _pack(tmp_path / "pack", alpha="A")
    assert [r.id for r in load_pack(str(root)).rules] == ["alpha"]
    (root / "beta.yaml").write_text(RULE.format(id="beta", code="L02", title="B"), encoding="utf-8")
    assert [r.id for r in load_pack(str(root)).rules] == ["alpha", "beta"]


def test_a_changed_base_pack_is_read_again(cache_dir, tmp_path):
    base = _pack(tmp_path / "base", alpha="Base title")
    child = tmp_path / "child"
    child.mkdir()
    (child / "pack.yaml").write_text("id: child\ntitle: Child\nversion: '1'\nextends: base\n", encoding="utf-8")
    assert load_pack(str(child)).rules[0].title == "Base title"
    (base / "alpha.yaml").write_text(RULE.format(id="alpha", code="L01", title="New base title"), encoding="utf-8")
    assert load_pack(str(child)).rules[0].title == "New base title"


def test_a_broken_pack_is_never_served_from_the_cache(cache_dir, tmp_path):
    from jfp.errors import UsageError

    root = _pack(tmp_path / "pack", alpha="A")
    load_pack(str(root))
    (root / "alpha.yaml").write_text("id: alpha\ncode: L01\nkind: nonsense\n", encoding="utf-8")
    with pytest.raises(UsageError, match="alpha.yaml"):
        load_pack(str(root))


def test_a_damaged_entry_means_reading_the_files(cache_dir, monkeypatch):
    first = load_pack()
    for entry in cache_dir.glob("pack-*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert load_pack() == first


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file ownership and modes are POSIX")
def test_an_entry_others_may_write_is_not_read(cache_dir, monkeypatch):
    load_pack()
    (entry,) = cache_dir.glob("pack-*.pickle")
    entry.chmod(0o666)
    assert cache.read(entry.stem) is None
    entry.chmod(0o600)
    assert cache.read(entry.stem) is not None
    assert cache_dir.stat().st_mode & 0o777 == 0o700


def test_no_cache_when_switched_off(cache_dir, monkeypatch):
    monkeypatch.setenv("JFP_NO_CACHE", "1")
    load_pack()
    assert not cache_dir.exists()


def test_an_unwritable_cache_folder_is_only_slower(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("JFP_CACHE_DIR", str(blocker / "cache"))
    assert load_pack().rules
