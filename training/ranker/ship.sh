#!/bin/sh
# Copies the trained Scientific text + co-occurrence export (no item IDs: it transfers to any catalog) into public/ranker/alcove-dcn-v1/ and writes the test fixture.
set -e
cd "$(dirname "$0")/../.."
SRC=training/ranker/build/scientific/${EXPORT:-export-cooc}
DST=public/ranker/alcove-dcn-v1
mkdir -p "$DST"
cp "$SRC/ranker.onnx" "$DST/ranker.onnx"
/usr/bin/python3 - "$SRC/ranker.json" "$DST/ranker.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); m['id'] = 'alcove-dcn-v1'
json.dump(m, open(sys.argv[2], 'w'), indent=1)
PY
/usr/bin/python3 training/ranker/make_fixture.py --ckpt training/ranker/build/scientific/${RUN:-cooc}/best.pt --id alcove-dcn-v1
ls -l "$DST"
