/**
 * Grading a class: an assignment (a network, its loss and the quantities asked: gradients and
 * δ's), the students' answers (one row each, one formula per quantity, LaTeX by default), a
 * report per student (verdict, counterexample and hint per answer) and a class summary that
 * counts the mistakes by kind. Pure and browser-safe: no file system here (the command reads
 * the files, `tracegrad grade`), so a web page can grade with the same code.
 * @module
 */
import { ArgumentError, ParseError, ShapeError, TracegradError } from '../util/errors.js';
import { checkOptions, seedOption } from '../util/options.js';
import { escapeHtml } from '../util/html.js';
import { visible } from '../parse/columns.js';
import { isNode, type Node } from '../core/node.js';
import type { TensorLike } from '../tensor/tensor.js';
import { grad } from '../autodiff/grad.js';
import { toLatex, toText } from '../explain/print.js';
import { latexNameKey, parseLatexExpression } from '../parse/latex.js';
import { checkFormula, displayName, latexNamesOf, MAX_POINTS, namesOf, type FormulaCounterexample } from './checkFormula.js';
import { HINT_KINDS, type Hint, type HintKind } from './hints.js';
import { describeValue } from '../util/describe.js';

/** One quantity an assignment asks for: the gradient of the loss with respect to a node. */
export interface Quantity {
  /** Its column in the answers (an identifier-like id: `delta1`, `dW1`). */
  id: string;
  /** The node it is the gradient with respect to (a variable, or a named intermediate such as `z^{(1)}`). */
  wrt: Node;
  /** Its name in LaTeX (`\delta^{(1)}`, `\frac{\partial L}{\partial W^{(1)}}`): hints use it, and other answers may use it for this quantity. */
  name?: string;
  /** The question, for the report. */
  prompt?: string;
}

/** An assignment: the loss and the quantities asked. */
export interface Assignment {
  /** A title for the report. */
  title?: string;
  /** The syntax of the answers: `'latex'` (default) or `'mathjs'`. */
  syntax?: 'latex' | 'mathjs';
  /** The scalar loss. */
  loss: Node;
  /** The quantities asked, in column order. */
  quantities: readonly Quantity[];
  /** Random points each answer is compared at (default 20). */
  points?: number;
  /** Seed of the points (default 0). */
  seed?: number;
}

/** The grade of one answer. */
export interface AnswerReport {
  /** The answer as written ('' when missing). */
  answer: string;
  /** `right`, `wrong`, `invalid` (it does not parse, or its shapes do not fit) or `missing`. */
  verdict: 'right' | 'wrong' | 'invalid' | 'missing';
  /** What is wrong, for a wrong answer that a hint explains. */
  hint?: Hint;
  /** A point where the answer and the gradient differ, with both values. */
  counterexample?: FormulaCounterexample;
  /** Why an invalid answer is invalid, or the check's summary. */
  message: string;
}

/** One student's report. */
export interface StudentReport {
  student: string;
  /** Right answers. */
  score: number;
  /** Quantities asked. */
  total: number;
  /** Each answer by quantity id (a Map: ids are the teacher's). */
  answers: Map<string, AnswerReport>;
}

/** How one quantity went across the class. */
export interface QuantitySummary {
  id: string;
  name: { text: string; latex: string };
  right: number;
  wrong: number;
  invalid: number;
  missing: number;
  /** Wrong answers by hint kind (`unexplained` when no hint applies), most common first. */
  mistakes: { kind: HintKind | 'unexplained'; count: number; students: string[]; example: string }[];
}

/** The class: every student's report and the summary per quantity. */
export interface GradeResult {
  title: string;
  students: StudentReport[];
  quantities: QuantitySummary[];
}

/** Options of {@link grade}. */
export interface GradeOptions {
  /** Random points each answer is compared at (default: the assignment's, else 20). */
  points?: number;
  /** Seed of the points (default: the assignment's, else 0). */
  seed?: number;
}

const ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks an assignment's shape and returns it.
 * @throws {@link ArgumentError} naming what is wrong (a loss that is not a scalar node, a quantity without an id…)
 * @example
 * const w = tg.variable('w', 2);
 * tg.checkAssignment({ loss: w.mul(w), quantities: [{ id: 'dw', wrt: w }] }).quantities.length; // → 1
 * @category Autodiff
 */
export function checkAssignment(a: unknown): Assignment {
  if (a === null || typeof a !== 'object' || Array.isArray(a)) throw new ArgumentError(`grade: an assignment is an object { loss, quantities }; got ${Array.isArray(a) ? 'an array' : a === null ? 'null' : typeof a}`);
  checkOptions('grade: the assignment', a, ['title', 'syntax', 'loss', 'quantities', 'points', 'seed']);
  const x = a as Assignment;
  if (!isNode(x.loss) || x.loss.rank !== 0) throw new ArgumentError('grade: the assignment\'s loss must be a scalar node');
  if (x.title !== undefined && typeof x.title !== 'string') throw new ArgumentError('grade: the title must be a string');
  if (x.syntax !== undefined && x.syntax !== 'latex' && x.syntax !== 'mathjs') throw new ArgumentError(`grade: syntax must be one of 'latex', 'mathjs'; got ${describeValue(x.syntax)}`);
  if (x.points !== undefined && (typeof x.points !== 'number' || !Number.isInteger(x.points) || x.points < 1 || x.points > MAX_POINTS)) {
    throw new ArgumentError(`grade: points must be an integer from 1 to ${MAX_POINTS}; got ${describeValue(x.points)}`);
  }
  if (x.seed !== undefined) seedOption('grade', x.seed);
  if (!Array.isArray(x.quantities) || x.quantities.length === 0) throw new ArgumentError('grade: the assignment asks for at least one quantity (quantities: [{ id, wrt }])');
  const ids = new Set<string>();
  for (const q of x.quantities as unknown[]) {
    if (q === null || typeof q !== 'object') throw new ArgumentError('grade: a quantity is an object { id, wrt, name?, prompt? }');
    checkOptions('grade: a quantity', q, ['id', 'wrt', 'name', 'prompt']);
    const { id, wrt, name, prompt } = q as Quantity;
    if (typeof id !== 'string' || !ID.test(id)) throw new ArgumentError(`grade: a quantity's id is an identifier (a letter or _, then letters, digits or _); got ${describeValue(id)}`);
    if (id === 'student') throw new ArgumentError("grade: a quantity's id cannot be 'student': that is the column of the student ids in the answers; rename the quantity (e.g. 'student_answer')");
    if (ids.has(id)) throw new ArgumentError(`grade: the quantity id '${id}' is given twice`);
    ids.add(id);
    if (!isNode(wrt)) throw new ArgumentError(`grade: quantity '${id}': wrt must be a node of the network`);
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) throw new ArgumentError(`grade: quantity '${id}': name must be a non-empty string`);
    if (prompt !== undefined && typeof prompt !== 'string') throw new ArgumentError(`grade: quantity '${id}': prompt must be a string`);
  }
  return x;
}

/** The JSON form of an assignment: the network as definitions in the answers' syntax. */
export interface AssignmentJson {
  title?: string;
  syntax?: 'latex' | 'mathjs';
  /** Values of the variables by name (LaTeX names allowed: `W^{(1)}`). */
  values: Record<string, TensorLike>;
  /** Named intermediate quantities, in order: `[name, expression]` (LaTeX), e.g. `["z^{(1)}", "X W^{(1)} + b^{(1)}"]`. */
  define?: [string, string][];
  /** The loss (LaTeX). */
  loss: string;
  /** The quantities: `wrt` is a variable's or a definition's name. */
  quantities: { id: string; wrt: string; name?: string; prompt?: string }[];
  points?: number;
  seed?: number;
}

