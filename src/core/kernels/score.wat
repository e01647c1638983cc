;; Alcove scoring kernels: dot products of one query against n rows, WASM SIMD (v128).
;; Assembled by `npm run build:kernels` (tools/build/assemble-kernels.ts, npm `wabt`) into score-wasm.ts (base64).
;; Memory is imported; the caller (kernels/cpu.ts) lays out rows, scales, query and output.
;; Rows are padded with zeros to `stride` elements: f32 stride % 16 == 0, int8 stride % 32 == 0.
(module
  (import "env" "memory" (memory 1))

  ;; out[i] = sum_j mat[i*stride + j] * q[j]  (f32; 4 accumulators of 4 lanes)
  (func (export "score_f32") (param $mat i32) (param $q i32) (param $out i32) (param $n i32) (param $stride i32)
    (local $i i32) (local $p i32) (local $qp i32) (local $end i32) (local $rowBytes i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $p (local.get $mat))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $qp (local.get $q))
        (local.set $end (i32.add (local.get $p) (local.get $rowBytes)))
        (loop $cols
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $p)) (v128.load (local.get $qp)))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 (local.get $p)) (v128.load offset=16 (local.get $qp)))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load offset=32 (local.get $p)) (v128.load offset=32 (local.get $qp)))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load offset=48 (local.get $p)) (v128.load offset=48 (local.get $qp)))))
          (local.set $p (i32.add (local.get $p) (i32.const 64)))
          (local.set $qp (i32.add (local.get $qp) (i32.const 64)))
          (br_if $cols (i32.lt_u (local.get $p) (local.get $end))))
        (local.set $a0 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3))))
        (f32.store
          (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
            (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; out[i] = f32(sum_j mat[i*stride + j] * q[j]) * scales[i] * qscale
  ;; mat int8, q int16 (the query quantised by the caller); the integer dot is exact.
  (func (export "score_i8") (param $mat i32) (param $scales i32) (param $q i32) (param $qscale f32) (param $out i32) (param $n i32) (param $stride i32)
    (local $i i32) (local $p i32) (local $qp i32) (local $end i32) (local $v v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s i32)
    (local.set $p (local.get $mat))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $qp (local.get $q))
        (local.set $end (i32.add (local.get $p) (local.get $stride)))
        (loop $cols
          (local.set $v (v128.load (local.get $p)))
          (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (v128.load (local.get $qp)))))
          (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v)) (v128.load offset=16 (local.get $qp)))))
          (local.set $v (v128.load offset=16 (local.get $p)))
          (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (v128.load offset=32 (local.get $qp)))))
          (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v)) (v128.load offset=48 (local.get $qp)))))
          (local.set $p (i32.add (local.get $p) (i32.const 32)))
          (local.set $qp (i32.add (local.get $qp) (i32.const 64)))
          (br_if $cols (i32.lt_u (local.get $p) (local.get $end))))
        (local.set $a0 (i32x4.add (i32x4.add (local.get $a0) (local.get $a1)) (i32x4.add (local.get $a2) (local.get $a3))))
        (local.set $s
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $a0)) (i32x4.extract_lane 1 (local.get $a0)))
            (i32.add (i32x4.extract_lane 2 (local.get $a0)) (i32x4.extract_lane 3 (local.get $a0)))))
        (f32.store
          (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (f32.mul
            (f32.mul (f32.convert_i32_s (local.get $s)) (f32.load (i32.add (local.get $scales) (i32.shl (local.get $i) (i32.const 2)))))
            (local.get $qscale)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))
)
