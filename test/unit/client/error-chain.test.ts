import { describe, expect, it } from 'vitest';
import { errorChain } from '../../../client/cli-runner';

describe('errorChain (helm-run’s last-resort error line)', () => {
  it('names every cause, as a gRPC start failure hides its reason in the cause', () => {
    const grpc = new Error('3 INVALID_ARGUMENT: Blob data size exceeds limit.');
    const error = new Error('Failed to start Workflow', { cause: grpc });
    expect(errorChain(error)).toBe('Failed to start Workflow: 3 INVALID_ARGUMENT: Blob data size exceeds limit.');
  });

  it('skips repeated messages and handles non-errors', () => {
    expect(errorChain(new Error('boom', { cause: new Error('boom') }))).toBe('boom');
    expect(errorChain('plain')).toBe('plain');
  });
});
