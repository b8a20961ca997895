import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelmInputError } from '../../../core/common/errors';
import { downloadFile, ensureFolderDownloaded } from '../../../core/scenarios/download';
import {
  ensureMmluData,
  getMmluInstances,
  parseMmluCsv,
  readMmluCsv,
  verifyMmluFolder,
} from '../../../core/scenarios/mmlu-scenario';
import { MMLU_SUBJECTS } from '../../../core/scenarios/mmlu-subjects';
import { getScenario, scenarioMetadata } from '../../../core/scenarios/registry';

const SHARED = path.resolve(__dirname, '../../../../shared/data');
const MMLU = path.join(SHARED, 'mmlu');

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'helm-mmlu-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('MMLU CSV parsing', () => {
  it('reads 285 dev and 14,042 test rows over 57 subjects', async () => {
    expect(MMLU_SUBJECTS).toHaveLength(57);
    let dev = 0;
    let test = 0;
    for (const subject of MMLU_SUBJECTS) {
      dev += (await readMmluCsv(path.join(MMLU, 'dev', `${subject}_dev.csv`), 'train')).length;
      test += (await readMmluCsv(path.join(MMLU, 'test', `${subject}_test.csv`), 'test')).length;
    }
    expect(dev).toBe(285);
    expect(test).toBe(14042);
  });

  it('unquotes fields with doubled quotes and commas', async () => {
    const dev = await readMmluCsv(path.join(MMLU, 'dev', 'computer_security_dev.csv'), 'train');
    expect(dev[2]).toEqual({
      input: { text: 'What is ethical hacking?' },
      references: [
        { output: { text: '"Hacking" ethics so they justify unintended selfish behavior' }, tags: [] },
        {
          output: { text: 'Hacking systems (e.g., during penetration testing) to expose vulnerabilities so they can be fixed, rather than exploited' },
          tags: ['correct'],
        },
        { output: { text: 'Hacking into systems run by those whose ethics you disagree with' }, tags: [] },
        { output: { text: 'A slang term for rapid software development, e.g., as part of hackathons' }, tags: [] },
      ],
      split: 'train',
    });
    expect(Object.keys(dev[2])).toEqual(['input', 'references', 'split']);
  });

  it('tags every option whose text equals the lettered answer', () => {
    const [instance] = parseMmluCsv('Q,x,y,x,z,C\n', 'f.csv', 'test');
    expect(instance.references.map((r) => r.tags)).toEqual([['correct'], [], ['correct'], []]);
  });

  it('rejects an unknown answer letter or an empty line, naming file and line', () => {
    expect(() => parseMmluCsv('Q,a,b,c,d,A\nQ2,a,b,c,d,F\n', 'x.csv', 'test')).toThrow(/x\.csv: line 2: answer "F"/);
    expect(() => parseMmluCsv('Q,a,b,c,d,A\n\n', 'x.csv', 'test')).toThrow(HelmInputError);
    expect(() => parseMmluCsv('Q,a,b,c,d,A\n\n', 'x.csv', 'test')).toThrow(/line 2 is empty/);
  });
});

