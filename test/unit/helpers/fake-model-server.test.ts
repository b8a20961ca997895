import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeAnswer, serveFakeModel, type FakeModelStats } from '../../helpers/fake-model-server';

// The fake model is the model-side truth of the durability tests and the "model" of bench-scale's
// fleet mode, so its counting and its capacity limit are tested on their own.
describe('fake OpenAI-compatible model server', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function complete(port: number, prompt: string): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${port}/v1/completions`, { method: 'POST', body: JSON.stringify({ model: 'echo', prompt }) });
    const body = (await response.json()) as { choices: Array<{ text: string }> };
    return body.choices[0].text;
  }
  const stats = async (port: number): Promise<FakeModelStats> => (await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as FakeModelStats;

  it('answers deterministically and counts calls per distinct body', async () => {
    const started = await serveFakeModel();
    server = started.server;
    expect(await complete(started.port, 'Q1')).toBe(fakeAnswer('Q1').text);
    await complete(started.port, 'Q1');
    await complete(started.port, 'Q2');
    expect(await stats(started.port)).toMatchObject({ calls: 3, distinct: 2, repeated: 1, maxPerBody: 2, inFlight: 0 });
  });

  it('serves at most `capacity` requests at once and queues the rest in order', async () => {
    const started = await serveFakeModel(0, 50, 2);
    server = started.server;
    const prompts = ['a', 'b', 'c', 'd', 'e'];
    const answers = await Promise.all(prompts.map((p) => complete(started.port, p)));
    expect(answers).toEqual(prompts.map((p) => fakeAnswer(p).text));
    const s = await stats(started.port);
    expect(s.maxInFlight).toBe(5);
    expect(s.maxServing).toBe(2);
    expect(s).toMatchObject({ calls: 5, inFlight: 0 });
  });

  it('takes a new capacity from POST /config', async () => {
    const started = await serveFakeModel(0, 30);
    server = started.server;
    const config = await (await fetch(`http://127.0.0.1:${started.port}/config`, { method: 'POST', body: JSON.stringify({ capacity: 1 }) })).json();
    expect(config).toEqual({ delayMs: 30, capacity: 1 });
    await Promise.all(['x', 'y', 'z'].map((p) => complete(started.port, p)));
    expect((await stats(started.port)).maxServing).toBe(1);
  });
});
