"""The `bedenktijd` command: check, eval and rules lint|test|explain; other parts add their commands."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from rules import __version__
from rules.cases import read_cases, read_predictions
from rules.engine import evaluate
from rules.errors import RulePackError
from rules.evaluation import score, score_predictions
from rules.examples import own_rule_ids, run_examples
from rules.lint import lint
from rules.loader import load_example_ruleset, load_ruleset
from rules.model import CATEGORIES, PLATFORMS, Post, Verdict

SEVERITY_MEANING = {
    "info": "a quiet tip; never interrupts posting / een rustige tip; onderbreekt het plaatsen nooit",
    "warning": "a visible warning; the extension asks to confirm / een zichtbare waarschuwing; vraagt om bevestiging",
    "high": "a serious risk, shown prominently / een ernstig risico, opvallend getoond",
}


def _ruleset(args: argparse.Namespace) -> Any:
    ruleset = load_ruleset(args.org, [Path(p) for p in getattr(args, "pack", None) or []])
    _print_notices(ruleset)
    return ruleset


def _print_notices(ruleset: Any) -> None:
    """What the org profile had that this version ignores (stderr: stdout stays the command's output)."""
    for notice in ruleset.org.notices:
        print(f"bedenktijd: warning: {notice}", file=sys.stderr)


def _moment(value: str) -> datetime:
    """--at: an ISO 8601 time; without an offset it is read in the organisation's time zone."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO 8601 time (for example 2026-03-03T10:30 or 2026-03-03T10:30+01:00)"
        ) from None


def _highlight(text: str, verdict: Verdict, tty: bool) -> str:
    marks: list[tuple[int, int]] = sorted({(s.start, s.end) for f in verdict.findings for s in f.spans})
    out, pos = [], 0
    for start, end in marks:
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(f"\x1b[1;4;31m{text[start:end]}\x1b[0m" if tty else f"[[{text[start:end]}]]")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _cmd_check(args: argparse.Namespace) -> int:
    ruleset = _ruleset(args)
    if args.cases:
        for case in read_cases(args.cases):
            verdict = evaluate(case.post, ruleset)
            findings: list[dict[str, Any]] = []
            for f in verdict.findings:
                spans = [(s.start, s.end) for s in f.spans] or [(0, len(case.post.text))]
                findings.extend(
                    {"rule": f.rule_id, "category": f.category, "severity": f.severity, "start": s, "end": e}
                    for s, e in spans
                )
            if args.format == "jsonl":
                print(json.dumps({"id": case.id, "findings": findings}, ensure_ascii=False))
            else:
                print(f"{case.id}: {', '.join(verdict.categories) or '-'}")
        return 0
    if args.text is None:
        raise SystemExit("bedenktijd check: give a TEXT or --cases FILE")
    at = args.at or datetime.now().astimezone()
    post = Post(args.text, args.platform, args.kind, args.media, "public", at)
    verdict = evaluate(post, ruleset)
    lang = args.lang or verdict.language
    if args.format in ("json", "jsonl"):  # jsonl: the same verdict on one line
        indent = 2 if args.format == "json" else None
        print(json.dumps(_verdict_json(verdict), ensure_ascii=False, indent=indent))
        return 0
    if not verdict.findings:
        print("Geen risico's gevonden." if lang == "nl" else "No risks found.")
        return 0
    print(_highlight(args.text, verdict, sys.stdout.isatty()))
    print()
    for f in verdict.findings:
        print(f"[{f.severity}] {f.category} ({f.rule_id}, {f.clause}): {f.message.get(lang)}")
        print(f"    {f.explanation.get(lang)}")
        print(f"    -> {f.suggestion.get(lang)}")
        if f.spans:  # the redacted preview is the finding's first match, not one per span
            print(f"    {', '.join(f'{s.start}-{s.end}' for s in f.spans)}: {f.preview}")
    return 0


def _verdict_json(verdict: Verdict) -> dict[str, Any]:
    return {
        "language": verdict.language,
        "ruleset_version": verdict.ruleset_version,
        "findings": [
            {
                "rule": f.rule_id,
                "category": f.category,
                "severity": f.severity,
                "preview": f.preview,
                "spans": [[s.start, s.end] for s in f.spans],
                "message": {"nl": f.message.nl, "en": f.message.en},
            }
            for f in verdict.findings
        ],
    }


def _cmd_eval(args: argparse.Namespace) -> int:
    cases = read_cases(args.cases)
    if args.against:
        if args.org or args.pack:
            raise RulePackError(
                str(args.against), "--against scores the answers in this file; drop --org/--pack"
            )
        report = score_predictions(cases, read_predictions(args.against, cases))
    else:
        report = score(cases, _ruleset(args))
    if args.json:
        print(
            json.dumps(
                {
                    "categories": {
                        c: {
                            "precision": s.precision,
                            "recall": s.recall,
                            "f1": s.f1,
                            "tp": s.tp,
                            "fp": s.fp,
                            "fn": s.fn,
                        }
                        for c, s in report.per_category.items()
                    },
                    "micro": {
                        "precision": report.micro.precision,
                        "recall": report.micro.recall,
                        "f1": report.micro.f1,
                    },
                    "benign_cases": report.benign_cases,
                    "benign_false_alarms": report.benign_false_alarms,
                    "benign_false_alarm_rate": report.false_alarm_rate,
                    "errors": [
                        {"id": i, "expected": sorted(e), "predicted": sorted(p)} for i, e, p in report.errors
                    ],
                },
                indent=2,
            )
        )
        return 0
    print(f"{'category':<20} {'prec':>6} {'recall':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for category in CATEGORIES:
        s = report.per_category[category]
        print(f"{category:<20} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:4d} {s.fp:4d} {s.fn:4d}")
    m = report.micro
    print(f"{'micro':<20} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.tp:4d} {m.fp:4d} {m.fn:4d}")
    print(
        f"benign false-alarm rate: {report.false_alarm_rate:.3f} "
        f"({report.benign_false_alarms} of {report.benign_cases} benign cases had a warning/high finding)"
    )
    if args.verbose:
        for case_id, expected, predicted in report.errors:
            print(f"  {case_id}: expected {sorted(expected)} got {sorted(predicted)}")
    return 0


def _run_examples(ruleset: Any, packs: list[Path]) -> tuple[int, list[Any]]:
    """`rules --org ORG test`: the packs' examples name the example organisation's clients and code names,
    so they run against it with this profile's overlay (what the profile disables, changes or adds shows);
    the profile's own rules run against the profile itself."""
    own = own_rule_ids(ruleset)
    shipped = load_example_ruleset(packs, overlay_of=ruleset.org)
    total, failures = run_examples(shipped, only=lambda rule: rule.id not in own)
    own_total, own_failures = run_examples(ruleset, only=lambda rule: rule.id in own)
    print(
        f"{total} examples of the packs against their example organisation with {ruleset.org.source}'s"
        f" overlay; {own_total} of its own rules against {ruleset.org.source}"
    )
    return total + own_total, failures + own_failures


def _cmd_rules(args: argparse.Namespace) -> int:
    packs = [Path(p) for p in args.pack or []]
    ruleset = load_ruleset(args.org, packs) if args.org else load_example_ruleset(packs)
    if args.rules_command == "lint":  # lists the profile's ignored keys among its warnings
        issues = lint(ruleset)
        for issue in issues:
            print(issue)
        errors = sum(i.level == "error" for i in issues)
        print(f"{len(ruleset.rules)} rules, {errors} errors, {len(issues) - errors} warnings")
        return 1 if errors else 0
    _print_notices(ruleset)
    if args.rules_command == "test":
        total, failures = _run_examples(ruleset, packs) if args.org else run_examples(ruleset)
        for failure in failures:
            expectation = "should match but did not" if failure.should_match else "should not match but did"
            print(f"FAIL {failure.source}: rule {failure.rule_id}: {expectation}: {failure.text!r}")
        print(f"{total - len(failures)} passed, {len(failures)} failed")
        return 1 if failures else 0
    rule = ruleset.rule(args.rule_id)
    if rule is None:
        close = difflib.get_close_matches(args.rule_id, [r.id for r in ruleset.rules], n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        print(f"bedenktijd: no rule {args.rule_id!r}{hint}", file=sys.stderr)
        return 2
    print(f"{rule.id}  ({rule.source})")
    print(
        f"  category: {rule.category}   status: {rule.status}   languages: {', '.join(sorted(rule.languages))}"
    )
    print(f"  severity: {rule.severity} - {SEVERITY_MEANING[rule.severity]}")
    print(f"  clause:   {rule.clause} {rule.clause_title.nl} / {rule.clause_title.en}")
    if rule.fallback:
        print(
            "  reads the text model: speaks only when no other rule of its category matched"
            " / leest het tekstmodel: spreekt alleen als geen andere regel van de categorie iets vond"
        )
    if rule.model_floor:
        print(
            f"  model floor {rule.model_floor:g}: held back when the text model gives {rule.category} less"
            f" / achtergehouden als het tekstmodel {rule.category} een kleinere kans geeft"
        )
    if rule.model_doubt:
        print(
            f"  model doubt {rule.model_doubt:g}: a quiet tip (info) when the text model gives {rule.category} less,"
            " left out where another category already warns"
            f" / een rustige tip (info) als het tekstmodel {rule.category} een kleinere kans geeft,"
            " weggelaten als een andere categorie al waarschuwt"
        )
    for lang in ("nl", "en"):
        print(f"  [{lang}] {rule.message.get(lang)}")
        print(f"       {rule.explanation.get(lang)}")
        print(f"       -> {rule.suggestion.get(lang)}")
    for example in rule.examples:
        print(f"  {'match   ' if example.should_match else 'no_match'} {example.text!r}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, including commands that other installed parts register."""
    parser = argparse.ArgumentParser(prog="bedenktijd", description="Bedenktijd: think before you post.")
    parser.add_argument("--version", action="version", version=f"bedenktijd {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="check one text, or a cases file")
    check.add_argument("text", nargs="?", help="the text to check")
    check.add_argument("--org", type=Path, help="organisation profile (YAML)")
    check.add_argument("--pack", action="append", help="extra rule pack folder")
    check.add_argument("--platform", default="linkedin", choices=[*PLATFORMS, "unknown"])
    check.add_argument("--kind", default="post", choices=["post", "reply", "comment", "edit"])
    check.add_argument("--media", action="store_true", help="the post has a photo or video")
    check.add_argument(
        "--at",
        type=_moment,
        help="ISO 8601 time of posting, e.g. 2026-03-03T10:30 (the organisation's time zone) or"
        " 2026-03-03T10:30+01:00 (default: now)",
    )
    check.add_argument("--lang", choices=["nl", "en"], help="language of the messages")
    check.add_argument("--cases", type=Path, help="JSON Lines file of cases")
    check.add_argument("--format", choices=["text", "json", "jsonl"], default="text")
    check.set_defaults(func=_cmd_check)

    ev = sub.add_parser("eval", help="precision, recall and F1 on labelled cases")
    ev.add_argument("--org", type=Path, help="organisation profile (YAML)")
    ev.add_argument("--pack", action="append", help="extra rule pack folder")
    ev.add_argument("--cases", type=Path, required=True)
    ev.add_argument("--json", action="store_true")
    ev.add_argument("-v", "--verbose", action="store_true", help="list the cases that were wrong")
    ev.add_argument(
        "--against",
        type=Path,
        metavar="ANSWERS",
        help="score these answers instead of running the rules: a second annotator's JSON Lines "
        '{"id", "labels"}, or saved `check --format jsonl` output',
    )
    ev.set_defaults(func=_cmd_eval)

    rules = sub.add_parser("rules", help="lint, test or explain rule packs")
    rules.add_argument("--org", type=Path, help="organisation profile (default: the pack's example org)")
    rules.add_argument("--pack", action="append", help="extra rule pack folder")
    rsub = rules.add_subparsers(dest="rules_command", required=True)
    rsub.add_parser("lint", help="schema, regexes, examples and translations")
    rsub.add_parser("test", help="run every rule's embedded examples")
    explain = rsub.add_parser("explain", help="show one rule")
    explain.add_argument("rule_id")
    rules.set_defaults(func=_cmd_rules)

    for entry in entry_points(group="bedenktijd.commands"):
        try:
            entry.load()(sub)
        except Exception as exc:  # a broken plugin must not take the rule tools down
            print(f"bedenktijd: command {entry.name!r} unavailable: {exc}", file=sys.stderr)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `bedenktijd` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except RulePackError as exc:
        print(f"bedenktijd: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (`... | head`): stop quietly, as other tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush does not fail again
        return 141


if __name__ == "__main__":
    sys.exit(main())
