export declare function microgradChain(steps: number, a: number, b: number, x0: number): [number, number, number, number];
