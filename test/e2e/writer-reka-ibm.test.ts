import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmRun, runCli } from '../helpers/cli';
import { startRecordingServer, type RecordedCall } from '../helpers/fake-providers';
import { PROJECT_ROOT, SHARED_DATA, tempDir, testPort } from '../helpers/paths';

/**
 * Writer's Palmyra, Reka and IBM watsonx deployments through the real helm-run, against a local
 * fake of each provider (credentials.conf points the clients at it), as a user with keys runs them.
 */

describe('Writer, Reka and IBM watsonx deployments run with helm-run', () => {
  let work: string;
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  let base = '';
  let calls: RecordedCall[] = [];
  const port = String(testPort(17563));

  beforeAll(async () => {
    work = tempDir('writer-reka-ibm');
    server = await startRecordingServer((url) => {
      if (url === '/identity/token') return { access_token: 'eyJ.e2e.token', expires_in: 3600 };
      if (url.startsWith('/llm/organization/3002/')) return { choices: [{ text: ' A' }] };
      if (url === '/chat') return { type: 'model', text: ' B\nQuestion' };
      if (url.startsWith('/ml/v1/text/chat')) return { choices: [{ message: { content: ' C' }, logprobs: { content: [{ token: ' C', logprob: -0.5 }] } }] };
      return { results: [{ generated_text: ' D', generated_tokens: [{ text: ' D', logprob: -0.25 }] }] };
    });
    ({ base, calls } = server);
    fs.mkdirSync(path.join(work, 'prod_env'), { recursive: true });
    fs.writeFileSync(
      path.join(work, 'prod_env', 'credentials.conf'),
      [
        'writerApiKey: "wk"',
        `writerBaseUrl: "${base}"`,
        'rekaApiKey: "rk"',
        `rekaBaseUrl: "${base}"`,
        'ibmApiKey: "ik"',
        `ibmIamUrl: "${base}/identity/token"`,
        `ibmLocation: [{region: "Dallas", url: "${base}", project_id: "e2e-project"}]`,
        '',
      ].join('\n'),
    );
    // IBM's own deployments name Hugging Face Hub tokenizers (not local here): the same clients under cl100k_base.
    const ibm = (name: string, model: string, className: string, watsonx: string) => [
      `  - name: ${name}`,
      `    model_name: ${model}`,
      '    tokenizer_name: openai/cl100k_base',
      '    max_sequence_length: 128000',
      '    client_spec:',
      `      class_name: helm.clients.ibm_client.${className}`,
      '      args:',
      `        watsonx_model_name: ${watsonx}`,
      '        region: Dallas',
    ];
    fs.writeFileSync(
      path.join(work, 'prod_env', 'model_deployments.yaml'),
      [
        'model_deployments:',
        ...ibm('ibm/granite-3-8b-instruct-cl100k', 'ibm/granite-3.1-8b-instruct', 'IbmChatClient', 'ibm/granite-3-8b-instruct'),
        ...ibm('ibm/granite-8b-code-instruct-cl100k', 'ibm/granite-8b-code-instruct', 'IbmTextClient', 'ibm/granite-8b-code-instruct'),
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await runCli(path.join(PROJECT_ROOT, 'bin', 'helm-temporal.js'), ['stop'], { cwd: work });
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('Palmyra, Reka, watsonx chat and text answer MMLU questions', async () => {
    const entries = ['writer/palmyra-x-v3', 'reka/reka-flash', 'ibm/granite-3.1-8b-instruct', 'ibm/granite-8b-code-instruct'].map(
      (model) => `mmlu:subject=philosophy,model=${model}`,
    );
    const run = await helmRun(['-r', ...entries, '--suite', 'wri', '-m', '2', '--data-mirror', SHARED_DATA, '--temporal-port', port], {
      cwd: work,
      env: { HELM_CREDENTIALS: '' },
      timeoutMs: 300_000,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('4 run(s) completed, 0 skipped, 0 failed');

    const palmyra = calls.filter((c) => c.path === '/llm/organization/3002/model/palmyra-x-v3/completions');
    expect(palmyra).toHaveLength(2);
    expect(palmyra[0].headers.authorization).toBe('Bearer wk');
    const reka = calls.filter((c) => c.path === '/chat');
    expect(reka).toHaveLength(2);
    expect(reka[0].headers['x-api-key']).toBe('rk');
    expect(calls.filter((c) => c.path === '/identity/token')).not.toHaveLength(0);
    const watsonx = calls.filter((c) => c.path.startsWith('/ml/v1/text/'));
    expect(watsonx).toHaveLength(4);
    expect(watsonx.every((c) => c.headers.authorization === 'Bearer eyJ.e2e.token')).toBe(true);

    const runs = path.join(work, 'benchmark_output', 'runs', 'wri');
    const completions = (model: string) =>
      (
        JSON.parse(fs.readFileSync(path.join(runs, `mmlu:subject=philosophy,method=multiple_choice_joint,model=${model}`, 'scenario_state.json'), 'utf8')) as {
          request_states: Array<{ result: { completions: Array<{ text: string }> } }>;
        }
      ).request_states.map((rs) => rs.result.completions[0]?.text);
    expect(completions('writer_palmyra-x-v3')).toEqual([' A', ' A']);
    // Reka's text is cut at the stop sequence "\n".
    expect(completions('reka_reka-flash')).toEqual([' B', ' B']);
    expect(completions('ibm_granite-3.1-8b-instruct')).toEqual([' C', ' C']);
    expect(completions('ibm_granite-8b-code-instruct')).toEqual([' D', ' D']);
  });
});
