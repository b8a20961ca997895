export interface Route {
  /** Decoded path segments after `#/`: `#/runs/a%3Ab` → ['runs', 'a:b']. */
  segments: string[];
  query: Record<string, string>;
}

/** Parses the hash part of the URL (HELM's frontend uses a hash router: `/#/leaderboard/mmlu`). */
export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const queryAt = body.indexOf('?');
  const pathPart = queryAt >= 0 ? body.slice(0, queryAt) : body;
  const queryPart = queryAt >= 0 ? body.slice(queryAt + 1) : '';
  const segments = pathPart
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(queryPart)) query[key] = value;
  return { segments, query };
}

/** Builds `#/<segments>?<query>`, encoding each segment. */
export function buildHash(segments: string[], query: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const q = params.toString();
  return `#/${segments.map((s) => encodeURIComponent(s)).join('/')}${q ? `?${q}` : ''}`;
}
