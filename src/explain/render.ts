import { ArgumentError, TracegradError } from '../util/errors.js';
import { isNode, type Node } from '../core/node.js';
import { latexText } from '../util/label.js';
import { CIRCUIT_CSS, picture, stacked, symbolLatex, dotFor, toDot, wordSymbol, type CircuitFonts, type DotOptions, type Picture, type PictureNode } from './dot.js';

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
  } else if (isNode(y)) dot = dotFor('toSvg', y, options);
  else throw new ArgumentError(`toSvg: expected a Node or DOT source as a string; got ${y === null ? 'null' : typeof y}`);
  const v = await viz();
  const r = v.render(dot, { format: 'svg' });
  if (r.status !== 'success') throw new ArgumentError(`toSvg: Graphviz could not render the DOT: ${r.errors.map((e) => e.message.trim()).join('; ')}`);
  return styled(r.output);
}

/**
 * The SVG with its stylesheet: a circuit diagram's colours (values, gradients, local
 * derivatives) and math-italic names, and fonts of Helvetica's width where Helvetica is
 * missing (Graphviz sized the labels with its metrics).
 */
function styled(svg: string): string {
  const circuit = /class="[^"]*tg&#45;(wire|op)/.test(svg);
  const css = `text[font-family^="Helvetica"] { font-family: Helvetica, Arial, "Liberation Sans", "Nimbus Sans", "DejaVu Sans Condensed", sans-serif; } text[font-family^="Times"] { font-family: "Times New Roman", Times, "Liberation Serif", "Nimbus Roman", "DejaVu Serif", serif; }${circuit ? ` ${CIRCUIT_CSS}` : ''}`;
  return svg.replace(/(<svg\b[^>]*>)/, `$1\n<style>${css}</style>`);
}

/** Plain text made safe for LaTeX text mode (pdflatex, no Unicode input). @internal */
export function latexSafeText(s: string): string {
  return latexText(s);
}

/** Debug-style label text for LaTeX: numbers in math (a minus sign, not a hyphen). */
function tikzText(s: string): string {
  return s
    .split(/(−?\d[\d.]*(?:e[−+]?\d+)?)/)
    .map((part, i) => (i % 2 === 1 ? `$${part.replace('−', '-').replace(/e([−+]?)(\d+)$/, (_, sign: string, e: string) => `\\times 10^{${sign === '−' ? '-' : ''}${e}}`)}$` : latexText(part)))
    .join('');
}

function tikzLabel(n: PictureNode): string {
  const lines = n.lines.map(tikzText);
  // The name in math, its equation number apart: `$z^{(1)}$~(1)`.
  if (n.name) lines[0] = `$${n.name.latex}$${tikzText(n.lines[0]!.slice(n.name.text.length)).replace(/^ /, '~')}`;
  // `\\{}` so that a line starting with `[` is not read as the optional argument of `\\`.
  return lines.join('\\\\{}');
}

interface GvObject {
  name: string;
  _gvid: number;
  pos?: string;
  xlp?: string;
  width?: string;
  height?: string;
  nodes?: number[];
}

interface GvJson {
  bb: string;
  objects?: GvObject[];
  edges?: { tail: number; head: number; pos?: string }[];
}

/** Largest width or height of a TikZ figure's layout, in points (TeX's dimensions stop at 16,384pt). */
const MAX_EXTENT_PT = 14_000;

/** Default {@link DotOptions.maxNodes} of `toTikz`: a figure that Graphviz lays out in seconds and that still reads on a page. */
const TIKZ_MAX_NODES = 400;

/**
 * Font sizes of the TikZ circuit diagram, in points: LaTeX's `\large` (12pt) for names and
 * symbols, `\normalsize` (10pt) for the numbers on the wires. A figure is never shrunk below
 * 0.8 of its size to fit the line (see {@link toTikz}), so no label is set below 8pt.
 */
const TIKZ_FONTS: CircuitFonts = { name: 11, symbol: 11, wire: 10 };