describe('MMLU data location and download', () => {
  it('copies from the mirror, then loads dev→train and test→test in file order', async () => {
    const scenarioDir = path.join(tmp, 'mirror', 'scenarios', 'mmlu');
    const instances = await getMmluInstances({ subject: 'philosophy' }, scenarioDir, { mirrorDir: SHARED });
    expect(await readdir(path.join(scenarioDir, 'data'))).toEqual(expect.arrayContaining(['dev', 'test']));
    expect(instances.filter((i) => i.split === 'train')).toHaveLength(5);
    expect(instances.filter((i) => i.split === 'test')).toHaveLength(311);
    expect(instances[0].split).toBe('train');
    expect(instances[5].split).toBe('test');
    expect(instances.every((i) => i.id === undefined)).toBe(true);
    // No leftovers of the temp dir next to the data.
    expect(await readdir(scenarioDir)).toEqual(['data']);
  });

  it('does not touch the network when the data is already there', async () => {
    const scenarioDir = path.join(tmp, 'mirror', 'scenarios', 'mmlu');
    const how = await ensureFolderDownloaded({
      targetPath: path.join(scenarioDir, 'data'),
      sourceUrl: 'http://127.0.0.1:1/unreachable.tar',
      verify: async () => undefined,
    });
    expect(how).toBe('present');
    await expect(getMmluInstances({ subject: 'anatomy' }, scenarioDir)).resolves.toHaveLength(5 + 135);
  });

  it('rejects unknown subjects and a missing subject argument', async () => {
    const scenarioDir = path.join(tmp, 'mirror', 'scenarios', 'mmlu');
    await expect(getMmluInstances({ subject: 'philosphy' }, scenarioDir)).rejects.toThrow(/unknown subject "philosphy"/);
    await expect(getMmluInstances({}, scenarioDir)).rejects.toThrow(HelmInputError);
  });

  describe('over HTTP', () => {
    let server: http.Server;
    let base: string;
    const bodies = new Map<string, Buffer>();
    beforeAll(async () => {
      const src = path.join(tmp, 'tarsrc');
      for (const dir of ['dev', 'test', 'val']) await mkdir(path.join(src, 'data', dir), { recursive: true });
      for (const subject of MMLU_SUBJECTS) {
        await writeFile(path.join(src, 'data', 'dev', `${subject}_dev.csv`), `Dev ${subject}?,a,b,c,d,B\n`);
        await writeFile(path.join(src, 'data', 'test', `${subject}_test.csv`), `Test ${subject}?,a,"b, ""q""",c,d,B\n`);
      }
      await writeFile(path.join(src, 'data', 'val', 'philosophy_val.csv'), 'Val?,a,b,c,d,D\n');
      await tar.c({ file: path.join(tmp, 'good.tar'), cwd: src }, ['data']);
      await writeFile(path.join(src, 'data', 'test', 'anatomy_test.csv'), 'Bad?,a,b,c,d,Z\n');
      await tar.c({ file: path.join(tmp, 'corrupt.tar'), cwd: src }, ['data']);
      const { readFile } = await import('node:fs/promises');
      bodies.set('/good.tar', await readFile(path.join(tmp, 'good.tar')));
      bodies.set('/corrupt.tar', await readFile(path.join(tmp, 'corrupt.tar')));
      server = http.createServer((req, res) => {
        const body = bodies.get(req.url ?? '');
        if (req.url === '/redirect.tar') {
          res.writeHead(302, { location: '/good.tar' }).end();
        } else if (req.url === '/truncated.tar') {
          const good = bodies.get('/good.tar') ?? Buffer.alloc(0);
          res.writeHead(200, { 'content-length': String(good.length) });
          res.write(good.subarray(0, 1000));
          setTimeout(() => res.destroy(), 10);
        } else if (body === undefined) res.writeHead(404).end();
        else res.writeHead(200, { 'content-length': String(body.length) }).end(body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const ensure = (scenarioDir: string, url: string, onProgress?: (b: number, t: number | undefined) => void) =>
      ensureFolderDownloaded({ targetPath: path.join(scenarioDir, 'data'), sourceUrl: url, verify: verifyMmluFolder, onProgress });

    it('streams, untars, moves the single top folder into place and reports progress', async () => {
      const scenarioDir = path.join(tmp, 'http', 'mmlu');
      const progress: Array<[number, number | undefined]> = [];
      expect(await ensure(scenarioDir, `${base}/redirect.tar`, (b, t) => progress.push([b, t]))).toBe('downloaded');
      const total = bodies.get('/good.tar')?.length;
      expect(progress[progress.length - 1]).toEqual([total, total]);
      const instances = await getMmluInstances({ subject: 'philosophy' }, scenarioDir);
      expect(instances.map((i) => [i.split, i.input.text])).toEqual([
        ['train', 'Dev philosophy?'],
        ['valid', 'Val?'],
        ['test', 'Test philosophy?'],
      ]);
      expect(instances[2].references[1].output.text).toBe('b, "q"');
      expect(await readdir(scenarioDir)).toEqual(['data']);
    });

    it('leaves nothing behind when the archive is corrupt or the transfer is cut', async () => {
      const corruptDir = path.join(tmp, 'http', 'corrupt');
      await expect(ensure(corruptDir, `${base}/corrupt.tar`)).rejects.toThrow(/anatomy_test\.csv: line 1/);
      expect(await readdir(corruptDir)).toEqual([]);
      const cutDir = path.join(tmp, 'http', 'cut');
      await expect(ensure(cutDir, `${base}/truncated.tar`)).rejects.toThrow(/Could not (download|unpack)/);
      expect(await readdir(cutDir)).toEqual([]);
      await expect(downloadFile(`${base}/missing.tar`, path.join(tmp, 'x'))).rejects.toThrow(/HTTP 404/);
      await expect(ensure(path.join(tmp, 'http', 'offline'), 'http://127.0.0.1:1/data.tar')).rejects.toThrow(/mirrorDir/);
    });
  });

  it('registry exposes HELM metadata for scenario.json', () => {
    const mmlu = getScenario('helm.benchmark.scenarios.mmlu_scenario.MMLUScenario');
    expect(scenarioMetadata(mmlu)).toEqual({
      name: 'mmlu',
      description: 'Massive Multitask Language Understanding',
      tags: ['knowledge', 'multiple_choice'],
      definition_path: 'https://github.com/stanford-crfm/helm/blob/main/src/helm/benchmark/scenarios/mmlu_scenario.py',
    });
    expect(() => getScenario('helm.benchmark.scenarios.mmlu_scenario.MMLUScenari')).toThrow(/Did you mean/);
    expect(typeof ensureMmluData).toBe('function');
  });
});
