import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from './search-attributes';

const { IndexedValueType } = temporal.api.enums.v1;
const TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
};

/** Search attributes of SEARCH_ATTRIBUTES the namespace does not have yet. */
export async function missingSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  return Object.keys(SEARCH_ATTRIBUTES).filter((name) => !(name in (customAttributes ?? {})));
}

/**
 * Makes sure the namespace has our search attributes: a workflow that sets an unknown one cannot
 * complete its workflow task and would be stuck. A dev server started by an older helm-ts lacks the
 * newer ones; they are added here. Returns the names still missing (adding needs operator rights).
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const missing = await missingSearchAttributes(connection, namespace);
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((name) => [name, TYPES[SEARCH_ATTRIBUTES[name]]])),
    });
  } catch {
    return missing;
  }
  // Visibility takes a moment to see new attributes.
  for (let i = 0; i < 50; i++) {
    const still = await missingSearchAttributes(connection, namespace);
    if (still.length === 0) return [];
    await new Promise((r) => setTimeout(r, 200));
  }
  return missingSearchAttributes(connection, namespace);
}
