/**
 * HELM's instruction grammars (helm/benchmark/scenarios/grammar.py): rules `category → expansion`,
 * where an expansion's text names other categories as `${Category}`. Every derivation from `Root`
 * is one prompt; tags from the rules and expansions used let a run keep a subset.
 */
import YAML, { type ScalarTag } from 'yaml';
import { z } from 'zod';
import { HelmInputError } from '../common/errors';

export const ROOT_CATEGORY = 'Root';

/** The YAML file as HELM's dacite reads it (a text that PyYAML reads as a boolean or number fails, as there). */
export const GrammarFile = z.object({
  rules: z.array(
    z.object({
      category: z.string(),
      expansions: z.array(z.object({ text: z.string(), tags: z.array(z.string()).default([]) })),
      tags: z.array(z.string()).default([]),
    }),
  ),
});
export type Grammar = z.infer<typeof GrammarFile>;
type Rule = Grammar['rules'][number];
type Expansion = Rule['expansions'][number];

/** A parse-tree node: a leaf holds text, an inner node the tags of the rule and expansion it used. */
export type Derivation = { value: string; tags: string[] } | { children: Derivation[]; tags: string[] };

/** PyYAML's YAML 1.1 booleans: yes/no, true/false, on/off in three casings; `y` and `n` stay text (the spec's 1.1 schema would make them booleans). */
const PYYAML_BOOLEANS: ScalarTag[] = [
  { tag: 'tag:yaml.org,2002:bool', default: true, identify: (v) => v === true, test: /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/, resolve: () => true },
  { tag: 'tag:yaml.org,2002:bool', default: true, identify: (v) => v === false, test: /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/, resolve: () => false },
];

export function parseGrammar(text: string, file: string): Grammar {
  let raw: unknown;
  try {
    raw = YAML.parse(text, {
      version: '1.1',
      customTags: (tags) => [...PYYAML_BOOLEANS, ...tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:bool')],
    });
  } catch (error) {
    throw new HelmInputError(`${file}: not valid YAML (${(error as Error).message})`);
  }
  const parsed = GrammarFile.safeParse(raw);
  if (!parsed.success) throw new HelmInputError(`${file}: not a grammar ({rules: [{category, expansions: [{text, tags?}], tags?}]}): ${parsed.error.message}`);
  return parsed.data;
}

/** `${Name}` → `Name`; anything else is a terminal. */
export function categoryOf(text: string): string | undefined {
  return text.startsWith('${') && text.endsWith('}') ? text.slice(2, -1) : undefined;
}

/**
 * The expansion text split around `${word}` references, keeping them (and the empty strings at
 * the ends, as Python's re.split does). Python's \w is Unicode-aware: letters, digits, marks, underscore.
 */
export function expansionChildren(text: string): string[] {
  return text.split(/(\$\{[\p{L}\p{N}\p{M}_]+\})/u);
}

/** Categories referenced but never defined (HELM only warns; they expand to nothing). */
export function undefinedCategories(grammar: Grammar): string[] {
  const defined = new Set(grammar.rules.map((r) => r.category));
  const missing = grammar.rules.flatMap((r) =>
    r.expansions.flatMap((e) => expansionChildren(e.text).map(categoryOf).filter((c): c is string => c !== undefined && !defined.has(c))),
  );
  return [...new Set(missing)];
}

/** Every derivation from Root, in HELM's order: rules in file order, the cross product left to right. */
export function generateDerivations(grammar: Grammar): Derivation[] {
  const rulesByCategory = new Map<string, Rule[]>();
  for (const rule of grammar.rules) rulesByCategory.set(rule.category, [...(rulesByCategory.get(rule.category) ?? []), rule]);

  const expandCategory = (category: string): Derivation[] =>
    (rulesByCategory.get(category) ?? []).flatMap((rule) => rule.expansions.flatMap((expansion) => expandExpansion(rule, expansion)));

  const expandExpansion = (rule: Rule, expansion: Expansion): Derivation[] => {
    let partials: Derivation[][] = [[]];
    for (const item of expansionChildren(expansion.text)) {
      const category = categoryOf(item);
      const candidates: Derivation[] = category === undefined ? [{ value: item, tags: [] }] : expandCategory(category);
      partials = partials.flatMap((children) => candidates.map((child) => [...children, child]));
    }
    return partials.map((children) => ({ children, tags: [...rule.tags, ...expansion.tags] }));
  };

  return expandCategory(ROOT_CATEGORY);
}

/** The leaves' text, left to right. */
export function derivationValues(d: Derivation): string[] {
  return 'value' in d ? [d.value] : d.children.flatMap(derivationValues);
}

/** The tags of the node and all its descendants. */
export function derivationTags(d: Derivation): string[] {
  return 'value' in d ? [...d.tags] : [...d.tags, ...d.children.flatMap(derivationTags)];
}
