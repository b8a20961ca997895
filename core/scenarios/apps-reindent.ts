import { isPyWhitespace } from '../metrics/py-text';

/**
 * The APPS repository's reindent script as HELM runs it on every solution (`_reindent_code`):
 * the first indented line fixes the indentation unit (spaces, or tabs if it starts with a tab),
 * and every line's leading units become tabs (`tabs=True`, so `to` has no effect). Lines before
 * that unit is known stay as they are; every line comes out ending in "\n", the "\r\n" or "\n"
 * it ended with (a lone "\r" too) stripped first.
 */
export function reindentApps(code: string): string {
  let from = -1;
  let isTabs = false;
  let indent = '';
  let newIndent = '';
  const out: string[] = [];
  // io.StringIO.readline: lines end at "\n" only.
  const lines = code.split(/(?<=\n)/).filter((l) => l !== '');
  for (const raw of lines) {
    const line = raw.replace(/[\r\n]+$/, '');
    if (from < 0) {
      // _find_indentation: an indented line that is not only whitespace.
      if (line.length > 0 && (line[0] === ' ' || line[0] === '\t') && ![...line].every(isPyWhitespace)) {
        if (line[0] === '\t') isTabs = true;
        let i = 0;
        while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
        from = i;
      }
      if (from < 0) {
        out.push(`${line}\n`);
        continue;
      }
      indent = (isTabs ? '\t' : ' ').repeat(from);
      newIndent = '\t';
    }
    let level = 0;
    while (line.slice(0, indent.length * (level + 1)) === indent.repeat(level + 1)) level++;
    out.push(`${newIndent.repeat(level)}${line.slice(indent.length * level)}\n`);
  }
  return out.join('');
}
