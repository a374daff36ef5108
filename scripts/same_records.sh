#!/usr/bin/env bash
# Are the records of two checkouts the same? For changes of structure that must not change
# results: giamsat extract of every corpus with each checkout's src/, timings dropped, compared.
#
#   bash scripts/same_records.sh /path/to/old/checkout [/path/to/new/checkout]
#
# Prints "<corpus> identical" or the first differing lines; exits 1 on any difference.
set -euo pipefail
old=$(cd "$1" && pwd); new=$(cd "${2:-$(dirname "$0")/..}" && pwd)
shared=$(cd "$new/.." && pwd)/shared/corpus
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
status=0
for corpus in "$new/corpus/docs" "$shared/dev" "$shared/real" "$shared/unlabeled"; do
  [ -d "$corpus" ] || { echo "$corpus: absent, skipped"; continue; }
  name=$(basename "$corpus")
  for side in old new; do
    src=$([ $side = old ] && echo "$old/src" || echo "$new/src")
    PYTHONPATH="$src" python3 -m extract extract "$corpus" -o "$work/$side-$name.jsonl" --jobs 2 >/dev/null 2>&1 || true
    python3 - "$work/$side-$name.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
for r in rows:
    r.pop("timings", None)
rows.sort(key=lambda r: json.dumps(r.get("source"), sort_keys=True))
with open(sys.argv[1] + ".norm", "w", encoding="utf-8") as out:
    out.write("\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows))
PY
  done
  if cmp -s "$work/old-$name.jsonl.norm" "$work/new-$name.jsonl.norm"; then
    echo "$name identical ($(wc -l < "$work/new-$name.jsonl") records)"
  else
    echo "$name DIFFERS"; diff <(tr ',' '\n' < "$work/old-$name.jsonl.norm") <(tr ',' '\n' < "$work/new-$name.jsonl.norm") | head -20 || true
    status=1
  fi
done
exit $status