/**
 * Builds an assignment from its JSON form: each definition is parsed (LaTeX) with the values and
 * the definitions before it, and named; the loss likewise.
 * @throws {@link ArgumentError} for a field that is missing or wrong, a definition that does not parse, or a `wrt` that names nothing
 * @example
 * const a = tg.assignmentFromJson({ values: { x: 2 }, define: [['z', 'x^2']], loss: '\\sin(z)', quantities: [{ id: 'dz', wrt: 'z' }] });
 * a.quantities[0].wrt.label; // → 'z'
 * @category Autodiff
 */
export function assignmentFromJson(json: unknown): Assignment {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new ArgumentError('grade: an assignment file holds an object { values, define?, loss, quantities }');
  checkOptions('grade: the assignment file', json, ['title', 'syntax', 'values', 'define', 'loss', 'quantities', 'points', 'seed']);
  const j = json as AssignmentJson;
  if (j.values === null || typeof j.values !== 'object' || Array.isArray(j.values)) throw new ArgumentError('grade: values must be an object of values by name');
  if (typeof j.loss !== 'string') throw new ArgumentError('grade: loss must be a LaTeX string');
  const scope = new Map<string, TensorLike | Node>();
  // Where each name was given (by canonical key): in values, or by a definition.
  const givenAs = new Map<string, string>();
  for (const k of Object.keys(j.values)) {
    const key = latexNameKey(k);
    const prev = givenAs.get(key);
    if (prev !== undefined) throw new ArgumentError(`grade: values gives the name ${key} twice (${JSON.stringify(prev)} and ${JSON.stringify(k)}); give it once`);
    givenAs.set(key, k);
    scope.set(k, j.values[k]!);
  }
  const named = new Map<string, Node>();
  const parse = (text: string, what: string): Node => {
    let p: ReturnType<typeof parseLatexExpression>;
    try {
      p = parseLatexExpression(text, scope);
    } catch (e) {
      if (e instanceof TracegradError) throw new ArgumentError(`grade: ${what}: ${e.message}`);
      throw e;
    }
    for (const [key, n] of p.symbols) {
      if (!scope.has(key) && n.isVariable && n.leaf!.value === undefined && !named.has(key)) throw new ArgumentError(`grade: ${what}: '${key}' has no value; give it in values or define it first`);
      if (!named.has(key)) named.set(key, n);
    }
    return p.node;
  };
  for (const d of j.define ?? []) {
    if (!Array.isArray(d) || d.length !== 2 || typeof d[0] !== 'string' || typeof d[1] !== 'string') throw new ArgumentError('grade: each definition is ["name", "expression"]');
    const key = latexNameKey(d[0]);
    if (givenAs.has(key)) {
      const prev = givenAs.get(key)!;
      throw new ArgumentError(Object.hasOwn(j.values, prev)
        ? `grade: ${key} is given both in values (${JSON.stringify(prev)}) and in define (${JSON.stringify(d[0])}); a name is either a variable with a value or a definition, not both`
        : `grade: ${key} is defined twice in define; give each definition once`);
    }
    givenAs.set(key, d[0]);
    const what = `the definition of ${d[0]}`;
    const body = parse(d[1], what);
    // A definition names what it computes; a variable, a number or another definition is not computed here.
    if (body.isVariable || body.isConstant || body.label !== undefined) {
      const is = body.isVariable ? `the variable ${toLatex(body)} of values` : body.isConstant ? 'a constant' : `the definition ${body.label}`;
      throw new ArgumentError(`grade: ${what} is ${is} itself, not an expression computed from the values; use ${body.isConstant ? 'the number' : toLatex(body)} where you would use ${d[0]}, or define ${d[0]} as an expression`);
    }
    const node = body.as(d[0]);
    scope.set(d[0], node);
    named.set(key, node);
  }
  const loss = parse(j.loss, 'the loss');
  if (!Array.isArray(j.quantities)) throw new ArgumentError('grade: quantities must be a list of { id, wrt, name? }');
  const quantities = j.quantities.map((q): Quantity => {
    if (q === null || typeof q !== 'object' || typeof q.wrt !== 'string') throw new ArgumentError('grade: a quantity is { id, wrt, name?, prompt? } with wrt the name of a variable or a definition');
    const wrt = named.get(latexNameKey(q.wrt));
    if (!wrt) throw new ArgumentError(`grade: quantity '${String(q.id)}': '${q.wrt}' is neither a variable of the loss nor a definition; known: ${[...named.keys()].join(', ')}`);
    return { id: q.id, wrt, ...(q.name !== undefined && { name: q.name }), ...(q.prompt !== undefined && { prompt: q.prompt }) };
  });
  return checkAssignment({ loss, quantities, ...(j.title !== undefined && { title: j.title }), ...(j.syntax !== undefined && { syntax: j.syntax }), ...(j.points !== undefined && { points: j.points }), ...(j.seed !== undefined && { seed: j.seed }) });
}

