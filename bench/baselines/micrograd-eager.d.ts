export class Value {
  data: number;
  grad: number;
  constructor(data: number, children?: Value[], op?: string);
  add(other: Value | number): Value;
  mul(other: Value | number): Value;
  pow(k: number): Value;
  relu(): Value;
  tanh(): Value;
  neg(): Value;
  sub(other: Value | number): Value;
  backward(): void;
}
export class MLP {
  constructor(nin: number, nouts: number[], uniform: () => number);
  call(x: Value[]): Value;
  parameters(): Value[];
  zeroGrad(): void;
}
