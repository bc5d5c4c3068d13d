"""The packs' compiled keywords are kept on disk: reused by a new process, never stale, never trusted
when damaged or written for other packs, and the findings are the same with and without them."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import rules.loader as loader
from rules import pack_cache
from rules.engine import evaluate
from rules.keywords import KeywordEntry, KeywordIndex
from rules.model import Post
from rules.names import _NOT_ALNUM, _joined
from rules.pack_keywords import SharedKeywords
from tests.rules.packs import fired, rule, write_org, write_pack

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    """An empty cache folder, and no parsed packs or compiled keywords in memory (a new process)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BEDENKTIJD_CACHE_DIR", str(folder))
    new_process(monkeypatch)
    return folder


def new_process(monkeypatch) -> None:
    monkeypatch.setattr(loader, "_PACKS", {})
    monkeypatch.setattr(loader, "_SHARED", {})


def compiling_forbidden(monkeypatch) -> None:
    """Fail the test if the packs' keywords are compiled instead of taken from the cache."""

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the packs' keywords were compiled again")

    monkeypatch.setattr(SharedKeywords, "from_groups", classmethod(refuse))


def small_pack(folder: Path, word: str = "geheim") -> Path:
    return write_pack(
        folder,
        [
            rule("secret-word", {"list": "secrets"}),
            rule("client-named", {"org": "clients", "case": "smart"}),
            rule("pattern", {"regex": r"\bwachtwoord\s*[:=]"}),
        ],
        lists={"secrets": {"nl": [word, "vertrouwelijk*"], "en": ["classified"]}},
    )


def load(pack: Path, org: Path | None = None):
    return loader.load_ruleset(org, [pack], include_default=False)


def compiled_file(cache: Path) -> Path:
    (found,) = cache.glob("*.compiled")
    return found