/**
 * Reads CSV text (RFC 4180: fields in double quotes may hold commas, quotes doubled and line
 * breaks) into rows of fields. A loop over the characters.
 */
export function parseCsvRows(text: string): string[][] {
  if (typeof text !== 'string') throw new ArgumentError('grade: the answers are CSV text');
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false, i = 0, wasQuoted = false;
  const endField = () => {
    row.push(wasQuoted ? field : field.trim());
    field = '';
    wasQuoted = false;
  };
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field.trim() === '') {
      quoted = true;
      wasQuoted = true;
      field = '';
      i++;
    } else if (c === ',') {
      endField();
      i++;
    } else if (c === '\n' || c === '\r') {
      endField();
      if (!(row.length === 1 && row[0] === '')) rows.push(row);
      row = [];
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new ArgumentError('grade: the answers end inside a quoted field (a " is not closed)');
  if (field !== '' || row.length > 0) {
    endField();
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
  }
  return rows;
}

/** The answers of a class: student ids and their answers by quantity id (Maps: ids are the teacher's). */
export interface Answers {
  students: { student: string; answers: Map<string, string> }[];
}

/**
 * Reads the answers CSV: a header with `student` and one column per quantity id, then one row
 * per student. Unknown and missing columns are errors that name them.
 * @throws {@link ArgumentError} for a missing or unknown column, a row of the wrong length or a student given twice
 * @example
 * const w = tg.variable('w', 2);
 * const a = { loss: w.mul(w), quantities: [{ id: 'dw', wrt: w }] };
 * tg.answersFromCsv('student,dw\nana,2 w\n', a).students[0].answers.get('dw'); // → '2 w'
 * @category Autodiff
 */
