import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** dev-server.json files (infra/dev-server.ts) under `dir`: servers a failed test may have left running. */
function recordedServers(dir: string, depth = 6): string[] {
  if (depth < 0) return [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isFile() && e.name === 'dev-server.json') return [full];
    return e.isDirectory() && !e.isSymbolicLink() ? recordedServers(full, depth - 1) : [];
  });
}

/**
 * Every test's temporary folders (tempDir(), mkdtemp in tests, the CLIs and dev servers they start)
 * go under one folder for the whole run, removed at the end together with any dev server a failed
 * test left running: a test run leaves nothing in /tmp.
 */
export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = fs.mkdtempSync(path.join(previous ?? os.tmpdir(), 'helm-ts-tests-'));
  // Traversable by other accounts: as root, the PostgreSQL tests run the server as `postgres`
  // (it refuses root), which must reach its own folder under this one.
  fs.chmodSync(root, 0o711);
  process.env.TMPDIR = root;
  return () => {
    for (const record of recordedServers(root)) {
      try {
        const { pid } = JSON.parse(fs.readFileSync(record, 'utf8')) as { pid: number };
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    fs.rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