/** Width of a text line (the page's `\linewidth` in a 10pt article): a layout wider than this / 0.8 is drawn top to bottom instead. */
const LINE_WIDTH_PT = 345;
/** Height a figure may take on a page of a 10pt article (most of `\textheight`). */
const PAGE_HEIGHT_PT = 500;

type Point = { x: number; y: number };

function layoutOf(v: Viz, dot: string): GvJson {
  try {
    return v.renderJSON(dot) as GvJson;
  } catch (e) {
    throw new TracegradError(`toTikz: Graphviz layout failed: ${(e as Error).message}`);
  }
}

/** The room left between two ranks of a top-to-bottom TikZ figure, in points (Graphviz leaves 8pt at the least). */
const RANK_GAP_PT = 4;

/**
 * A top-to-bottom layout with its ranks moved closer: every empty band across the figure
 * (between the boxes and names of one rank and those of the next) is narrowed to `gap` points,
 * and all heights (positions, names, wires' control points, the bounding box) follow by one
 * monotone piecewise linear map, so nothing crosses and the wires keep their shape. Graphviz
 * keeps 8pt at the least between ranks, however small `ranksep`; in a deep network two of
 * those per op are a quarter of the figure's height.
 */
function compactRanks(layout: GvJson, gap: number): GvJson {
  const spans: [number, number][] = [];
  for (const o of layout.objects ?? []) {
    if (!o.pos || o.nodes) continue;
    const y = Number(o.pos.split(',')[1]), h = Number(o.height ?? 0) * 72;
    spans.push([y - h / 2, y + h / 2]);
    // A name beside an op is one line of text at 10pt (its box is not in the layout).
    if (o.xlp) spans.push([Number(o.xlp.split(',')[1]) - 7, Number(o.xlp.split(',')[1]) + 7]);
  }
  spans.sort((p, q) => p[0] - q[0]);
  const bands: [number, number][] = [];
  for (const [lo, hi] of spans) {
    const last = bands[bands.length - 1];
    if (last && lo <= last[1] + gap) last[1] = Math.max(last[1], hi);
    else bands.push([lo, hi]);
  }
  if (bands.length < 2) return layout;
  // Breakpoints (old → new): each band keeps its height, each gap between bands becomes `gap`.
  const from: number[] = [], to: number[] = [];
  let shift = 0;
  for (const [k, [lo, hi]] of bands.entries()) {
    if (k > 0) shift += lo - bands[k - 1]![1] - gap;
    from.push(lo, hi);
    to.push(lo - shift, hi - shift);
  }
  const map = (y: number): number => {
    if (y <= from[0]!) return y;
    for (let k = 1; k < from.length; k++) {
      if (y <= from[k]!) return to[k - 1]! + ((y - from[k - 1]!) * (to[k]! - to[k - 1]!)) / (from[k]! - from[k - 1]! || 1);
    }
    return y - shift;
  };
  const point = (s: string) => s.split(' ').map((p) => {
    const f = p.split(',');
    const i = f.length - 1;
    f[i] = String(map(Number(f[i])));
    return f.join(',');
  }).join(' ');
  const [x0, y0, x1, y1] = layout.bb.split(',').map(Number);
  return {
    ...layout,
    bb: `${x0},${map(y0!)},${x1},${map(y1!)}`,
    objects: layout.objects?.map((o) => ({ ...o, ...(o.pos && { pos: point(o.pos) }), ...(o.xlp && { xlp: point(o.xlp) }) })),
    edges: layout.edges?.map((e) => ({ ...e, ...(e.pos && { pos: point(e.pos) }) })),
  };
}

const bbSize = (l: GvJson) => {
  const [x0, y0, x1, y1] = l.bb.split(',').map(Number);
  return { w: x1! - x0!, h: y1! - y0! };
};

