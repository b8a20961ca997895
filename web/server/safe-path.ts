import fs from 'node:fs';
import path from 'node:path';

/**
 * Maps a URL path (below a route prefix, still percent-encoded) to a file inside `root`, or null
 * when it would leave the tree: `..` segments (also percent-encoded), absolute or drive paths,
 * NUL bytes, backslashes, malformed escapes, and symlinks whose target lies outside `root`.
 */
export function resolveInside(root: string, encodedPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encodedPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..' || /^[A-Za-z]:/.test(s))) return null;
  const candidate = path.join(root, ...segments);
  let realRoot: string;
  let realCandidate: string;
  try {
    realRoot = fs.realpathSync(root);
    realCandidate = fs.realpathSync(candidate);
  } catch {
    return null; // missing file (or root): the caller answers 404
  }
  const relative = path.relative(realRoot, realCandidate);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return realCandidate;
}
