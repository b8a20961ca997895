import { postgresUnavailableReason } from '../../infra/local-postgres';

/**
 * Why the PostgreSQL tests of `label` are skipped here (printed), or undefined when they run.
 * With HELM_REQUIRE_POSTGRES=1 (.ci/run sets it, after installing Debian's postgresql) a missing
 * server fails the test file instead, so CI never passes with these tests silently skipped.
 */
export function postgresSkipReason(label: string): string | undefined {
  const reason = postgresUnavailableReason();
  if (reason === undefined) return undefined;
  if (process.env.HELM_REQUIRE_POSTGRES === '1') {
    throw new Error(`${label}: HELM_REQUIRE_POSTGRES=1 but the PostgreSQL tests cannot run: ${reason}`);
  }
  process.stdout.write(`SKIPPED ${label}: ${reason}\n`);
  return reason;
}
