/**
 * Escaping text for Markdown (CommonMark and GitHub's flavour, math included).
 * @module
 */
import { visibleText } from './label.js';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text that Markdown shows as written: no HTML tag, entity, emphasis, link, code span, table
 * cell or math can start inside it (`<script>` shows as `<script>`, `$x$` as `$x$`).
 * Control characters are made visible first, so text never breaks a line.
 */
export function markdownText(s: string): string {
  return visibleText(s).replace(/[&<>]/g, (c) => ENTITIES[c]!).replace(/[\\`*_[\]$|~]/g, (c) => `\\${c}`);
}
