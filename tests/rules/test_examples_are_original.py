"""The default pack's embedded examples do not reuse the wording of labelled evaluation cases.

Examples show that a rule generalises; an example that repeats a labelled case only shows that the rule
remembers that case (and makes the labelled sets look better than they are).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PACK = ROOT / "rules" / "packs" / "default"
# The development set (located as in test_default_pack.py) and every tuning and held-out set.
LABELLED_SETS = {"development": ROOT.parent / "shared" / "eval" / "cases.jsonl"} | {
    path.parent.name: path for path in sorted((ROOT / "tests" / "eval").glob("*/cases.jsonl"))
}
# Shared runs of this many consecutive words count as reused wording; shorter ones are often stock phrases.
RUN = 8


def word_runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def labelled_runs() -> dict[tuple[str, ...], set[str]]:
    """Every run of RUN words in a labelled case, with the names of the sets it occurs in."""
    runs: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for name, path in LABELLED_SETS.items():
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                for run in word_runs(json.loads(line)["text"]):
                    runs[run].add(name)
    return runs


def embedded_examples() -> list[tuple[str, str, str]]:
    """(rule id, "match" or "no_match", text) of every example in the default pack's rule files.

    Read from the YAML rather than through the loader: compiling the pack takes over a second uncached.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    examples = []
    for path in sorted(DEFAULT_PACK.glob("*.yml")):
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        for rule in (document.get("rules") if isinstance(document, dict) else None) or []:
            for side in ("match", "no_match"):
                for example in (rule.get("examples") or {}).get(side) or []:
                    text = example if isinstance(example, str) else example["text"]
                    examples.append((rule["id"], side, text))
    return examples


def test_no_embedded_example_shares_a_run_of_words_with_a_labelled_case() -> None:
    runs = labelled_runs()
    assert runs, "no labelled cases found"
    examples = embedded_examples()
    assert examples, "no embedded examples found"
    problems = set()
    for rule_id, side, text in examples:
        for run in word_runs(text):
            for labelled_set in runs.get(run, ()):
                # Names the example and the set, not the case: the failure message must not quote labelled text.
                problems.add(
                    f"{rule_id} ({side} example) shares {RUN} consecutive words with a case of {labelled_set}"
                )
    assert not problems, "Reword these examples:\n" + "\n".join(sorted(problems))
