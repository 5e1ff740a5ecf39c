/**
 * Exercises for lessons 1–5, checked as students check them: `tracegrad check --syntax latex`.
 * Every answer is run when the page is built (the build fails if one stops passing), and so is
 * one typical mistake per exercise, which must fail with a hint; both are shown only inside a
 * collapsed "Answer" block.
 */
import { claim, cli, code, shell } from './md.js';

/** One exercise: the question, the expression, the values, the answers and a typical mistake. */
export interface Exercise {
  /** The question (Markdown with inline LaTeX). */
  question: string;
  /** The expression in LaTeX. */
  expression: string;
  /** `--at` values, `name=value`. */
  at?: string[];
  /** The answers by variable (LaTeX names), as `[name, answer]`. */
  answers: [string, string][];
  /** A typical wrong answer, `[name, answer]`: the check must reject it with a hint. */
  mistake?: [string, string];
}

function argv(e: Exercise, answers: readonly [string, string][]): string[] {
  return ['check', e.expression, '--syntax', 'latex', ...answers.flatMap(([n, a]) => ['--grad', `${n}=${a}`]), ...(e.at ?? []).flatMap((v) => ['--at', v])];
}

async function ran(args: readonly string[], want: number): Promise<string> {
  const r = await cli(args);
  claim(r.status === want, `${shell(args)} exits with status ${want} (got ${r.status}: ${r.err.trim()})`);
  if (want === 1) claim(/\n {2}hint: /.test(r.out), `${shell(args)} gives a hint`);
  return `$ ${shell(args)}\n${r.out.replace(/\s+$/, '')}\n(exit status ${r.status})`;
}

/** The "Exercises" section of a lesson: each question, the command to run, the answer hidden. */
export async function exercises(list: readonly Exercise[]): Promise<string> {
  const parts: string[] = [];
  for (const [i, e] of list.entries()) {
    const right = await ran(argv(e, e.answers), 0);
    const wrong = e.mistake ? await ran(argv(e, [e.mistake]), 1) : undefined;
    const ask = argv(e, e.answers.map(([n]) => [n, '<your answer>']));
    parts.push(`### Exercise ${i + 1}

${e.question}

${code('sh', shell(ask))}

<details>
<summary>Answer</summary>

${e.answers.map(([n, a]) => `$${n}$: \`${a}\``).join(' and ')}

${code('text', right)}
${wrong ? `\nA common mistake, and what the check says:\n\n${code('text', wrong)}\n` : ''}
</details>`);
  }
  return `## Exercises

Derive each gradient by hand, then check it with the command shown: replace \`<your answer>\`
with your formula in LaTeX, as you would write it (\`\\frac\`, \`\\sigma\`, \`\\odot\`, \`^\\top\`,
\`W^{(1)}\`, implicit products). The check says whether it is right; when it is not, it gives a
point where it differs and a hint (a sign, a factor, a transpose, a missing factor…). Each answer
was checked by the command when this page was built.

${parts.join('\n\n')}`;
}
