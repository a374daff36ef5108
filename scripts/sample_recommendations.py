"""What the rules find in a folder of texts without gold, and a fixed sample of recommendations to
check by hand (the README's report on ../shared/corpus/unlabeled).

    python3 scripts/sample_recommendations.py RECORDS.jsonl [--n 40] [--seed 2026]

RECORDS.jsonl is what `giamsat extract FOLDER -o RECORDS.jsonl` wrote. The counts are printed,
then the sample: the records in order of their source path, each record's recommendations in
order, `random.Random(seed).sample(…, n)`, each with its sentence's context, for a reviewer to
judge against ANNOTATION.md (is it a request; are `by` and `addressee` right).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", type=Path)
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    records = [json.loads(line) for line in args.records.read_text(encoding="utf-8").splitlines() if line.strip()]
    ok = sorted((r for r in records if r.get("status") == "ok"), key=lambda r: r["source"].get("path") or "")
    recs = [(r, x) for r in ok for x in r.get("recommendations", [])]
    counts = {
        "documents": len(records),
        "read": len(ok),
        "with officials": sum(1 for r in ok if r.get("officials")),
        "officials": sum(len(r.get("officials", [])) for r in ok),
        "titles": sum(len(o.get("titles", [])) for r in ok for o in r.get("officials", [])),
        "dates": sum(len(r.get("dates", [])) for r in ok),
        "figures": sum(len(r.get("figures", [])) for r in ok),
        "with recommendations": sum(1 for r in ok if r.get("recommendations")),
        "recommendations": len(recs),
        "  with by": sum(1 for _, x in recs if x.get("by")),
        "  with addressee": sum(1 for _, x in recs if x.get("addressee")),
        "with a supervision": sum(1 for r in ok if (r.get("supervision") or {}).get("body")),
    }
    for name, value in counts.items():
        print(f"{name:24s} {value}")
    print()
    for i, (record, rec) in enumerate(random.Random(args.seed).sample(recs, min(args.n, len(recs))), start=1):
        text = record["text"]
        start, end = rec["span"]["start"], rec["span"]["end"]
        before = text[max(0, start - 160):start].rsplit("\n", 1)[-1]
        print(f"#{i} {Path(record['source']['path']).name}")
        print(f"   …{before}[[{text[start:end]}]]{text[end:end + 60].split(chr(10), 1)[0]}…")
        print(f"   by={rec.get('by')!r} addressee={rec.get('addressee')!r}")


if __name__ == "__main__":
    main()
