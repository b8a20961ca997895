import { HelmInputError, didYouMean } from './common/errors';

/**
 * A name → implementation table, HELM's way of making 200+ scenarios manageable: built-ins and
 * plugins register through the same `register`, and lookups of unknown names fail with a message
 * that says what kind of thing was asked for and what is close.
 */
export class Registry<T> {
  private readonly entries = new Map<string, { value: T; source: string }>();

  /** `kind` names the entries in messages ("scenario class", "metric class", …). */
  constructor(readonly kind: string) {}

  /**
   * Adds `name`. A name registers once: a second registration (a plugin reusing a built-in's name,
   * or one plugin loaded twice) is an error naming both sources rather than a silent override.
   */
  register(name: string, value: T, source = 'helm-ts'): void {
    if (name.length === 0) throw new HelmInputError(`A ${this.kind} needs a non-empty name (registered by ${source})`);
    const existing = this.entries.get(name);
    if (existing !== undefined) {
      throw new HelmInputError(`${this.kind} ${JSON.stringify(name)} is already registered (by ${existing.source}); ${source} cannot register it again`);
    }
    this.entries.set(name, { value, source });
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  get(name: string): T | undefined {
    return this.entries.get(name)?.value;
  }

  /** The entry, or a HelmInputError naming the kind, the unknown name and close names. */
  require(name: string, hint = ''): T {
    const entry = this.entries.get(name);
    if (entry !== undefined) return entry.value;
    throw new HelmInputError(`Unknown ${this.kind} ${JSON.stringify(name)}.${didYouMean(name, this.names())}${hint}`);
  }

  /** Who registered `name` ("helm-ts" for built-ins, a plugin's module otherwise). */
  sourceOf(name: string): string | undefined {
    return this.entries.get(name)?.source;
  }

  /** Names in registration order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  values(): T[] {
    return [...this.entries.values()].map((entry) => entry.value);
  }
}
