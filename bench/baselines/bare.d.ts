export declare function bareChain(count: number): { id: number };
