;; nnlib's WebAssembly SIMD kernels, Float64 (f64x2), hand-written: the matrix product (gemm) and the
;; optimizers' RMSprop and Adam updates.
;; Compiled from this text to lib/dist/kernels/kernels.wasm by lib/scripts/build-wasm.mjs (npm package wabt)
;; during `npm run build`; nothing prebuilt is committed.
;;
;; gemm computes a block-padded C = A·B for strided A and B, all f64, every pointer and stride in BYTES:
;;   A(i, k) at a + i·ars + k·aks,   B(k, j) at b + k·bks + j·bjs,   C(i, j) at c + i·ldc + 8·j.
;; It covers mb·4 rows and nb·4 columns of C: the caller pads the inputs so the extra rows/columns
;; read finite numbers (zeros) and discards them. For each block of 4 columns, B's columns are first
;; packed into a contiguous panel at bp (bp[4k + c] = B(k, 4jb + c), K·32 bytes), then each block of
;; 4 rows of A runs the 4 × 4 micro-kernel: per k, one row of the panel (two f64x2 vectors) and four
;; broadcast numbers of A (v128.load64_splat) give 16 multiply-adds in 8 vector accumulators.
;;
;; The memory is IMPORTED: the JavaScript side (lib/src/kernels/wasm.ts) creates it and copies A and
;; B in and C out around each call.
;;
;; rmsprop and adam are the optimizers' in-place updates (lib/src/kernels/updates.ts) two weights
;; at a time: the same multiplies, adds, square roots and divisions in the same order as the
;; JavaScript loops there (IEEE, no fused multiply-add), so the same numbers bit for bit. n counts
;; pairs; the JavaScript side copies the arrays in and out (an odd last lane is computed and dropped).
(module
  (import "env" "memory" (memory 1 16384))
  (func (export "gemm")
    (param $mb i32) (param $nb i32) (param $K i32)
    (param $a i32) (param $ars i32) (param $aks i32)
    (param $b i32) (param $bks i32) (param $bjs i32)
    (param $c i32) (param $ldc i32) (param $bp i32)
    (local $jb i32) (local $ib i32) (local $s i32) (local $d i32) (local $end i32)
    (local $pa i32) (local $p i32) (local $q i32) (local $ars2 i32) (local $ars3 i32)
    (local $c0l v128) (local $c0h v128) (local $c1l v128) (local $c1h v128) (local $c2l v128) (local $c2h v128) (local $c3l v128) (local $c3h v128) (local $b0 v128) (local $b1 v128) (local $av v128)
    (if (i32.or (i32.or (i32.eqz (local.get $mb)) (i32.eqz (local.get $nb))) (i32.eqz (local.get $K))) (then (return)))
    (local.set $ars2 (i32.shl (local.get $ars) (i32.const 1)))
    (local.set $ars3 (i32.add (local.get $ars2) (local.get $ars)))
    (local.set $end (i32.add (local.get $bp) (i32.shl (local.get $K) (i32.const 5))))
    (local.set $jb (i32.const 0))
    (loop $cols
      ;; pack the panel of columns 4jb … 4jb+3
      (local.set $s (i32.add (local.get $b) (i32.mul (i32.shl (local.get $jb) (i32.const 2)) (local.get $bjs))))
      (local.set $d (local.get $bp))
      (loop $pack
        (f64.store (local.get $d) (f64.load (local.get $s)))
        (f64.store offset=8 (local.get $d) (f64.load (i32.add (local.get $s) (local.get $bjs))))
        (f64.store offset=16 (local.get $d) (f64.load (i32.add (local.get $s) (i32.shl (local.get $bjs) (i32.const 1)))))
        (f64.store offset=24 (local.get $d) (f64.load (i32.add (local.get $s) (i32.mul (local.get $bjs) (i32.const 3)))))
        (local.set $s (i32.add (local.get $s) (local.get $bks)))
        (local.set $d (i32.add (local.get $d) (i32.const 32)))
        (br_if $pack (i32.lt_u (local.get $d) (local.get $end))))
      (local.set $ib (i32.const 0))
      (loop $rows
        (local.set $c0l (v128.const f64x2 0 0))
        (local.set $c0h (v128.const f64x2 0 0))
        (local.set $c1l (v128.const f64x2 0 0))
        (local.set $c1h (v128.const f64x2 0 0))
        (local.set $c2l (v128.const f64x2 0 0))
        (local.set $c2h (v128.const f64x2 0 0))
        (local.set $c3l (v128.const f64x2 0 0))
        (local.set $c3h (v128.const f64x2 0 0))
        (local.set $pa (i32.add (local.get $a) (i32.mul (i32.shl (local.get $ib) (i32.const 2)) (local.get $ars))))
        (local.set $p (local.get $bp))
        (loop $k
          (local.set $b0 (v128.load (local.get $p)))
          (local.set $b1 (v128.load offset=16 (local.get $p)))
          (local.set $av (v128.load64_splat (local.get $pa)))
          (local.set $c0l (f64x2.add (local.get $c0l) (f64x2.mul (local.get $av) (local.get $b0))))
          (local.set $c0h (f64x2.add (local.get $c0h) (f64x2.mul (local.get $av) (local.get $b1))))
          (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $ars))))
          (local.set $c1l (f64x2.add (local.get $c1l) (f64x2.mul (local.get $av) (local.get $b0))))
          (local.set $c1h (f64x2.add (local.get $c1h) (f64x2.mul (local.get $av) (local.get $b1))))
          (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $ars2))))
          (local.set $c2l (f64x2.add (local.get $c2l) (f64x2.mul (local.get $av) (local.get $b0))))
          (local.set $c2h (f64x2.add (local.get $c2h) (f64x2.mul (local.get $av) (local.get $b1))))
          (local.set $av (v128.load64_splat (i32.add (local.get $pa) (local.get $ars3))))
          (local.set $c3l (f64x2.add (local.get $c3l) (f64x2.mul (local.get $av) (local.get $b0))))
          (local.set $c3h (f64x2.add (local.get $c3h) (f64x2.mul (local.get $av) (local.get $b1))))
          (local.set $pa (i32.add (local.get $pa) (local.get $aks)))
          (local.set $p (i32.add (local.get $p) (i32.const 32)))
          (br_if $k (i32.lt_u (local.get $p) (local.get $end))))
        (local.set $q (i32.add (i32.add (local.get $c) (i32.mul (i32.shl (local.get $ib) (i32.const 2)) (local.get $ldc))) (i32.shl (local.get $jb) (i32.const 5))))
        (v128.store (local.get $q) (local.get $c0l))
        (v128.store offset=16 (local.get $q) (local.get $c0h))
        (local.set $q (i32.add (local.get $q) (local.get $ldc)))
        (v128.store (local.get $q) (local.get $c1l))
        (v128.store offset=16 (local.get $q) (local.get $c1h))
        (local.set $q (i32.add (local.get $q) (local.get $ldc)))
        (v128.store (local.get $q) (local.get $c2l))
        (v128.store offset=16 (local.get $q) (local.get $c2h))
        (local.set $q (i32.add (local.get $q) (local.get $ldc)))
        (v128.store (local.get $q) (local.get $c3l))
        (v128.store offset=16 (local.get $q) (local.get $c3h))
        (local.set $ib (i32.add (local.get $ib) (i32.const 1)))
        (br_if $rows (i32.lt_u (local.get $ib) (local.get $mb))))
      (local.set $jb (i32.add (local.get $jb) (i32.const 1)))
      (br_if $cols (i32.lt_u (local.get $jb) (local.get $nb)))))
  ;; RMSprop: a ← ρ·a + (c·g)·g (c = 1 − ρ);  w ← w − (η·g)/√(a + ε)
  (func (export "rmsprop")
    (param $w i32) (param $g i32) (param $a i32) (param $pairs i32)
    (param $eta f64) (param $rho f64) (param $c f64) (param $eps f64)
    (local $k i32) (local $end i32) (local $gv v128) (local $av v128)
    (local $etav v128) (local $rhov v128) (local $cv v128) (local $epsv v128)
    (local.set $etav (f64x2.splat (local.get $eta)))
    (local.set $rhov (f64x2.splat (local.get $rho)))
    (local.set $cv (f64x2.splat (local.get $c)))
    (local.set $epsv (f64x2.splat (local.get $eps)))
    (local.set $end (i32.shl (local.get $pairs) (i32.const 4)))
    (local.set $k (i32.const 0))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $k))))
        (local.set $av (f64x2.add
          (f64x2.mul (local.get $rhov) (v128.load (i32.add (local.get $a) (local.get $k))))
          (f64x2.mul (f64x2.mul (local.get $cv) (local.get $gv)) (local.get $gv))))
        (v128.store (i32.add (local.get $a) (local.get $k)) (local.get $av))
        (v128.store (i32.add (local.get $w) (local.get $k))
          (f64x2.sub (v128.load (i32.add (local.get $w) (local.get $k)))
            (f64x2.div (f64x2.mul (local.get $etav) (local.get $gv))
              (f64x2.sqrt (f64x2.add (local.get $av) (local.get $epsv))))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $l))))
  ;; Adam: m ← β₁·m + c₁·g;  v ← β₂·v + (c₂·g)·g (cᵢ = 1 − βᵢ);  w ← w − (α·m)/(√v + ε)
  (func (export "adam")
    (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $pairs i32)
    (param $alpha f64) (param $b1 f64) (param $c1 f64) (param $b2 f64) (param $c2 f64) (param $eps f64)
    (local $k i32) (local $end i32) (local $gv v128) (local $mv v128) (local $vv v128)
    (local $alphav v128) (local $b1v v128) (local $c1v v128) (local $b2v v128) (local $c2v v128) (local $epsv v128)
    (local.set $alphav (f64x2.splat (local.get $alpha)))
    (local.set $b1v (f64x2.splat (local.get $b1)))
    (local.set $c1v (f64x2.splat (local.get $c1)))
    (local.set $b2v (f64x2.splat (local.get $b2)))
    (local.set $c2v (f64x2.splat (local.get $c2)))
    (local.set $epsv (f64x2.splat (local.get $eps)))
    (local.set $end (i32.shl (local.get $pairs) (i32.const 4)))
    (local.set $k (i32.const 0))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $k))))
        (local.set $mv (f64x2.add
          (f64x2.mul (local.get $b1v) (v128.load (i32.add (local.get $m) (local.get $k))))
          (f64x2.mul (local.get $c1v) (local.get $gv))))
        (local.set $vv (f64x2.add
          (f64x2.mul (local.get $b2v) (v128.load (i32.add (local.get $v) (local.get $k))))
          (f64x2.mul (f64x2.mul (local.get $c2v) (local.get $gv)) (local.get $gv))))
        (v128.store (i32.add (local.get $m) (local.get $k)) (local.get $mv))
        (v128.store (i32.add (local.get $v) (local.get $k)) (local.get $vv))
        (v128.store (i32.add (local.get $w) (local.get $k))
          (f64x2.sub (v128.load (i32.add (local.get $w) (local.get $k)))
            (f64x2.div (f64x2.mul (local.get $alphav) (local.get $mv))
              (f64x2.add (f64x2.sqrt (local.get $vv)) (local.get $epsv)))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $l)))))
