/**
 * The built-in ops that the compiler treats specially, looked up by identity on first use
 * (op modules may still be loading when this module is imported).
 * @module
 * @internal
 */
import type { OpDef } from '../graph/opdef.js';
import { reshapeOp } from '../ops/reshape.js';
import { transposeOp } from '../ops/transpose.js';
import { matmulOp } from '../ops/matmul.js';
import { sumOp } from '../ops/sum.js';
import { meanOp } from '../ops/mean.js';
import { broadcastToOp } from '../ops/broadcastTo.js';

/** Ops with a dedicated step in compiled plans. */
export interface BuiltinOps {
  readonly reshape: OpDef;
  readonly transpose: OpDef;
  readonly matmul: OpDef;
  readonly sum: OpDef;
  readonly mean: OpDef;
  readonly broadcastTo: OpDef;
}

let ops: BuiltinOps | undefined;

/** The ops with dedicated steps. */
export function builtinOps(): BuiltinOps {
  return (ops ??= { reshape: reshapeOp, transpose: transposeOp, matmul: matmulOp, sum: sumOp, mean: meanOp, broadcastTo: broadcastToOp });
}