/**
 * The same picture as {@link toDot}, as a TikZ figure positioned by the Graphviz layout, so
 * that a LaTeX document holds the graph and its derivation with no external image
 * (`\usepackage{tikz}`). The teaching style draws the circuit diagram: op circles with their
 * symbols, names in math (`$z^{(1)}$`, only the safe subset; other labels are escaped text)
 * with their equation numbers apart, values above each wire and gradients below (left and
 * right when the graph runs top to bottom), numbers with real minus signs. Without a
 * `rankdir`, a graph too wide for a line from left to right (a deep network) is laid out top
 * to bottom. At most `maxNodes` boxes per view (default 400).
 * @param y the output
 * @param options the options of {@link toDot}
 * @returns a `tikzpicture` environment
 * @example
 * const x = tg.variable('x', 2);
 * (await tg.toTikz(tg.sin(x).as('y'))).startsWith('\\begin{tikzpicture}'); // → true
 * @category Explain
 */
export async function toTikz(y: Node, options: DotOptions = {}): Promise<string> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new ArgumentError(`toTikz: options must be an object; got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  const { pic } = picture(y, { ...options, labels: 'record' }, TIKZ_MAX_NODES, 'toTikz');
  const { writeDot, writeCircuitDot } = await import('./dot.js');
  const v = await viz();
  if (pic.style === 'debug') return debugTikz(pic, layoutOf(v, writeDot(pic)));
  // Left to right, unless it must shrink to fit the line or a page, and top to bottom would shrink it less.
  const fit = (l: GvJson) => Math.min(1, LINE_WIDTH_PT / bbSize(l).w, PAGE_HEIGHT_PT / bbSize(l).h);
  const lay = (p: Picture) => {
    const l = layoutOf(v, writeCircuitDot(p, TIKZ_FONTS, true));
    return p.rankdir === 'TB' || p.rankdir === 'BT' ? compactRanks(l, RANK_GAP_PT) : l;
  };
  let layout = lay(pic);
  if (options.rankdir === undefined && fit(layout) < 1) {
    for (const variant of [{ rankdir: 'TB' }, ...[130, 90, 65, 0].map((stackOver) => ({ rankdir: 'TB', stackOver }))]) {
      const other = lay({ ...pic, ...variant });
      if (fit(other) > fit(layout)) {
        layout = other;
        Object.assign(pic, variant);
      }
      if (fit(layout) === 1) break;
    }
  }
  return circuitTikz(pic, layout);
}

/** Positions by object name, and the centre and unit that keep TeX's dimensions in range. */
function placement(layout: GvJson): { pos: Map<string, Point & { w: number; h: number; xl?: Point }>; at: (p: Point) => string; unit: number } {
  const pos = new Map<string, Point & { w: number; h: number; xl?: Point }>();
  for (const o of layout.objects ?? []) {
    if (!o.pos || o.nodes) continue;
    const [x, yy] = o.pos.split(',').map(Number);
    const xl = o.xlp?.split(',').map(Number);
    pos.set(o.name, { x: x!, y: yy!, w: Number(o.width ?? 1) * 72, h: Number(o.height ?? 0.5) * 72, ...(xl && { xl: { x: xl[0]!, y: xl[1]! } }) });
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
  const unit = 2 * half > MAX_EXTENT_PT ? Number((MAX_EXTENT_PT / (2 * half)).toFixed(5)) : 1;
  return { pos, unit, at: (p) => `(${(p.x - cx).toFixed(1)}, ${(p.y - cy).toFixed(1)})` };
}

/** The record boxes of the debug style, as before. */
function debugTikz(pic: Picture, layout: GvJson): string {
  const { pos, at, unit } = placement(layout);
  const scale = 0.7 * unit;
  const out = [`\\begin{tikzpicture}[x=${Number(scale.toFixed(5))}pt, y=${Number(scale.toFixed(5))}pt, every node/.style={font=\\scriptsize, align=center, inner sep=2pt}]`];
  for (const n of pic.nodes) {
    const p = pos.get(n.id);
    if (!p) continue;
    const style = n.backward ? 'draw=red!70!black, fill=red!6, rounded corners' : n.leaf === 'variable' ? 'draw, fill=blue!6, rounded corners' : n.kind === 'cut' ? '' : 'draw, fill=gray!8, rounded corners';
    out.push(`  \\node[${style}] (${n.id}) at ${at(p)} {${tikzLabel(n)}};`);
  }
  for (const e of pic.edges) {
    if (!pos.has(e.from) || !pos.has(e.to)) continue;
    out.push(`  \\draw[->, ${e.backward ? 'red!70!black, dashed' : 'gray!70!black'}] (${e.from}) -- (${e.to});`);
  }
  out.push('\\end{tikzpicture}');
  return out.join('\n');
}

/** The points of a Graphviz edge spline (`[e,x,y ][s,x,y ]p0 c1 c2 p1 …`), with the arrow's end when it has one. */
function splineOf(pos: string): { points: Point[]; end?: Point } {
  let end: Point | undefined;
  const points: Point[] = [];
  for (const part of pos.trim().split(/\s+/)) {
    const f = part.split(',');
    if (f[0] === 'e') end = { x: Number(f[1]), y: Number(f[2]) };
    else if (f[0] === 's') continue;
    else points.push({ x: Number(f[0]), y: Number(f[1]) });
  }
  return { points, ...(end && { end }) };
}

/** The point at `t` of the cubic Bézier curve `p0 c1 c2 p1`. */
function bezier(p0: Point, c1: Point, c2: Point, p1: Point, t: number): Point {
  const u = 1 - t;
  const [a, b, c, d] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return { x: a * p0.x + b * c1.x + c * c2.x + d * p1.x, y: a * p0.y + b * c1.y + c * c2.y + d * p1.y };
}

/** The circuit diagram as TikZ: circles, names, wires with their labels, positioned by the layout. */
function circuitTikz(pic: Picture, layout: GvJson): string {
  const { pos, at, unit } = placement(layout);
  const vertical = pic.rankdir === 'TB' || pic.rankdir === 'BT';
  const byGvid = new Map((layout.objects ?? []).map((o) => [o._gvid, o.name]));
  const u = Number(unit.toFixed(5));
  const out = [
    `\\begin{tikzpicture}[x=${u}pt, y=${u}pt, every node/.style={font=\\normalsize, inner sep=1pt}, tgop/.style={circle, draw=black!75, fill=white, inner sep=1.5pt, minimum size=17pt, font=\\normalsize}, tgword/.style={rectangle, rounded corners=8pt, draw=black!75, fill=white, inner xsep=4pt, inner ysep=1.5pt, minimum height=17pt, font=\\normalsize}, tgname/.style={font=\\normalsize}, tgwire/.style={draw=black!75, line width=0.5pt}, tgback/.style={draw=red!70!black, dashed}, tgvalue/.style={text=green!45!black}, tggrad/.style={text=red!75!black}, tgpartial/.style={text=blue!60!black}]`,
  ];
  const nameOf = (n: PictureNode) => `$${n.name!.latex}$${n.number !== undefined ? `~{\\color{black!60}(${n.number})}` : ''}`;
  for (const n of pic.nodes) {
    const p = pos.get(n.id);
    if (!p) continue;
    switch (n.shape) {
      case 'op': {
        out.push(`  \\node[${wordSymbol(n.symbol!.text) ? 'tgword' : 'tgop'}${n.backward ? ', draw=red!70!black, dashed, text=red!70!black' : ''}] (${n.id}) at ${at(p)} {$${symbolLatex(n.symbol!.text)}$};`);
        if (n.name) out.push(`  \\node[tgname${n.backward ? ', text=red!70!black' : ''}] at ${at(p.xl ?? { x: p.x, y: p.y - p.h / 2 - 8 })} {${nameOf(n)}};`);
        break;
      }
      case 'leaf':
        out.push(`  \\node[tgname${n.leaf === 'variable' ? ', text=blue!60!black' : ''}] (${n.id}) at ${at(p)} {${n.name ? nameOf(n) : `$${n.symbol!.latex}$`}};`);
        break;
      case 'wire': {
        const w0 = n.wire!;
        // Top to bottom, a labelled wire runs down the left side of its label's room.
        const side = vertical && (w0.value !== undefined || w0.grad !== undefined || w0.partial !== undefined);
        out.push(`  \\coordinate (${n.id}) at ${at(side ? { x: p.x - p.w / 2, y: p.y } : p)};`);
        const w = n.wire!;
        const partial = w.partial ? [`\\textcolor{blue!60!black}{$${w.partial.latex}$}`] : [];
        const value = w.value ? [`\\textcolor{green!45!black}{$${w.value.latex}$}`] : [];
        const grad = w.grad ? [`\\textcolor{red!75!black}{$${w.grad.latex}$}`] : [];
        if (vertical) {
          // Top to bottom: beside the wire on one line, the value then the gradient.
          const line = [...partial, ...value, ...grad];
          if (line.length) out.push(`  \\node[anchor=west, xshift=2pt${stacked(pic, w) ? ', align=left' : ''}] at (${n.id}) {${line.join(stacked(pic, w) ? '\\\\{}' : '\\enspace ')}};`);
          break;
        }
        const above = [...partial, ...value];
        if (above.length) out.push(`  \\node[anchor=south, yshift=1pt, align=center] at (${n.id}) {${above.join('\\\\{}')}};`);
        if (grad.length) out.push(`  \\node[anchor=north, yshift=-1pt] at (${n.id}) {${grad[0]}};`);
        break;
      }
      case 'out':
        out.push(`  \\coordinate (${n.id}) at ${at(p)};`);
        break;
      case 'scope':
        out.push(`  \\node[draw=black!55, fill=blue!4, rounded corners, align=center, inner sep=3pt] (${n.id}) at ${at(p)} {${n.lines.map(tikzText).join('\\\\{}')}};`);
        break;
      default:
        out.push(`  \\node[text=black!60${n.backward ? ', text=red!70!black' : ''}] (${n.id}) at ${at(p)} {${tikzText(n.lines.join(' '))}};`);
    }
  }
  const edges = new Map(pic.edges.map((q) => [`${q.from}>${q.to}`, q]));
  // TikZ counts a curve's control points into the figure's size, and a wire that bends round
  // the graph has them far outside it: the wires are drawn as overlays and the figure is given
  // the extent of the curves themselves (sampled), so that its natural size is what is drawn.
  let cx0 = Infinity, cx1 = -Infinity, cy0 = Infinity, cy1 = -Infinity;
  const extend = (q: Point) => {
    cx0 = Math.min(cx0, q.x);
    cx1 = Math.max(cx1, q.x);
    cy0 = Math.min(cy0, q.y);
    cy1 = Math.max(cy1, q.y);
  };
  for (const e of layout.edges ?? []) {
    const from = byGvid.get(e.tail), to = byGvid.get(e.head);
    if (from === undefined || to === undefined || !e.pos) continue;
    const edge = edges.get(`${from}>${to}`);
    if (!edge) continue;
    const { points, end } = splineOf(e.pos);
    if (points.length < 4) continue;
    let path = at(points[0]!);
    extend(points[0]!);
    for (let k = 1; k + 2 < points.length; k += 3) {
      path += ` .. controls ${at(points[k]!)} and ${at(points[k + 1]!)} .. ${at(points[k + 2]!)}`;
      for (let t = 0.125; t <= 1; t += 0.125) extend(bezier(points[k - 1]!, points[k]!, points[k + 1]!, points[k + 2]!, t));
    }
    if (end) {
      path += ` -- ${at(end)}`;
      extend(end);
    }
    const style = edge.backward ? 'tgback' : 'tgwire';
    out.push(`  \\draw[${style}, overlay${edge.arrow === false || !end ? '' : ', -stealth'}] ${path};`);
  }
  if (Number.isFinite(cx0)) out.push(`  \\path ${at({ x: cx0 - 2, y: cy0 - 2 })} rectangle ${at({ x: cx1 + 2, y: cy1 + 2 })};`);
  out.push('\\end{tikzpicture}');
  return out.join('\n');
}
