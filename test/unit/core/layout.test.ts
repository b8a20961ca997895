import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const CORE = path.join(ROOT, 'core');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(dir, file));
}

/** Every module specifier a file imports, requires or re-exports. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:\bfrom|\bimport|\brequire\s*\(|\bimport\s*\()\s*['"]([^'"]+)['"]/g)) found.push(m[1]);
  return found;
}

describe('core/ is the Temporal-free engine', () => {
  const files = sourceFiles(CORE);

  it('has sources', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('imports no Temporal package', () => {
    const offenders = files.filter((file) => specifiers(fs.readFileSync(file, 'utf8')).some((s) => s.startsWith('@temporalio/')));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('imports nothing from the Temporal side of the tree (activities, workflows, workers, client, infra)', () => {
    const outside = ['activities', 'workflows', 'workers', 'client', 'infra', 'web'].map((d) => path.join(ROOT, d) + path.sep);
    const offenders: string[] = [];
    for (const file of files) {
      for (const spec of specifiers(fs.readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), spec);
        if (outside.some((dir) => target.startsWith(dir))) offenders.push(`${path.relative(ROOT, file)} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
