#!/bin/sh
# Trains the shipped variant (text + co-occurrence) and the item-ID one on Scientific, then Online Retail; resumable.
cd "$(dirname "$0")/../.." || exit 1
for ds in ${DATASETS:-scientific online-retail}; do
  for v in cooc cooc-ids; do
    nice -n 10 /usr/bin/python3 training/ranker/train.py --dataset "$ds" --variant "$v" --export "$@" || exit 1
  done
done
