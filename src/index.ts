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
 * tg.toLatex(dw); // 'a \left(1 - a\right) x'
 * ```
 *
 * The public API is this explicit list: op functions at the top level (`tg.sin`), their
 * definitions in {@link ops} (`tg.ops.sinOp`), networks in {@link nn}.
 * @module
 */

// Errors.
export { TracegradError, ShapeError, ArgumentError, ParseError, GradientNotImplementedError, GradientCheckError, InternalError } from './util/errors.js';
export type { GradientCheckDetails } from './util/errors.js';

// Tensors.
export { Tensor, tensor, zeros, ones, full, eye, rand, randn, isTensor } from './tensor/tensor.js';
export type { NestedArray, TensorLike, RandomOptions } from './tensor/tensor.js';
export { formatShape } from './tensor/shape.js';
export type { Shape } from './tensor/shape.js';

// Graphs and the op contract.
export { Node, variable, constant, apply, scope, isNode, graphStats } from './core/node.js';
export type { Operand, VariableOptions, ConstantOptions, ApplyOptions, NodeMethods } from './core/node.js';
export { isZero } from './core/constants.js';
export { Prec, MathjsPrec } from './core/opdef.js';
export type {
  OpDef, Attrs, AttrValue, Printed, PrintContext, VjpContext, JvpContext, Domain, Rewrite, ScalarTemplate, PlanKind,
  MathjsContext, IndexedContext, DeadGradientContext, DeadGradientReason, ParseArg, ParseHook,
} from './core/opdef.js';

// Op definitions (`tg.ops.sinOp`, `tg.ops.registry`), and each op's function.
import * as ops from './ops/index.js';
export { ops };
export { abs } from './ops/abs.js';
export { acos } from './ops/acos.js';
export { acosh } from './ops/acosh.js';
export { acot } from './ops/acot.js';
export { acoth } from './ops/acoth.js';
export { acsc } from './ops/acsc.js';
export { acsch } from './ops/acsch.js';
export { add } from './ops/add.js';
export { addN } from './ops/addN.js';
export { asec } from './ops/asec.js';
export { asech } from './ops/asech.js';
export { asin } from './ops/asin.js';
export { asinh } from './ops/asinh.js';
export { atan } from './ops/atan.js';
export { atanh } from './ops/atanh.js';
export { broadcastTo } from './ops/broadcastTo.js';
export { cbrt } from './ops/cbrt.js';
export { cos } from './ops/cos.js';
export { cosh } from './ops/cosh.js';
export { cot } from './ops/cot.js';
export { coth } from './ops/coth.js';
export { csc } from './ops/csc.js';
export { csch } from './ops/csch.js';
export { div } from './ops/div.js';
export { dot } from './ops/dot.js';
export { exp } from './ops/exp.js';
export { log } from './ops/log.js';
export { log10 } from './ops/log10.js';
export { log2 } from './ops/log2.js';
export { logSoftmax } from './ops/logSoftmax.js';
export { logSumExp } from './ops/logSumExp.js';
export { matmul } from './ops/matmul.js';
export { maximum } from './ops/maximum.js';
export { mean } from './ops/mean.js';
export { minimum } from './ops/minimum.js';
export { mul } from './ops/mul.js';
export { neg } from './ops/neg.js';
export { norm } from './ops/norm.js';
export { nthRoot } from './ops/nthRoot.js';
export { pow } from './ops/pow.js';
export { relu } from './ops/relu.js';
export { reshape } from './ops/reshape.js';
export { sec } from './ops/sec.js';
export { sech } from './ops/sech.js';
export { sigmoid } from './ops/sigmoid.js';
export { sign } from './ops/sign.js';
export { sin } from './ops/sin.js';
export { sinh } from './ops/sinh.js';
export { softmax } from './ops/softmax.js';
export { softplus } from './ops/softplus.js';
export { sqrt } from './ops/sqrt.js';
export { stack } from './ops/stack.js';
export { step } from './ops/step.js';
export { sub } from './ops/sub.js';
export { sum } from './ops/sum.js';
export { take } from './ops/take.js';
export { tan } from './ops/tan.js';
export { tanh } from './ops/tanh.js';
export { tr } from './ops/tr.js';
export { transpose } from './ops/transpose.js';

// Differentiation.
export { dependsOn } from './autodiff/grad.js';
export { grad } from './exec/eager.js';
export { jvp } from './autodiff/jvp.js';
export { hessian } from './autodiff/hessian.js';

// Evaluation.
export { evaluate } from './exec/evaluate.js';
export type { Bindings } from './exec/evaluate.js';
export { compile } from './exec/compile.js';
export type { CompileOptions, CompileStats, CompiledFunction } from './exec/compile.js';
export { trace, TracedFunction } from './exec/traced.js';
export type { TraceOptions } from './exec/traced.js';

// Text in and out.
export { parse } from './parse/parse.js';
export type { ParseBindings } from './parse/parse.js';
export { parseLatex } from './parse/latex.js';
export type { LatexBindings } from './parse/latex.js';
export { toMathjs } from './parse/toMathjs.js';
export type { ToMathjsOptions } from './parse/toMathjs.js';

// Printing, derivations and pictures.
export { toLatex, toText } from './explain/print.js';
export type { PrintOptions } from './explain/print.js';
export { explain, Derivation } from './explain/derivation.js';
export type { ExplainOptions, Equation, Stage, DeadGradient } from './explain/derivation.js';
export type { AdjointNotation } from './explain/analysis.js';
export type { ValueView } from './explain/values.js';
export { toDot } from './explain/dot.js';
export type { DotOptions } from './explain/dot.js';
export { toSvg, toTikz } from './explain/render.js';

// Checking gradients.
export { gradcheck } from './check/gradcheck.js';
export type { GradcheckOptions, GradcheckReport, GradcheckInputReport } from './check/gradcheck.js';
export { checkFormula } from './check/checkFormula.js';
export type { CheckFormulaOptions, FormulaCheckReport, FormulaSide, FormulaCounterexample, FormulaDifference } from './check/checkFormula.js';
export type { Hint, HintKind } from './check/hints.js';
export { grade, checkAssignment, assignmentFromJson, answersFromCsv, gradePage } from './check/grade.js';
export type { Assignment, AssignmentJson, Quantity, Answers, AnswerReport, StudentReport, QuantitySummary, GradeResult, GradeOptions } from './check/grade.js';
export { checkGradient } from './check/checkGradient.js';
export type { CheckGradientOptions, CheckGradientReport, GradientValues } from './check/checkGradient.js';

// Networks (`tg.nn.mlp`, `tg.nn.adam`, …).
import * as nn from './nn/index.js';
export { nn };
