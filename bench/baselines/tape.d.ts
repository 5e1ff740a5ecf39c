export declare class Tape {
  constructor(capacity: number);
  reset(): void;
  input(v: number): number;
  add(i: number, j: number): number;
  mul(i: number, j: number): number;
  tanh(i: number): number;
  backward(root: number): void;
  readonly val: Float64Array;
  readonly grad: Float64Array;
}
export declare function tapeChain(tape: Tape, steps: number, a: number, b: number, x0: number): [number, number, number, number];