def test_a_new_process_takes_the_keywords_from_the_cache(tmp_path: Path, cache: Path) -> None:
    pack = small_pack(tmp_path / "p")
    org = write_org(tmp_path / "org.yml")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from rules.pack_keywords import SharedKeywords\n"
        "import rules.loader as loader\n"
        "from rules.engine import evaluate\n"
        "from rules.model import Post\n"
        "compiled = []\n"
        "original = SharedKeywords.from_groups.__func__\n"
        "SharedKeywords.from_groups = classmethod(lambda cls, *a: compiled.append(1) or original(cls, *a))\n"
        f"ruleset = loader.load_ruleset(Path({str(org)!r}), [Path({str(pack)!r})], include_default=False)\n"
        "text = 'Geheim: de offerte van Jansen Transport, wachtwoord: x'\n"
        "print(len(compiled), sorted(f.rule_id for f in evaluate(Post(text), ruleset).findings))\n"
    )
    env = {"BEDENKTIJD_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    assert run() == "1 ['client-named', 'pattern', 'secret-word']"  # compiled, then kept on disk
    assert compiled_file(cache).stat().st_size > 0
    assert run() == "0 ['client-named', 'pattern', 'secret-word']"  # the next process compiles nothing


def test_findings_are_identical_with_and_without_the_cache(tmp_path: Path, cache: Path, monkeypatch) -> None:
    # The default pack, an organisation with many clients (some equal to pack words) and an overlay
    # that adds keywords, a rule with a list and a regex: every example and client mention gives the
    # very same verdict from a full compile and from the cache.
    clients = [f"Klant{i:04d} Logistiek" for i in range(300)] + ["Vertrouwelijk", "Sint-Arnoldus Groep"]
    overlay = (
        "rules:\n"
        "  add_keywords: {confidential-marking: {nl: ['alleen voor MT'], en: ['MT only']}}\n"
        "  add:\n"
        "    - " + json.dumps(rule("org-extra", {"any": [{"list": "secrets"}, {"regex": "\\bcode rood\\b"}]}))
    )
    org = write_org(tmp_path / "org.yml", f"clients: {json.dumps(clients)}\n" + overlay + "\n")
    org.write_text(org.read_text().replace('clients: ["Jansen Transport", "Bakkerij De Vries B.V."]\n', ""))
    pack = small_pack(tmp_path / "p")

    def all_verdicts() -> tuple[list[str], int, str]:
        ruleset = loader.load_ruleset(org, [pack])
        texts = [example.text for r in ruleset.rules for example in r.examples]
        texts += [f"Gesprek met {name} over de offerte, alleen voor MT" for name in clients[::7]]
        texts += ["#klant0007logistiek", "@sintarnoldusgroep", "Sint Arnoldus Groep", "code rood, geheim"]
        return [repr(evaluate(Post(t), ruleset)) for t in texts], ruleset.keywords.size, ruleset.version

    fresh = all_verdicts()
    with monkeypatch.context() as patch:
        new_process(patch)
        compiling_forbidden(patch)
        assert all_verdicts() == fresh
    monkeypatch.setenv("BEDENKTIJD_CACHE_DIR", "")  # no disk cache at all: compiled in full again
    new_process(monkeypatch)
    assert all_verdicts() == fresh


def test_a_changed_list_word_is_never_served_from_the_cache(tmp_path: Path, cache: Path, monkeypatch) -> None:
    pack = small_pack(tmp_path / "p", word="geheim")
    assert fired(load(pack), "dit is geheim") == ["secret-word"]
    new_process(monkeypatch)
    small_pack(tmp_path / "p", word="topgeheim")
    ruleset = load(pack)
    assert fired(ruleset, "dit is topgeheim") == ["secret-word"]
    assert fired(ruleset, "dit is geheim") == []


def test_another_engine_compiles_the_keywords_again(tmp_path: Path, cache: Path, monkeypatch) -> None:
    pack = small_pack(tmp_path / "p")
    load(pack)
    new_process(monkeypatch)
    monkeypatch.setattr(pack_cache, "engine_id", lambda: "another engine or library version")
    compiled = []
    original = SharedKeywords.from_groups.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(
        SharedKeywords, "from_groups", classmethod(lambda cls, *a: compiled.append(1) or original(cls, *a))
    )
    assert fired(load(pack), "geheim") == ["secret-word"]
    assert compiled == [1]


def test_the_engine_id_follows_the_engine_code(tmp_path: Path, monkeypatch) -> None:
    engine = tmp_path / "rules"
    engine.mkdir()
    for source in pack_cache.ENGINE_DIR.glob("*.py"):
        (engine / source.name).write_bytes(source.read_bytes())
    monkeypatch.setattr(pack_cache, "ENGINE_DIR", engine)
    before = pack_cache.engine_id.__wrapped__()  # type: ignore[attr-defined]
    (engine / "normalise.py").write_text((engine / "normalise.py").read_text() + "\n# folds differently\n")
    assert pack_cache.engine_id.__wrapped__() != before  # type: ignore[attr-defined]


def _rewrite_body(path: Path, body: bytes) -> None:
    """Replace the file's content by `body` under a correct checksum (a well-formed file of bad data)."""
    header = json.loads(path.read_bytes().partition(b"\n")[0])
    header["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(_flip_a_byte, id="flipped byte"),
        pytest.param(
            lambda p: p.write_bytes(p.read_bytes().replace(b'"geheim"', b'"gehejm"')), id="word changed"
        ),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), id="truncated"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
        pytest.param(lambda p: p.write_bytes(b"\x00\xff garbage \n [[[["), id="garbage"),
        pytest.param(lambda p: _rewrite_body(p, b'{"words": 3}'), id="wrong shape"),
        pytest.param(lambda p: _rewrite_body(p, b"[" * 100_000), id="deep nesting"),
        pytest.param(
            lambda p: _rewrite_body(
                p,
                json.dumps({**json.loads(p.read_bytes().partition(b"\n")[2]), "codes": [10**6]}).encode(),
            ),
            id="index out of range",
        ),
    ],
)
def test_a_damaged_keyword_cache_file_is_ignored(tmp_path: Path, cache: Path, monkeypatch, damage) -> None:
    pack = small_pack(tmp_path / "p")
    org = write_org(tmp_path / "org.yml")
    text = "Geheim: Jansen Transport, wachtwoord: x"
    expected = fired(load(pack, org), text)
    damage(compiled_file(cache))
    new_process(monkeypatch)
    assert fired(load(pack, org), text) == expected == ["client-named", "pattern", "secret-word"]
    new_process(monkeypatch)
    compiling_forbidden(monkeypatch)  # the damaged file was replaced by a good one
    assert fired(load(pack, org), text) == expected


