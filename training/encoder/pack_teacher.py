"""Pack the teacher's embeddings as int8 rows + one float scale per row (4x smaller).

    /usr/bin/python3 training/encoder/pack_teacher.py

The f32 file (51k x 512, 105 MB) is too large to carry to a GPU machine; train.py
reads build/teacher/teacher.i8 + teacher.scale.f32 when teacher.f32 is absent.
Symmetric per-row quantisation keeps the teacher's cosines to about 1e-3.
"""

import json
from pathlib import Path

import numpy as np

TEACHER = Path(__file__).resolve().parent / "build/teacher"

index = json.loads((TEACHER / "index.json").read_text())
t = np.fromfile(TEACHER / index["file"], dtype=np.float32).reshape(index["count"], index["dim"])
scale = np.abs(t).max(1) / 127.0
scale[scale == 0] = 1.0
q = np.clip(np.round(t / scale[:, None]), -127, 127).astype(np.int8)
q.tofile(TEACHER / "teacher.i8")
scale.astype(np.float32).tofile(TEACHER / "teacher.scale.f32")
back = q.astype(np.float32) * scale[:, None]
cos = (back * t).sum(1) / np.linalg.norm(back, axis=1) / np.linalg.norm(t, axis=1)
print(f"{len(t)} rows -> teacher.i8 ({q.nbytes:,} bytes); min cosine vs f32 {cos.min():.5f}")
