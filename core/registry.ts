import { HelmInputError, didYouMean } from './common/errors';

/** Every registry, so a plugin that fails half-way can be rolled back everywhere. */
const ALL_REGISTRIES: Array<Registry<unknown>> = [];

/** Who is registering now: set while a plugin module is imported, so its registrations name it. */
let currentSource: string | undefined;

/**
 * Runs `load` with `source` as the default source of every registration it makes (a plugin's
 * `registerScenario(...)` without a source then names the plugin in messages). If `load` throws or
 * rejects, every registration made under `source` is removed again, so a plugin that fails
 * half-way leaves nothing behind.
 */
export async function withRegistrationSource<T>(source: string, load: () => Promise<T>): Promise<T> {
  const previous = currentSource;
  currentSource = source;
  try {
    return await load();
  } catch (error) {
    for (const registry of ALL_REGISTRIES) registry.removeSource(source);
    throw error;
  } finally {
    currentSource = previous;
  }
}

/**
 * A name → implementation table, HELM's way of making 200+ scenarios manageable: built-ins and
 * plugins register through the same `register`, and lookups of unknown names fail with a message
 * that says what kind of thing was asked for and what is close.
 */
export class Registry<T> {
  private readonly entries = new Map<string, { value: T; source: string }>();

  /** `kind` names the entries in messages ("scenario class", "metric class", …). */
  constructor(readonly kind: string) {
    ALL_REGISTRIES.push(this as Registry<unknown>);
  }

  /**
   * Adds `name`. A name registers once: a second registration (a plugin reusing a built-in's name,
   * or one plugin loaded twice) is an error naming both sources rather than a silent override.
   */
  register(name: string, value: T, source: string = currentSource ?? 'helm-ts'): void {
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

  /** Removes every entry `source` registered (a plugin that failed to load). */
  removeSource(source: string): void {
    for (const [name, entry] of this.entries) if (entry.source === source) this.entries.delete(name);
  }

  /** Names with who registered them, in registration order. */
  entriesWithSource(): Array<{ name: string; value: T; source: string }> {
    return [...this.entries].map(([name, entry]) => ({ name, value: entry.value, source: entry.source }));
  }

  /** Names in registration order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  values(): T[] {
    return [...this.entries.values()].map((entry) => entry.value);
  }
}
