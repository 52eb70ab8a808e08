#!/usr/bin/env python3
"""Translation QA on the real corpora: the counts per kind, and a seeded
sample of each kind to judge by reading (README, "Translation QA").

    cargo build --release
    python3 benches/qa_corpus.py            # counts, and 30 findings per kind
    python3 benches/qa_corpus.py --sample 0 # counts only

Lays out ../shared/corpora/ftl (or $FLUENTPRESS_SHARED/corpora/ftl) as four
projects, every check on: Firefox and mozilla.org, fr -> pl, en and en -> fr
(the English being Mozilla's true source). Spelling needs Debian's
hunspell-fr, hunspell-pl and hunspell-en-us (or DICPATH).
"""

import argparse
import collections
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("FLUENTPRESS_SHARED", os.path.join(ROOT, "..", "shared"))
BINARY = os.path.join(ROOT, "target", "release", "fluentpress")
KINDS = ["number", "date", "quotes", "brackets", "punctuation", "whitespace",
         "repeated-word", "untranslated", "inconsistent", "spelling"]
# name, corpus, source folder, [(folder, locale)]
PROJECTS = [
    ("firefox fr->pl,en", "firefox", ("fr", "fr"), [("pl", "pl"), ("en-US", "en")]),
    ("mozilla.org fr->pl,en", "mozilla-org", ("fr", "fr"), [("pl", "pl"), ("en", "en")]),
    ("firefox en->fr", "firefox", ("en-US", "en"), [("fr", "fr")]),
    ("mozilla.org en->fr", "mozilla-org", ("en", "en"), [("fr", "fr")]),
]


def lay_out(dest, corpus, source, targets):
    folder = os.path.join(SHARED, "corpora", "ftl", corpus)
    for name, locale in [source] + targets:
        shutil.copytree(os.path.join(folder, name), os.path.join(dest, "locales", locale))
    tags = ", ".join(f'"{locale}"' for _, locale in targets)
    with open(os.path.join(dest, "fluentpress.toml"), "w") as f:
        f.write(f'[locales]\nsource = "{source[1]}"\ntargets = [{tags}]\n\n'
                '[check]\ninconsistent = "warning"\nspelling = "warning"\n')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=30, help="findings shown per kind")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit(f"{BINARY} is missing: run `cargo build --release` first")
    found = []  # (project, project dir, diagnostic)
    counts = collections.defaultdict(collections.Counter)
    with tempfile.TemporaryDirectory() as temp:
        for index, (name, corpus, source, targets) in enumerate(PROJECTS):
            dest = os.path.join(temp, str(index))
            lay_out(dest, corpus, source, targets)
            out = subprocess.run([BINARY, "--project", dest, "check", "--format", "json"],
                                 capture_output=True, text=True)
            report = json.loads(out.stdout)
            for d in report["diagnostics"]:
                if d["code"] == "spelling" and d["severity"] == "note":
                    sys.exit(f"{name}: {d['message']}")
                if d["code"] in KINDS and not d.get("allowed"):
                    counts[d["code"]][(name, d["severity"])] += 1
                    if d["severity"] != "note":
                        found.append((name, dest, d))
        print("kind            findings (warnings and errors; notes apart) per project")
        for kind in KINDS:
            shown = ", ".join(f"{p} {s} {n}" for (p, s), n in sorted(counts[kind].items()))
            total = sum(n for (_, s), n in counts[kind].items() if s != "note")
            print(f"{kind:15} {total:5}  {shown}")
        random.seed(args.seed)
        for kind in KINDS:
            items = [f for f in found if f[2]["code"] == kind]
            sample = items if len(items) <= args.sample else random.sample(items, args.sample)
            if not sample or not args.sample:
                continue
            print(f"\n== {kind}: {len(sample)} of {len(items)}")
            for i, (name, dest, d) in enumerate(sample, 1):
                with open(os.path.join(dest, d["file"]), encoding="utf-8") as f:
                    line = f.read().split("\n")[d["line"] - 1]
                column = d["column"] - 1
                excerpt = line[max(0, column - 70):column] + "⟦" + line[column:column + 80]
                print(f"{i:2}. [{name}] {d['file']}:{d['line']}:{d['column']} {d['message']}")
                print(f"    {excerpt}")
                for note in d["notes"][:1]:
                    print(f"    = {note[:160]}")


if __name__ == "__main__":
    main()