def test_a_cache_file_written_for_other_packs_is_ignored(tmp_path: Path, cache: Path, monkeypatch) -> None:
    first = small_pack(tmp_path / "a", word="geheim")
    load(first)
    foreign = compiled_file(cache).read_bytes()
    compiled_file(cache).unlink()
    second = small_pack(tmp_path / "b", word="zeemeeuw")
    load(second)
    compiled_file(cache).write_bytes(foreign)  # another pack's keywords under this pack's file name
    new_process(monkeypatch)
    ruleset = load(second)
    assert fired(ruleset, "zeemeeuw") == ["secret-word"]
    assert fired(ruleset, "geheim") == []


def test_keywords_for_other_node_ids_are_compiled_again(tmp_path: Path, cache: Path, monkeypatch) -> None:
    pack = small_pack(tmp_path / "p")
    load(pack)
    ((key, shared),) = loader._SHARED.items()
    loader._SHARED[key] = SharedKeywords(shared.words, shared.codes, shared.values, shared.next_id + 1)
    assert fired(load(pack), "geheim") == ["secret-word"]
    assert loader._SHARED[key].next_id == shared.next_id


def test_shared_keywords_survive_json() -> None:
    one = KeywordEntry(1, "nl")
    groups = {
        "geheim": (one,),
        "vertrouwelijk": (KeywordEntry(1, "nl", "word", True),),
        "classified": (KeywordEntry(2, "en", "head", exact="Classified"),),
        "wachtwoord": (one, KeywordEntry(3, "any", "raw")),
        "zeemeeuw": (KeywordEntry(4, "any", "word", False, None, True, "Zeemeeuw", ("s", "se"), 5),),
    }
    shared = SharedKeywords.from_groups(groups, 9)
    again = SharedKeywords.from_json(json.loads(json.dumps(shared.to_json())))
    assert again == shared
    assert len(shared.values) == 5 and shared.values[shared.codes[0]][3][0] is one
    empty = SharedKeywords.from_groups({}, 0)
    assert SharedKeywords.from_json(json.loads(json.dumps(empty.to_json()))) == empty


@pytest.mark.parametrize(
    "change",
    [
        {"words": ["geheim", 3]},
        {"words": [""]},
        {"codes": [-1]},
        {"codes": [True]},
        {"next_id": "9"},
        {"value_sizes": [True]},
        {"group_sizes": [0]},
        {"group_entries": [0, 0, 0, 0]},
        {"entries": {"node": [1]}},
        {"suffix_sets": [[3]]},
    ],
)
def test_compiled_keywords_of_the_wrong_shape_are_refused(change) -> None:
    shared = SharedKeywords.from_groups({"geheim": (KeywordEntry(1, "nl"),)}, 2)
    data = {**json.loads(json.dumps(shared.to_json())), **change}
    with pytest.raises((ValueError, TypeError, KeyError, IndexError)):
        SharedKeywords.from_json(data)


def test_a_word_of_both_the_pack_and_the_org_hits_both_nodes(tmp_path: Path, cache: Path) -> None:
    pack = write_pack(
        tmp_path / "p",
        [rule("pack-word", {"keywords": {"nl": ["zeemeeuw"]}}), rule("client", {"org": "clients"})],
    )
    org = write_org(tmp_path / "org.yml", 'clients: ["Zeemeeuw"]\n')
    org.write_text(org.read_text().replace('clients: ["Jansen Transport", "Bakkerij De Vries B.V."]\n', ""))
    ruleset = load(pack, org)
    assert fired(ruleset, "Een zeemeeuw bij Zeemeeuw") == ["client", "pack-word"]
    assert ruleset.keywords.size == len({"zeemeeuw", *_org_words(ruleset.keywords)})


def _org_words(index: KeywordIndex) -> list[str]:
    return [word for automaton in index._automata[1:] for word in automaton]


@pytest.mark.parametrize(
    "form",
    ["Sint Arnoldus", "Sint-Arnoldus", "a_b c", "Ⅻ Groep", "x²", "Café-Noir", "٣ Zuid", "A.B. Co", "__"],
)
def test_joined_forms_equal_the_regex_definition(form: str) -> None:
    assert _joined(form) == _NOT_ALNUM.sub("", form.lower())
