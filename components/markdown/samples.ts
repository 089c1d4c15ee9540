/**
 * Markdown inputs for the parser's tests and for bench/markdown.ts (never imported by the
 * views): the shapes an attacker would send to make parsing slow, and ordinary chat text made
 * from a seed, so a failure shows the same input on every machine.
 */

export { prng } from '../../bench/notes-gen';

/** `unit` repeated, cut to exactly `n` characters. */
const fill = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

/** Backtick runs of decreasing length, none closed by a later one (each run is longer than all after it). */
function fallingTicks(n: number): string {
  let k = Math.floor(Math.sqrt(2 * n));
  let s = 'a';
  while (k > 0 && s.length + k + 1 <= n) s += `${'`'.repeat(k--)} `;
  return s.padEnd(n, 'a');
}

/** List items each one level deeper than the one before, as far as `n` characters go. */
function deepList(n: number): string {
  let s = '';
  for (let d = 0; s.length < n; d = (d + 1) % 40) s += `${'  '.repeat(d)}- item *${d}*\n`;
  return s.slice(0, n);
}

export interface Shape {
  name: string;
  /** A message of exactly `n` characters. */
  make(n: number): string;
}

/** Messages built to make a careless parser slow (a message may be up to MAX_MESSAGE characters). */
export const ADVERSARIAL: Shape[] = [
  { name: '`_a ` repeated (emphasis never closed)', make: (n) => fill('_a ', n) },
  { name: '`*a ` repeated', make: (n) => fill('*a ', n) },
  { name: '`**a ` repeated', make: (n) => fill('**a ', n) },
  { name: '`~~a ` repeated', make: (n) => fill('~~a ', n) },
  { name: '`*_~~**a ` repeated (every delimiter, none closed)', make: (n) => fill('*_~~**a ', n) },
  { name: 'one run of `*` after a letter', make: (n) => `a${'*'.repeat(n - 1)}` },
  { name: 'one run of backticks after a letter, never closed', make: (n) => `a${'`'.repeat(n - 1)}` },
  { name: 'backtick runs of falling length, never closed', make: fallingTicks },
  { name: 'nested brackets `[[[[`', make: (n) => fill('[', n) },
  { name: '`[a](` repeated (links never closed)', make: (n) => fill('[a](', n) },
  { name: '`[a](b "` repeated (link titles never closed)', make: (n) => fill('[a](b "', n) },
  { name: 'labels of 499 characters with 2,040-character addresses, never closed', make: (n) => fill(`[${'a'.repeat(499)}](${'b'.repeat(2040)}`, n) },
  { name: 'a run of backslashes', make: (n) => fill('\\', n) },
  { name: 'refused bare addresses `http://^` repeated', make: (n) => fill('http://^', n) },
  { name: 'addresses glued to words `ahttp://` repeated', make: (n) => fill('ahttp://', n) },
  { name: 'many links', make: (n) => fill('[a link](https://nook.example/a/b?c=d) ', n) },
  { name: 'many bare addresses', make: (n) => fill('https://nook.example/a/b?c=d, ', n) },
  { name: 'a heading of `# # # #`', make: (n) => `# ${fill('# ', n - 3)}x` },
  { name: 'a list item of spaces ending in U+2028', make: (n) => `- ${' '.repeat(n - 3)}\u2028` },
  { name: 'a fence line of backticks ending in U+2028', make: (n) => `${'`'.repeat(n - 1)}\u2028` },
  { name: 'deep block quotes', make: (n) => fill(`${'> '.repeat(30)}quoted *text*\n`, n) },
  { name: 'quotes and lists nested in turn', make: (n) => fill(`${'> - '.repeat(20)}item\n`, n) },
  { name: 'deeper and deeper list items', make: deepList },
];

const WORDS = (
  'the and to a of it is my that for this was with but on not so you have just be at if or as after ' +
  'dough starter proof crumb flour oven loaf bake yarn stitch gauge chord fret capo tempo pace run ' +
  'pandas dataframe groupby index merge shader sprite godot crème brûlée façade naïve jalapeño Zürich ' +
  'São Paulo 12 3 2024 v1.2 e.g. 50% $5 :) 🙂 👍🏽 天然酵母 練習 水彩画 مرحبا شكرا'
).split(' ');

/** Ordinary chat: what members type, mistakes included (a lone star, snake_case, an unclosed tick). */
export function ordinaryMarkdown(rand: () => number, length = 400): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const words = (k: number) => Array.from({ length: 1 + Math.floor(rand() * k) }, () => pick(WORDS)).join(' ');
  const inline = (): string => {
    const r = rand();
    if (r < 0.55) return words(4);
    const w = words(3);
    return pick([
      `**${w}**`,
      `*${w}*`,
      `_${w}_`,
      `~~${w}~~`,
      `__${w}__`,
      `**${words(2)} _${w}_ ${words(1)}**`,
      `*${words(2)} **${w}***`,
      `\`${w}\``,
      `\`\`a \` b\`\``,
      `[${w}](https://nook.example/${pick(WORDS).length}/page?q=${Math.floor(rand() * 100)})`,
      `[${w}](<https://nook.example/with space>)`,
      `[${w}](https://nook.example/t "a title")`,
      `[${w}](javascript:alert(1))`,
      `[mail](mailto:someone@nook.example)`,
      `see https://nook.example/${pick(WORDS).length}/x.`,
      `(https://nook.example/in-parens)`,
      `\\*not emphasis\\*`,
      'snake_case_name',
      '2 * 3 = 6',
      'a_b and c*d',
      'file_name.txt',
      `"${w}"`,
      `${w}, ${words(2)}!`,
      `${w}?`,
      `*${w}`,
      `\`unclosed ${w}`,
      '**',
      '<b>not html</b>',
      'price: 5 - 3',
      `${w}\\`,
    ]);
  };
  const line = () => Array.from({ length: 1 + Math.floor(rand() * 4) }, inline).join(' ');
  const block = (): string => {
    const r = rand();
    if (r < 0.45) return Array.from({ length: 1 + Math.floor(rand() * 3) }, line).join('\n');
    if (r < 0.52) return `${'#'.repeat(1 + Math.floor(rand() * 3))} ${line()}`;
    if (r < 0.64) {
      const ordered = rand() < 0.4;
      return Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, k) => `${rand() < 0.2 ? '  ' : ''}${ordered ? `${k + 1}.` : pick(['-', '*', '+'])} ${line()}`).join('\n');
    }
    if (r < 0.74) return Array.from({ length: 1 + Math.floor(rand() * 3) }, () => `${rand() < 0.2 ? '> > ' : '> '}${line()}`).join('\n');
    if (r < 0.8) return `\`\`\`${rand() < 0.5 ? 'js' : ''}\nconst a = "<b>" * 2;\n  return _x_;\n\`\`\``;
    if (r < 0.83) return pick(['---', '***', '___', '- - -']);
    return line();
  };
  let s = block();
  while (s.length < length) s += `${rand() < 0.8 ? '\n\n' : '\n'}${block()}`;
  return s;
}
