#!/bin/sh
# Ablations on Scientific at one short, equal budget (2 half-epochs each), scored by PyTorch on the full test split.
cd "$(dirname "$0")/../.." || exit 1
B="--epochs 2 --max-steps-per-epoch 66 --valid-users 500 --threads 1 --tag=-abl"
for spec in "cooc none" "text none" "cooc nocross" "cooc nodnn" "cooc nocu" "cooc notext"; do
  set -- $spec
  nice -n 10 /usr/bin/python3 training/ranker/train.py --dataset scientific --variant "$1" --ablation "$2" $B || exit 1
done