export function answersFromCsv(text: string, assignment: Assignment): Answers {
  if (typeof text !== 'string') throw new ArgumentError(`answersFromCsv: text is the CSV's text; got ${describeValue(text)}`);
  if (assignment === null || typeof assignment !== 'object' || !Array.isArray(assignment.quantities)) throw new ArgumentError(`answersFromCsv: assignment is the assignment the answers are for (from tg.assignmentFromJson); got ${describeValue(assignment)}`);
  const rows = parseCsvRows(text);
  if (rows.length === 0) throw new ArgumentError('grade: the answers CSV is empty; its header is student,' + assignment.quantities.map((q) => q.id).join(','));
  const header = rows[0]!;
  const col = header.indexOf('student');
  if (col < 0) throw new ArgumentError(`grade: the answers CSV has no 'student' column; its header is ${JSON.stringify(header.join(','))}`);
  const ids = new Set(assignment.quantities.map((q) => q.id));
  for (const h of header) if (h !== 'student' && !ids.has(h)) throw new ArgumentError(`grade: the answers CSV has a column '${h}' that the assignment does not ask for; quantities: ${[...ids].join(', ')}`);
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new ArgumentError(`grade: the answers CSV has the column '${h}' twice`);
    seen.add(h);
  }
  const missing = [...ids].filter((id) => !header.includes(id));
  if (missing.length) throw new ArgumentError(`grade: the answers CSV has no column for ${missing.join(', ')}`);
  const students: Answers['students'] = [];
  const names = new Set<string>();
  rows.slice(1).forEach((r, k) => {
    if (r.length !== header.length) throw new ArgumentError(`grade: row ${k + 2} of the answers has ${r.length} fields; the header has ${header.length} (quote answers that hold commas: "\\max(a, b)")`);
    const student = r[col]!;
    if (student === '') throw new ArgumentError(`grade: row ${k + 2} of the answers has no student`);
    if (names.has(student)) throw new ArgumentError(`grade: the student '${student}' has two rows`);
    names.add(student);
    const answers = new Map<string, string>();
    header.forEach((h, i) => {
      if (h !== 'student') answers.set(h, r[i]!);
    });
    students.push({ student, answers });
  });
  return { students };
}

