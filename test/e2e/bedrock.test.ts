import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signV4 } from '../../core/models/clients/amazon/sigv4';
import { helmRun, runCli } from '../helpers/cli';
import { PROJECT_ROOT, SHARED_DATA, tempDir, testPort } from '../helpers/paths';

/**
 * HELM's Bedrock deployments through the real helm-run, as an AWS user runs them: keys and region
 * in the environment, boto3's AWS_ENDPOINT_URL_BEDROCK_RUNTIME pointing at a local fake Bedrock
 * that checks every request's SigV4 signature.
 */

interface Call {
  path: string;
  signatureValid: boolean;
  body: string;
}

const SECRET = 'e2e-secret-access-key';

/** Whether the request carries the signature of the e2e keys (recomputed from what arrived). */
function validSignature(req: http.IncomingMessage, url: string, body: string): boolean {
  const date = String(req.headers['x-amz-date'] ?? '');
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  if (!match) return false;
  const now = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`);
  const expected = signV4({
    method: 'POST',
    url,
    headers: { 'content-type': String(req.headers['content-type']), accept: String(req.headers.accept) },
    body,
    region: 'us-east-1',
    service: 'bedrock',
    credentials: { accessKeyId: 'AKIDE2E', secretAccessKey: SECRET },
    now,
  });
  return req.headers.authorization === expected.headers.authorization;
}

describe("Bedrock deployments run with helm-run (HELM's Bedrock clients)", () => {
  let work: string;
  let server: http.Server;
  let base = '';
  const calls: Call[] = [];
  const port = String(testPort(17533));

  beforeAll(async () => {
    work = tempDir('bedrock');
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const url = req.url ?? '';
        calls.push({ path: url, signatureValid: validSignature(req, `${base}${url}`, body), body });
        res.writeHead(200, { 'content-type': 'application/json' });
        if (url.endsWith('/converse')) {
          res.end(JSON.stringify({ output: { message: { role: 'assistant', content: [{ text: ' B' }] } }, stopReason: 'end_turn', metrics: { latencyMs: 120 } }));
        } else if (url.includes('titan')) res.end(JSON.stringify({ results: [{ outputText: '\nA', completionReason: 'FINISH' }] }));
        else res.end(JSON.stringify({ generation: ' C', stop_reason: 'stop' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await runCli(path.join(PROJECT_ROOT, 'bin', 'helm-temporal.js'), ['stop'], { cwd: work });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(work, { recursive: true, force: true });
  });

  const env = () => ({
    AWS_ACCESS_KEY_ID: 'AKIDE2E',
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_SESSION_TOKEN: '',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: base,
    AWS_PROFILE: '',
    AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'no-aws-credentials'),
    AWS_CONFIG_FILE: path.join(work, 'no-aws-config'),
    HELM_CREDENTIALS: '',
  });

  it('Titan, Llama (InvokeModel) and Nova (Converse) answer, every request signed', async () => {
    const entries = [
      'mmlu:subject=philosophy,model=amazon/titan-text-lite-v1',
      'mmlu:subject=philosophy,model=meta/amazon-llama3-8b-instruct-v1:0',
      'mmlu:subject=philosophy,model=amazon/nova-pro-v1:0',
    ];
    const run = await helmRun(['-r', ...entries, '--suite', 'br', '-m', '3', '--data-mirror', SHARED_DATA, '--temporal-port', port], { cwd: work, env: env(), timeoutMs: 240_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('3 run(s) completed, 0 skipped, 0 failed');
    expect(run.stderr + run.stdout).not.toContain(SECRET);

    expect(calls.length).toBe(9);
    expect(calls.every((c) => c.signatureValid)).toBe(true);
    expect(calls.filter((c) => c.path === '/model/amazon.titan-text-lite-v1/invoke')).toHaveLength(3);
    expect(calls.filter((c) => c.path === '/model/meta.llama3-8b-instruct-v1%3A0/invoke')).toHaveLength(3);
    expect(calls.filter((c) => c.path === '/model/amazon.nova-pro-v1%3A0/converse')).toHaveLength(3);

    const runs = path.join(work, 'benchmark_output', 'runs', 'br');
    const completions = (runName: string) =>
      (
        JSON.parse(fs.readFileSync(path.join(runs, runName, 'scenario_state.json'), 'utf8')) as {
          request_states: Array<{ result: { success: boolean; completions: Array<{ text: string }> } }>;
        }
      ).request_states.map((rs) => rs.result.completions[0]?.text);
    expect(completions('mmlu:subject=philosophy,method=multiple_choice_joint,model=amazon_titan-text-lite-v1')).toEqual(['A', 'A', 'A']);
    expect(completions('mmlu:subject=philosophy,method=multiple_choice_joint,model=meta_amazon-llama3-8b-instruct-v1:0')).toEqual(['C', 'C', 'C']);
    expect(completions('mmlu:subject=philosophy,method=multiple_choice_joint,model=amazon_nova-pro-v1:0')).toEqual(['B', 'B', 'B']);
  });

  it('stops before the suite starts, naming what is missing, without AWS keys', async () => {
    const elsewhere = tempDir('bedrock-nokeys');
    try {
      const run = await helmRun(['-r', 'mmlu:subject=philosophy,model=amazon/titan-text-lite-v1', '--suite', 'br-nokeys', '-m', '3', '--data-mirror', SHARED_DATA, '--temporal-port', port], {
        cwd: elsewhere,
        env: { ...env(), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('no AWS credentials for Amazon Bedrock');
      expect(fs.existsSync(path.join(elsewhere, 'prod_env', 'temporal'))).toBe(false);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
