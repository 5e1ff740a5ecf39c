import { ArgumentError, TracegradError } from '../util/errors.js';
import { isNode, type Node } from '../core/node.js';
import { latexText } from '../util/label.js';
import { picture, toDot, type DotOptions, type PictureNode } from './dot.js';

type Viz = Awaited<ReturnType<typeof import('@viz-js/viz').instance>>;
let vizPromise: Promise<Viz> | undefined;

/** The in-process Graphviz (loaded once, on first use). */
function viz(): Promise<Viz> {
  return (vizPromise ??= import('@viz-js/viz').then((m) => m.instance()));
}

/**
 * The picture of a graph as SVG, rendered in-process with Graphviz compiled to WebAssembly
 * (@viz-js/viz); no system Graphviz is needed. Given a node, it draws what {@link toDot}
 * draws with the same options; given a string, it renders that DOT source.
 * @param y the output node, or DOT source
 * @param options the options of {@link toDot} (for a node)
 * @returns the SVG document
 * @throws {@link ArgumentError} when the DOT does not render (the message has Graphviz's error)
 * @example
 * (await tg.toSvg('digraph { a -> b }')).includes('<svg'); // → true
 * const x = tg.variable('x', 2);
 * (await tg.toSvg(tg.sin(x).as('y'))).includes('<svg'); // → true
 * @category Explain
 */
export async function toSvg(y: Node | string, options: DotOptions = {}): Promise<string> {
  let dot: string;
  if (typeof y === 'string') {
    if (Object.keys(options).length > 0) throw new ArgumentError('toSvg: options apply to a node, not to DOT source');
    dot = y;
  } else if (isNode(y)) dot = toDot(y, options);
  else throw new ArgumentError(`toSvg: expected a Node or DOT source as a string; got ${y === null ? 'null' : typeof y}`);
  const v = await viz();
  const r = v.render(dot, { format: 'svg' });
  if (r.status !== 'success') throw new ArgumentError(`toSvg: Graphviz could not render the DOT: ${r.errors.map((e) => e.message.trim()).join('; ')}`);
  return r.output;
}

/** Plain text made safe for LaTeX text mode (pdflatex, no Unicode input). @internal */
export function latexSafeText(s: string): string {
  return latexText(s);
}

function tikzLabel(n: PictureNode): string {
  const lines = n.lines.map(latexText);
  if (n.name) lines[0] = `$${n.name.latex}$${latexText(n.lines[0]!.slice(n.name.text.length))}`;
  // `\\{}` so that a line starting with `[` is not read as the optional argument of `\\`.
  return lines.join('\\\\{}');
}

interface GvJson {
  bb: string;
  objects?: { name: string; pos?: string; width?: string; height?: string; nodes?: number[] }[];
}

/** Largest width or height of a TikZ figure's layout, in points (TeX's dimensions stop at 16,384pt). */
const MAX_EXTENT_PT = 14_000;

/** Default {@link DotOptions.maxNodes} of `toTikz`: a figure that Graphviz lays out in seconds and that still reads on a page. */
const TIKZ_MAX_NODES = 400;

/**
 * The same picture as {@link toDot}, as a TikZ figure positioned by the Graphviz layout, so
 * that a LaTeX document holds the graph and its derivation with no external image
 * (`\usepackage{tikz}`). Labels use LaTeX names (`$z^{(1)}$`, only the safe subset; other
 * labels are escaped text). At most `maxNodes` boxes per view (default 400).
 * @param y the output
 * @param options the options of {@link toDot}
 * @returns a `tikzpicture` environment
 * @example
 * const x = tg.variable('x', 2);
 * (await tg.toTikz(tg.sin(x).as('y'))).startsWith('\\begin{tikzpicture}'); // → true
 * @category Explain
 */
export async function toTikz(y: Node, options: DotOptions = {}): Promise<string> {
  const { pic } = picture(y, { ...options, labels: 'record' }, TIKZ_MAX_NODES);
  const { writeDot } = await import('./dot.js');
  const v = await viz();
  let layout: GvJson;
  try {
    layout = v.renderJSON(writeDot(pic)) as GvJson;
  } catch (e) {
    throw new TracegradError(`toTikz: Graphviz layout failed: ${(e as Error).message}`);
  }
  const pos = new Map<string, { x: number; y: number; w: number; h: number }>();
  for (const o of layout.objects ?? []) {
    if (!o.pos || o.nodes) continue;
    const [x, yy] = o.pos.split(',').map(Number);
    pos.set(o.name, { x: x!, y: yy!, w: Number(o.width ?? 1) * 72, h: Number(o.height ?? 0.5) * 72 });
  }
  // TeX's dimensions stop at 16,384pt, a figure's width and its coordinates included: the
  // figure is centred on its origin, and a layout too large for that (hundreds of boxes side by
  // side) gets a smaller unit, boxes keeping their size (they may then overlap).
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const p of pos.values()) {
    x0 = Math.min(x0, p.x - p.w / 2);
    x1 = Math.max(x1, p.x + p.w / 2);
    y0 = Math.min(y0, p.y - p.h / 2);
    y1 = Math.max(y1, p.y + p.h / 2);
  }
  const cx = Number.isFinite(x0) ? (x0 + x1) / 2 : 0, cy = Number.isFinite(y0) ? (y0 + y1) / 2 : 0;
  const half = Number.isFinite(x0) ? Math.max(x1 - x0, y1 - y0) / 2 : 0;
  const unit = 0.7 * 2 * half > MAX_EXTENT_PT ? Number((MAX_EXTENT_PT / (2 * half)).toFixed(5)) : 0.7;
  const out = [`\\begin{tikzpicture}[x=${unit}pt, y=${unit}pt, every node/.style={font=\\scriptsize, align=center, inner sep=2pt}]`];
  for (const n of pic.nodes) {
    const p = pos.get(n.id);
    if (!p) continue;
    const style = n.backward ? 'draw=red!70!black, fill=red!6, rounded corners' : n.leaf === 'variable' ? 'draw, fill=blue!6, rounded corners' : n.kind === 'cut' ? '' : 'draw, fill=gray!8, rounded corners';
    out.push(`  \\node[${style}] (${n.id}) at (${(p.x - cx).toFixed(1)}, ${(p.y - cy).toFixed(1)}) {${tikzLabel(n)}};`);
  }
  for (const e of pic.edges) {
    if (!pos.has(e.from) || !pos.has(e.to)) continue;
    out.push(`  \\draw[->, ${e.backward ? 'red!70!black, dashed' : 'gray!70!black'}] (${e.from}) -- (${e.to});`);
  }
  out.push('\\end{tikzpicture}');
  return out.join('\n');
}
