/**
 * tracegrad: a symbolic reverse-mode autodiff engine whose computation graph is a traced,
 * hash-consed DAG of scalar and tensor nodes. Gradients are graphs of the same nodes: they
 * can be evaluated, differentiated again and printed.
 *
 * ```ts
 * import * as tg from 'tracegrad';
 * const x = tg.variable('x', 2), w = tg.variable('w', -3), b = tg.variable('b', 1);
 * const a = tg.sigmoid(w.mul(x).add(b).as('z')).as('a');
 * const [dw] = tg.grad(a, [w]);
 * tg.latex(dw); // 'a \left(1 - a\right) x'
 * ```
 * @module
 */
export * from './errors.js';
export { Tensor, tensor, zeros, ones, full, eye, rand, randn, isTensor } from './tensor/tensor.js';
export type { NestedArray, TensorLike, RandomOptions } from './tensor/tensor.js';
export { formatShape } from './tensor/shape.js';
export type { Shape } from './tensor/shape.js';
export { Prec } from './graph/opdef.js';
export type { OpDef, Attrs, AttrValue, Printed, PrintContext, VjpContext, JvpContext, Domain } from './graph/opdef.js';
export { Node, apply, variable, constant, scope, isNode, graphStats } from './graph/node.js';
export type { Operand, VariableOptions, ConstantOptions, ApplyOptions } from './graph/node.js';
export { trace, TracedFunction } from './graph/trace.js';
export type { TraceOptions } from './graph/trace.js';
export { evaluate } from './exec/evaluate.js';
export type { Bindings } from './exec/evaluate.js';
export { grad, dependsOn, isZero } from './autodiff/grad.js';
export { jvp } from './autodiff/jvp.js';
export { hessian } from './autodiff/hessian.js';
export { gradcheck } from './autodiff/gradcheck.js';
export type { GradcheckOptions, GradcheckReport, GradcheckInputReport } from './autodiff/gradcheck.js';
export { latex, text } from './explain/print.js';
export type { PrintOptions } from './explain/print.js';
export { registry, opByName } from './ops/index.js';
// Ops: each op's function and its definition.
export { abs, absOp } from './ops/abs.js';
export { acos, acosOp } from './ops/acos.js';
export { add, addOp } from './ops/add.js';
export { addN, addNOp } from './ops/addN.js';
export { asin, asinOp } from './ops/asin.js';
export { atan, atanOp } from './ops/atan.js';
export { broadcastTo, broadcastToOp } from './ops/broadcastTo.js';
export { cos, cosOp } from './ops/cos.js';
export { cosh, coshOp } from './ops/cosh.js';
export { div, divOp } from './ops/div.js';
export { dot, dotOp } from './ops/dot.js';
export { exp, expOp } from './ops/exp.js';
export { log, logOp } from './ops/log.js';
export { logSoftmax, logSoftmaxOp } from './ops/logSoftmax.js';
export { logSumExp, logSumExpOp } from './ops/logSumExp.js';
export { matmul, matmulOp } from './ops/matmul.js';
export { maximum, maximumOp } from './ops/maximum.js';
export { mean, meanOp } from './ops/mean.js';
export { minimum, minimumOp } from './ops/minimum.js';
export { mul, mulOp } from './ops/mul.js';
export { neg, negOp } from './ops/neg.js';
export { norm, normOp } from './ops/norm.js';
export { pow, powOp } from './ops/pow.js';
export { relu, reluOp } from './ops/relu.js';
export { reshape, reshapeOp } from './ops/reshape.js';
export { sigmoid, sigmoidOp } from './ops/sigmoid.js';
export { sign, signOp } from './ops/sign.js';
export { sin, sinOp } from './ops/sin.js';
export { sinh, sinhOp } from './ops/sinh.js';
export { softmax, softmaxOp } from './ops/softmax.js';
export { softplus, softplusOp } from './ops/softplus.js';
export { sqrt, sqrtOp } from './ops/sqrt.js';
export { stack, stackOp } from './ops/stack.js';
export { step, stepOp } from './ops/step.js';
export { sub, subOp } from './ops/sub.js';
export { sum, sumOp } from './ops/sum.js';
export { take, takeOp } from './ops/take.js';
export { tan, tanOp } from './ops/tan.js';
export { tanh, tanhOp } from './ops/tanh.js';
export { traceOp } from './ops/trace.js';
export { transpose, transposeOp } from './ops/transpose.js';
// Areas with their own barrels.
export * from './parse/index.js';
export * from './autodiff/check.js';
export * from './exec/compile.js';
export * as nn from './nn/index.js';
export * from './explain/index.js';
