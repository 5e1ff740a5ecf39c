/**
 * The op registry: every built-in op, one line each. Tests, the expression parser's
 * function table and the CLI's list of functions read this list.
 * @module
 */
import type { OpDef } from '../graph/opdef.js';
import { absOp } from './abs.js';
import { acosOp } from './acos.js';
import { addOp } from './add.js';
import { addNOp } from './addN.js';
import { asinOp } from './asin.js';
import { atanOp } from './atan.js';
import { broadcastToOp } from './broadcastTo.js';
import { cosOp } from './cos.js';
import { coshOp } from './cosh.js';
import { divOp } from './div.js';
import { dotOp } from './dot.js';
import { expOp } from './exp.js';
import { logOp } from './log.js';
import { logSoftmaxOp } from './logSoftmax.js';
import { logSumExpOp } from './logSumExp.js';
import { matmulOp } from './matmul.js';
import { maximumOp } from './maximum.js';
import { meanOp } from './mean.js';
import { minimumOp } from './minimum.js';
import { mulOp } from './mul.js';
import { negOp } from './neg.js';
import { normOp } from './norm.js';
import { powOp } from './pow.js';
import { reluOp } from './relu.js';
import { reshapeOp } from './reshape.js';
import { sigmoidOp } from './sigmoid.js';
import { signOp } from './sign.js';
import { sinOp } from './sin.js';
import { sinhOp } from './sinh.js';
import { softmaxOp } from './softmax.js';
import { softplusOp } from './softplus.js';
import { sqrtOp } from './sqrt.js';
import { stackOp } from './stack.js';
import { stepOp } from './step.js';
import { subOp } from './sub.js';
import { sumOp } from './sum.js';
import { takeOp } from './take.js';
import { tanOp } from './tan.js';
import { tanhOp } from './tanh.js';
import { traceOp } from './trace.js';
import { transposeOp } from './transpose.js';

/** Every built-in op, by name. @category Op definitions */
export const registry: readonly OpDef[] = Object.freeze([
  addOp, addNOp, subOp, mulOp, divOp, negOp, powOp,
  expOp, logOp, sqrtOp, absOp, signOp, stepOp,
  sinOp, cosOp, tanOp, asinOp, acosOp, atanOp, sinhOp, coshOp, tanhOp,
  sigmoidOp, reluOp, softplusOp, maximumOp, minimumOp,
  reshapeOp, transposeOp, broadcastToOp, stackOp, takeOp,
  sumOp, meanOp, logSumExpOp,
  matmulOp, dotOp, traceOp, normOp,
  softmaxOp, logSoftmaxOp,
]);

/**
 * Looks up a built-in op by name.
 * @example
 * tg.opByName('sin')?.name; // → 'sin'
 * @category Op definitions
 */
export function opByName(name: string): OpDef | undefined {
  return registry.find((op) => op.name === name);
}
