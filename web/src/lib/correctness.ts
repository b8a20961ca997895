/** The stats that decide a prediction's badge; the first present in the prediction's own key order wins. */
const BADGE_STATS = ['quasi_exact_match', 'toxic_frac', 'safety_score', 'exact_match'];

/**
 * HELM's correctness badge: walk the prediction's stats in stored order, take the first of the
 * badge stats; correct iff ≥ 0.5 (toxic_frac: lower is better, correct iff < 0.5). null = no badge.
 */
export function predictionCorrectness(stats: Record<string, number>): { stat: string; correct: boolean } | null {
  for (const [name, value] of Object.entries(stats)) {
    if (!BADGE_STATS.includes(name)) continue;
    return { stat: name, correct: name === 'toxic_frac' ? value < 0.5 : value >= 0.5 };
  }
  return null;
}
