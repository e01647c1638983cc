#!/bin/sh
# Copies a trained export (text + co-occurrence input, no item IDs: it transfers to any catalog) into
# public/ranker/$NAME/ and writes the test fixture. DATASET names the training folder (datasets joined
# by +), RUN the training run.
#   DATASET=scientific+online-retail RUN=cooc-knn training/ranker/ship.sh
set -e
cd "$(dirname "$0")/../.."
NAME=${NAME:-alcove-dcn-v2}
RUN=${RUN:-cooc-rc}
DATASET=${DATASET:-scientific}
SRC=training/ranker/build/$DATASET/${EXPORT:-export-cooc}
DST=public/ranker/$NAME
mkdir -p "$DST"
cp "$SRC/ranker.onnx" "$DST/ranker.onnx"
/usr/bin/python3 - "$SRC/ranker.json" "$DST/ranker.json" "$NAME" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); m['id'] = sys.argv[3]
# How the engine joins the ranker's logits with search relevance (core/ranker.ts blendScores):
# tau = the encoder's InfoNCE temperature (training/encoder/train.py --tau), so q.p/tau is its
# trained logit; lexical keeps the seed ranker's relevance:keyword ratio (1 : 0.5) on that scale.
m['blend'] = {'tau': 0.05, 'lexical': 0.5 / 0.05}   # = src/core/ranker.ts DEFAULT_BLEND
json.dump(m, open(sys.argv[2], 'w'), indent=1)
PY
/usr/bin/python3 training/ranker/make_fixture.py --ckpt training/ranker/build/$DATASET/$RUN/best.pt --id "$NAME"
ls -l "$DST"
