#!/usr/bin/env python3
"""translate-toolkit's translation memory matcher on the memory and queries of
`cargo bench --bench tm`: the peer fluentpress's fuzzy lookup is measured
against.

    python3 benches/tm_matcher.py MEMORY.tmx QUERIES.txt RESULTS.jsonl \
        [--limit 5] [--min 50] [--max-length 100000] [--oracle]

The memory is read with translate-toolkit's TMX store, and the matcher is
`translate.search.match.matcher` with its Levenshtein comparer (RapidFuzz
computes the distance when it is installed), `max_candidates` = --limit,
`min_similarity` = --min, and `max_length` raised so that long sentences are
scored whole (its default, 70 characters, compares only their beginnings).
Each query is the text of one line of QUERIES.txt, timed alone. (Its units
are given an order so that tied scores do not stop it: see below.)

RESULTS.jsonl gets one line per query: a list of [score, source, target],
best first. With --oracle, every candidate the matcher holds is scored with
the same similarity by RapidFuzz (100 × (1 − distance / longer length), the
comparer's formula when nothing is cut), the best --limit at --min or more
being the matcher's exhaustive answer, and how many of those the matcher
found is counted rank by rank (a match found with the same score counts,
whichever of tied units it is). Not timed.

Standard output: one JSON object with the versions, the times (seconds) and
the oracle's counts.
"""

import argparse
import json
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("memory")
    parser.add_argument("queries")
    parser.add_argument("results")
    parser.add_argument("--limit", type=int, default=5)
    parser.add_argument("--min", type=int, default=50)
    parser.add_argument("--max-length", type=int, default=100_000)
    parser.add_argument("--oracle", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    import rapidfuzz
    import translate
    from translate.__version__ import sver as translate_version
    from translate.search import lshtein, match
    from translate.storage import tmx

    if lshtein.distance is not lshtein.native_distance:
        print("translate-toolkit does not use RapidFuzz", file=sys.stderr)
        return 2
    from translate.storage import base

    # The matcher keeps its best candidates in a heap of (score, unit) pairs,
    # so two candidates with the same score compare as units, which Python 3
    # refuses ("'<' not supported between instances of 'TranslationUnit'").
    # Units are given an order (none is less than another) so that it runs.
    if not hasattr(base.TranslationUnit, "__lt__") or base.TranslationUnit.__lt__ is object.__lt__:
        base.TranslationUnit.__lt__ = lambda self, other: False
    imported = time.perf_counter()
    store = tmx.tmxfile.parsefile(args.memory)
    loaded = time.perf_counter()
    matcher = match.matcher(
        store, max_candidates=args.limit, min_similarity=args.min, max_length=args.max_length
    )
    # The scored candidates as they are, not wrapped as PO units with the
    # score in a note: a little less work for the matcher.
    matcher.buildunits = lambda candidates: candidates
    built = time.perf_counter()

    with open(args.queries, encoding="utf-8") as f:
        queries = [line.rstrip("\n") for line in f]
    times = []
    results = []
    for query in queries:
        start = time.perf_counter()
        found = matcher.matches(query)
        times.append(time.perf_counter() - start)
        results.append([[score, unit.source, unit.target] for score, unit in found])
    with open(args.results, "w", encoding="utf-8") as f:
        for found in results:
            f.write(json.dumps(found, ensure_ascii=False) + "\n")

    report = {
        "translate_toolkit": translate_version,
        "rapidfuzz": rapidfuzz.__version__,
        "python": sys.version.split()[0],
        "units_in_file": len(store.units),
        "candidates": len(matcher.candidates.units),
        "import_s": imported - started,
        "load_s": loaded - imported,
        "matcher_s": built - loaded,
        "query_s": times,
    }
    if args.oracle:
        report["oracle"] = oracle(matcher, queries, results, args.limit, args.min)
    json.dump(report, sys.stdout)
    print()
    return 0


def oracle(matcher, queries, results, limit, minimum):
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    sources = [unit.source for unit in matcher.candidates.units]
    expected_total = 0
    found_total = 0
    identical = 0
    for query, found in zip(queries, results):
        best = process.extract(
            query,
            sources,
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=minimum / 100,
            limit=limit,
        )
        expected = sorted((100 * score for _, score, _ in best), reverse=True)
        scores = sorted((score for score, _, _ in found), reverse=True)
        expected_total += len(expected)
        hits = sum(
            1 for rank, score in enumerate(expected) if rank < len(scores) and scores[rank] >= score - 1e-9
        )
        found_total += hits
        identical += hits == len(expected) and len(scores) == len(expected)
    return {"expected": expected_total, "found": found_total, "identical_lists": identical}


if __name__ == "__main__":
    sys.exit(main())
