// The plain matrix product people write first: i-k-j loops over row-major Float64Arrays
// (the k loop outside the j loop, so the inner loop runs along rows of B and C).

/** C = A B for A [m, k], B [k, n]; returns C [m, n]. */
export function matmulIKJ(A, B, m, k, n) {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p];
      const bp = p * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
    }
  }
  return C;
}
