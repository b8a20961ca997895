import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmRun, runCli } from '../helpers/cli';
import { startRecordingServer, type RecordedCall } from '../helpers/fake-providers';
import { PROJECT_ROOT, SHARED_DATA, tempDir, testPort } from '../helpers/paths';

/**
 * HELM's Vertex AI deployments through the real helm-run, as a Google Cloud user runs them: a
 * service-account key in GOOGLE_APPLICATION_CREDENTIALS (its token_uri and the Vertex AI endpoint
 * point at a local fake Google), googleProjectId and googleLocation in credentials.conf.
 */

describe("Vertex AI deployments run with helm-run (HELM's VertexAIChatClient and VertexAITextClient)", () => {
  let work: string;
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  let base = '';
  let calls: RecordedCall[] = [];
  const port = String(testPort(17503));

  beforeAll(async () => {
    work = tempDir('vertexai');
    server = await startRecordingServer((url) => {
      if (url === '/token') return { access_token: 'ya29.e2e', expires_in: 3600, token_type: 'Bearer' };
      if (url.includes(':predict')) return { predictions: [{ content: ' B', safetyAttributes: { blocked: false } }] };
      return { candidates: [{ index: 0, content: { role: 'model', parts: [{ text: ' A' }] }, finishReason: 1 }] };
    });
    ({ base, calls } = server);

    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = {
      type: 'service_account',
      project_id: 'key-project',
      private_key_id: 'k1',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: 'helm@key-project.iam.gserviceaccount.com',
      token_uri: `${base}/token`,
    };
    fs.writeFileSync(path.join(work, 'key.json'), JSON.stringify(key));
    fs.mkdirSync(path.join(work, 'prod_env'), { recursive: true });
    fs.writeFileSync(
      path.join(work, 'prod_env', 'credentials.conf'),
      `googleProjectId: "e2e-project"\ngoogleLocation: "us-central1"\ngoogleVertexAIBaseUrl: "${base}"\n`,
    );
    // A PaLM 2 model under a tokenizer helm-ts has (HELM's own uses Vertex AI's network tokenizer).
    fs.writeFileSync(
      path.join(work, 'prod_env', 'model_deployments.yaml'),
      [
        'model_deployments:',
        '  - name: google/text-bison-cl100k',
        '    model_name: google/text-bison@001',
        '    tokenizer_name: openai/cl100k_base',
        '    max_sequence_length: 8192',
        '    client_spec:',
        '      class_name: helm.clients.vertexai_client.VertexAITextClient',
        '      args:',
        '        vertexai_model: text-bison@001',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await runCli(path.join(PROJECT_ROOT, 'bin', 'helm-temporal.js'), ['stop'], { cwd: work });
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const env = () => ({ GOOGLE_APPLICATION_CREDENTIALS: path.join(work, 'key.json'), GOOGLE_OAUTH_ACCESS_TOKEN: '', HELM_CREDENTIALS: '' });

  it('Gemini (generateContent) and PaLM 2 (predict) answer through one exchanged token', async () => {
    const entries = ['mmlu:subject=philosophy,model=google/gemini-pro-vision', 'mmlu:subject=philosophy,model=google/text-bison-cl100k'];
    const run = await helmRun(['-r', ...entries, '--suite', 'vx', '-m', '3', '--data-mirror', SHARED_DATA, '--temporal-port', port], { cwd: work, env: env(), timeoutMs: 240_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('2 run(s) completed, 0 skipped, 0 failed');

    const tokenCalls = calls.filter((c) => c.path === '/token');
    // One worker process: each deployment's client exchanges once.
    expect(tokenCalls.length).toBeGreaterThanOrEqual(1);
    expect(tokenCalls.length).toBeLessThanOrEqual(2);
    expect(new URLSearchParams(tokenCalls[0].body).get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const vertex = calls.filter((c) => c.path !== '/token');
    expect(vertex.every((c) => c.headers.authorization === 'Bearer ya29.e2e')).toBe(true);
    expect(vertex.filter((c) => c.path.startsWith('/v1beta1/projects/e2e-project/locations/us-central1/publishers/google/models/gemini-pro-vision:generateContent'))).toHaveLength(3);
    expect(vertex.filter((c) => c.path.startsWith('/v1/projects/e2e-project/locations/us-central1/publishers/google/models/text-bison%40001:predict'))).toHaveLength(3);

    const runs = path.join(work, 'benchmark_output', 'runs', 'vx');
    const completions = (runName: string) =>
      (
        JSON.parse(fs.readFileSync(path.join(runs, runName, 'scenario_state.json'), 'utf8')) as {
          request_states: Array<{ result: { success: boolean; completions: Array<{ text: string }> } }>;
        }
      ).request_states.map((rs) => rs.result.completions[0]?.text);
    expect(completions('mmlu:subject=philosophy,method=multiple_choice_joint,model=google_gemini-pro-vision')).toEqual([' A', ' A', ' A']);
    expect(completions('mmlu:subject=philosophy,method=multiple_choice_joint,model=google_text-bison@001')).toEqual([' B', ' B', ' B']);
  });

  it("HELM's own PaLM 2 deployments stop before the suite starts, at Vertex AI's network tokenizer", async () => {
    // Another folder: the prod_env above makes google/text-bison-cl100k text-bison@001's deployment.
    const elsewhere = tempDir('vertexai-palm');
    try {
      const run = await helmRun(['-r', 'mmlu:subject=philosophy,model=google/text-bison@001', '--suite', 'vx-palm', '-m', '3', '--data-mirror', SHARED_DATA, '--temporal-port', port], {
        cwd: elsewhere,
        env: { ...env(), HELM_CREDENTIALS: 'googleProjectId: p' },
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('tokenizer class helm.tokenizers.vertexai_tokenizer.VertexAITokenizer is not implemented');
      expect(fs.existsSync(path.join(elsewhere, 'prod_env', 'temporal'))).toBe(false);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
