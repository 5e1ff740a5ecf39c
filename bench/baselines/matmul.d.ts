export declare function matmulIKJ(A: Float64Array, B: Float64Array, m: number, k: number, n: number): Float64Array;