/** A leading `name =` (as students write `\delta^{(1)} = …`) is dropped when it names the quantity. */
function rightHandSide(answer: string, q: Quantity): string {
  const eq = answer.indexOf('=');
  if (eq < 0) return answer;
  const lhs = answer.slice(0, eq).trim();
  const names = [q.name, q.wrt.label, q.wrt.name].filter((n): n is string => typeof n === 'string');
  const keys = new Set(names.map(latexNameKey));
  if (lhs !== '' && (keys.has(latexNameKey(lhs)) || /^\\frac\{\\partial/.test(lhs))) return answer.slice(eq + 1);
  return answer;
}

/**
 * Grades every student's answers against the engine's gradients: each answer is checked with
 * {@link checkFormula} (numerically at the assignment's points, the variables' values first),
 * and a wrong one gets a counterexample and a hint. An answer may use the names of the network
 * and the names of the other quantities (`\delta^{(2)}` in the answer for `\delta^{(1)}`).
 * @param assignment the network and the quantities ({@link checkAssignment})
 * @param answers the students' answers ({@link answersFromCsv})
 * @returns a report per student and a summary per quantity
 * @example
 * const x = tg.variable('x', 0.5), w = tg.variable('w', 2);
 * const loss = tg.sigmoid(w.mul(x)).as('f');
 * const r = tg.grade({ loss, quantities: [{ id: 'dw', wrt: w }] },
 *   { students: [{ student: 'ana', answers: new Map([['dw', '\\sigma(w x)(1 - \\sigma(w x)) x']]) }] });
 * r.students[0].score; // → 1
 * @category Autodiff
 */
export function grade(assignment: Assignment, answers: Answers, options: GradeOptions = {}): GradeResult {
  const a = checkAssignment(assignment);
  checkOptions('grade', options, ['points', 'seed']);
  const points = options.points ?? a.points ?? 20;
  const seed = seedOption('grade', options.seed ?? a.seed ?? 0);
  const grads = grad(a.loss, a.quantities.map((q) => q.wrt));
  // The names of the problem: every variable and named node of the network (an answer may use
  // any of them, even one a gradient does not contain) and the other quantities' names; any
  // other name makes the answer invalid ("unknown name"), never a new variable sampled at random.
  const networkNames = (a.syntax ?? 'latex') === 'latex' ? latexNamesOf([a.loss, ...a.quantities.map((q) => q.wrt)]) : namesOf([a.loss, ...a.quantities.map((q) => q.wrt)]);
  const students: StudentReport[] = [];
  for (const { student, answers: given } of answers.students) {
    const reports = new Map<string, AnswerReport>();
    let score = 0;
    a.quantities.forEach((q, i) => {
      const answer = given.get(q.id) ?? '';
      if (answer.trim() === '') {
        reports.set(q.id, { answer, verdict: 'missing', message: 'no answer' });
        return;
      }
      // The other quantities' names stand for their gradients.
      const values: Record<string, Node> = Object.create(null) as Record<string, Node>;
      a.quantities.forEach((o, k) => {
        if (k !== i && o.name !== undefined) values[o.name] = grads[k]!;
      });
      for (const [name, node] of networkNames) if (!Object.hasOwn(values, name)) values[name] = node;
      try {
        const r = checkFormula(rightHandSide(answer, q), grads[i]!, { syntax: a.syntax ?? 'latex', values, points, seed, name: q.name ?? `\\frac{\\partial L}{\\partial ${q.wrt.label ?? q.wrt.name ?? 'x'}}` });
        if (r.ok) score++;
        reports.set(q.id, {
          answer, verdict: r.ok ? 'right' : 'wrong', message: r.message.split('\n')[0]!,
          ...(r.hint && { hint: r.hint }), ...(r.counterexample && { counterexample: r.counterexample }),
        });
      } catch (e) {
        if (!(e instanceof ParseError || e instanceof ShapeError || e instanceof ArgumentError)) throw e;
        reports.set(q.id, { answer, verdict: 'invalid', message: e.message });
      }
    });
    students.push({ student, score, total: a.quantities.length, answers: reports });
  }
  const quantities = a.quantities.map((q, i): QuantitySummary => {
    const count = (v: AnswerReport['verdict']) => students.filter((s) => s.answers.get(q.id)!.verdict === v).length;
    const byKind = new Map<HintKind | 'unexplained', { students: string[]; example: string }>();
    for (const s of students) {
      const r = s.answers.get(q.id)!;
      if (r.verdict !== 'wrong') continue;
      const kind = r.hint?.kind ?? 'unexplained';
      const entry = byKind.get(kind) ?? { students: [], example: r.hint?.text ?? r.message };
      entry.students.push(s.student);
      byKind.set(kind, entry);
    }
    const order = (k: HintKind | 'unexplained') => (k === 'unexplained' ? HINT_KINDS.length : HINT_KINDS.indexOf(k));
    const mistakes = [...byKind].map(([kind, e]) => ({ kind, count: e.students.length, students: e.students, example: e.example }))
      .sort((x, y) => y.count - x.count || order(x.kind) - order(y.kind));
    const name = q.name !== undefined ? displayName(q.name) : { text: `∂L/∂${toText(q.wrt)}`, latex: `\\frac{\\partial L}{\\partial ${toLatex(q.wrt)}}` };
    void i;
    return { id: q.id, name, right: count('right'), wrong: count('wrong'), invalid: count('invalid'), missing: count('missing'), mistakes };
  });
  return { title: a.title ?? 'Gradient assignment', students, quantities };
}

/** A student's report as JSON-ready data (Maps become objects built with fromEntries). */
export function studentJson(r: StudentReport): unknown {
  return { student: r.student, score: r.score, total: r.total, answers: Object.fromEntries([...r.answers].map(([id, a]) => [id, a])) };
}

/** The class summary as JSON-ready data. */
export function summaryJson(g: GradeResult): unknown {
  return {
    title: g.title,
    students: g.students.map((s) => ({ student: s.student, score: s.score, total: s.total })),
    quantities: g.quantities,
  };
}

/** Words for a hint kind in the class summary. */
const KIND_WORDS: ReadonlyMap<HintKind | 'unexplained', string> = new Map<HintKind | 'unexplained', string>([
  ['sign', 'wrong sign'], ['factor', 'a constant factor off'], ['transpose', 'a transpose missing or extra'], ['layout', 'transposed layout (numerator layout)'],
  ['batch-sum', 'not summed over the batch'], ['missing-factor', 'a factor missing (chain rule)'], ['extra-factor', 'an extra factor'], ['order', 'a product in the other order'],
  ['shape', 'wrong shape'], ['unexplained', 'differs (no simple hint)'],
]);

/**
 * One self-contained HTML page with the class summary: each quantity with its right, wrong,
 * invalid and missing counts and its common mistakes (most common first, with who made them),
 * then a table of every student's answers. Everything the students wrote is escaped, and
 * control and bidirectional characters (in ids, answers, messages) are shown as escapes
 * (`\x1b`, `\u{202e}`), as the command's output shows them.
 * @example
 * const w = tg.variable('w', 2);
 * const r = tg.grade({ loss: w.mul(w), quantities: [{ id: 'dw', wrt: w }] }, { students: [{ student: 'ana', answers: new Map([['dw', 'w']]) }] });
 * tg.gradePage(r).includes('a constant factor off'); // → true
 * @category Autodiff
 */
export function gradePage(g: GradeResult): string {
  if (g === null || typeof g !== 'object' || !Array.isArray(g.students) || !Array.isArray(g.quantities)) throw new ArgumentError(`gradePage: expected the result of tg.grade; got ${describeValue(g)}`);
  const e = (s: string) => escapeHtml(visible(s));
  const n = g.students.length;
  const bar = (k: number) => `<span class="bar" style="width:${n ? Math.round((160 * k) / n) : 0}px"></span>`;
  const sections = g.quantities.map((q) => `
<section>
<h2>${e(q.name.text)} <code>${e(q.id)}</code></h2>
<p>${q.right} right · ${q.wrong} wrong · ${q.invalid} invalid · ${q.missing} missing</p>
${q.mistakes.length ? `<table><thead><tr><th>common mistake</th><th>students</th><th></th><th>who</th><th>example hint</th></tr></thead><tbody>
${q.mistakes.map((m) => `<tr><td>${e(KIND_WORDS.get(m.kind) ?? m.kind)}</td><td>${m.count}</td><td>${bar(m.count)}</td><td>${e(m.students.join(', '))}</td><td>${e(m.example)}</td></tr>`).join('\n')}
</tbody></table>` : '<p>No wrong answers.</p>'}
</section>`).join('\n');
  const mark = (r: AnswerReport) => (r.verdict === 'right' ? '✓' : r.verdict === 'wrong' ? `✗ ${e(r.hint ? KIND_WORDS.get(r.hint.kind) ?? r.hint.kind : 'differs')}` : r.verdict === 'invalid' ? '⚠ invalid' : '–');
  const rows = g.students.map((s) => `<tr><td>${e(s.student)}</td><td>${s.score}/${s.total}</td>${g.quantities.map((q) => {
    const r = s.answers.get(q.id)!;
    return `<td class="${r.verdict}" title="${e(r.hint?.text ?? r.message)}"><code>${e(r.answer)}</code><br>${mark(r)}</td>`;
  }).join('')}</tr>`).join('\n');
  const mean = n ? g.students.reduce((t, s) => t + s.score, 0) / n : 0;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(g.title)}: class summary</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid #ddd; padding: .3rem .5rem; vertical-align: top; text-align: left; }
th { background: #f4f4f4; }
.bar { display: inline-block; height: .8rem; background: #c0504d; }
td.right { background: #eef8ee; } td.wrong { background: #fdeeee; } td.invalid { background: #fff6e0; } td.missing { color: #888; }
code { font-size: 90%; white-space: pre-wrap; word-break: break-word; }
</style>
</head>
<body>
<h1>${e(g.title)}</h1>
<p>${n} student${n === 1 ? '' : 's'}, ${g.quantities.length} quantit${g.quantities.length === 1 ? 'y' : 'ies'}; mean score ${Number(mean.toFixed(2))} of ${g.quantities.length}.</p>
${sections}
<h2>Every answer</h2>
<table><thead><tr><th>student</th><th>score</th>${g.quantities.map((q) => `<th>${e(q.name.text)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>
</body>
</html>
`;
}
