/**
 * The registry lines: one per built-in op. Registering an op is adding its line here (in
 * alphabetical order); `ops/index.ts` builds the registry and the Node methods from this
 * module's exports, and tests fail for an op file that has no line here.
 * @module
 */
export { absOp } from './abs.js';
export { acosOp } from './acos.js';
export { acoshOp } from './acosh.js';
export { acotOp } from './acot.js';
export { acothOp } from './acoth.js';
export { acscOp } from './acsc.js';
export { acschOp } from './acsch.js';
export { addNOp } from './addN.js';
export { addOp } from './add.js';
export { asecOp } from './asec.js';
export { asechOp } from './asech.js';
export { asinOp } from './asin.js';
export { asinhOp } from './asinh.js';
export { atanOp } from './atan.js';
export { atanhOp } from './atanh.js';
export { broadcastToOp } from './broadcastTo.js';
export { cbrtOp } from './cbrt.js';
export { cosOp } from './cos.js';
export { coshOp } from './cosh.js';
export { cotOp } from './cot.js';
export { cothOp } from './coth.js';
export { cscOp } from './csc.js';
export { cschOp } from './csch.js';
export { divOp } from './div.js';
export { dotOp } from './dot.js';
export { expOp } from './exp.js';
export { log10Op } from './log10.js';
export { log2Op } from './log2.js';
export { logOp } from './log.js';
export { logSoftmaxOp } from './logSoftmax.js';
export { logSumExpOp } from './logSumExp.js';
export { matmulOp } from './matmul.js';
export { maximumOp } from './maximum.js';
export { meanOp } from './mean.js';
export { minimumOp } from './minimum.js';
export { mulOp } from './mul.js';
export { negOp } from './neg.js';
export { normOp } from './norm.js';
export { nthRootOp } from './nthRoot.js';
export { powOp } from './pow.js';
export { reluOp } from './relu.js';
export { reshapeOp } from './reshape.js';
export { secOp } from './sec.js';
export { sechOp } from './sech.js';
export { sigmoidOp } from './sigmoid.js';
export { signOp } from './sign.js';
export { sinOp } from './sin.js';
export { sinhOp } from './sinh.js';
export { softmaxOp } from './softmax.js';
export { softplusOp } from './softplus.js';
export { sqrtOp } from './sqrt.js';
export { stackOp } from './stack.js';
export { stepOp } from './step.js';
export { subOp } from './sub.js';
export { sumOp } from './sum.js';
export { takeOp } from './take.js';
export { tanOp } from './tan.js';
export { tanhOp } from './tanh.js';
export { trOp } from './tr.js';
export { transposeOp } from './transpose.js';
