import { CORRECT_TAG, type Instance, type Reference } from '../scenarios/schemas';

export function isCorrect(reference: Reference): boolean {
  return reference.tags.includes(CORRECT_TAG);
}

export function firstCorrectReference(instance: Instance): Reference | undefined {
  return instance.references.find(isCorrect);
}

export function allCorrectReferences(instance: Instance): Reference[] {
  return instance.references.filter(isCorrect);
}
