/**
 * Options of the renderers and of explain are checked, and an error names the function that
 * was called (hostile review: `explain(y, { values: 'yes' })`, `toDot(y, { collapse: ['nope'] })`
 * were accepted; toTikz's and toSvg's errors began with "toDot:").
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

describe('renderer options', () => {
  const x = tg.variable('x', 2), w = tg.variable('w', -3);
  const y = tg.sigmoid(w.mul(x)).as('a');

  it('explain: values and warn are booleans', () => {
    expect(() => tg.explain(y, { values: 'yes' as never })).toThrow(/^explain: values must be true or false; got "yes"$/);
    expect(() => tg.explain(y, { warn: 'no' as never })).toThrow(/^explain: warn must be true or false; got "no"$/);
    expect(tg.explain(y, { values: false, warn: false }).toText()).toContain('a = σ(w·x)');
  });

  it('toDot: values, grads and edgePartials are booleans; collapse names scopes the graph has', () => {
    for (const flag of ['values', 'grads', 'edgePartials']) expect(() => tg.toDot(y, { [flag]: 1 })).toThrow(new RegExp(`^toDot: ${flag} must be true or false; got 1$`));
    expect(() => tg.toDot(y, { collapse: ['nope'] })).toThrow(/^toDot: collapse names scopes the graph does not have: "nope"; its scopes: none/);
    const z = tg.scope('layer1', () => tg.scope('dense', () => tg.tanh(w.mul(x))));
    expect(tg.toDot(z, { collapse: ['layer1'] })).toMatch(/^digraph/);
    expect(tg.toDot(z, { collapse: ['layer1/dense'] })).toMatch(/^digraph/);
    expect(() => tg.toDot(z, { collapse: ['layer2'] })).toThrow(/its scopes: "layer1\/dense", "layer1"$/);
  });

  it('toTikz and toSvg name themselves in their errors', async () => {
    await expect(tg.toTikz(y, { style: 'bogus' as never })).rejects.toThrow(/^toTikz: style must be one of 'teaching', 'debug'; got "bogus"$/);
    await expect(tg.toSvg(y, { style: 'bogus' as never })).rejects.toThrow(/^toSvg: style must be one of 'teaching', 'debug'; got "bogus"$/);
    await expect(tg.toSvg(y, { values: 1 as never })).rejects.toThrow(/^toSvg: values must be true or false; got 1$/);
  });
});
