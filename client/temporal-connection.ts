import fs from 'node:fs';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import { HelmSetupError } from '../core/common/errors';
import { checkTemporalTarget } from './validate';

/** A TLS file named by an environment variable; a missing one is a set-up error naming the variable. */
function readTlsFile(variable: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new HelmSetupError(`${variable}=${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give the path of a PEM file`);
  }
}

/**
 * Connection settings from flags or the environment variables Temporal users already set
 * (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_CERT/KEY for mTLS).
 */
export interface TemporalSettings {
  address: string;
  namespace: string;
  apiKey?: string;
  tls?: { clientCertPair?: { crt: Buffer; key: Buffer }; serverRootCACertificate?: Buffer };
}

export function temporalSettings(address: string, namespace: string | undefined): TemporalSettings {
  const chosenNamespace = checkTemporalTarget(address, namespace);
  const certPath = process.env.TEMPORAL_TLS_CERT;
  const keyPath = process.env.TEMPORAL_TLS_KEY;
  const caPath = process.env.TEMPORAL_TLS_CA;
  const apiKey = process.env.TEMPORAL_API_KEY;
  const useTls = Boolean(certPath || apiKey || caPath || process.env.TEMPORAL_TLS === 'true');
  return {
    address,
    namespace: chosenNamespace,
    apiKey,
    tls: useTls
      ? {
          clientCertPair: certPath && keyPath ? { crt: readTlsFile('TEMPORAL_TLS_CERT', certPath), key: readTlsFile('TEMPORAL_TLS_KEY', keyPath) } : undefined,
          serverRootCACertificate: caPath ? readTlsFile('TEMPORAL_TLS_CA', caPath) : undefined,
        }
      : undefined,
  };
}

/** The server could not be reached; its message says where and what to check. */
export class TemporalUnreachableError extends Error {
  constructor(address: string, cause: unknown) {
    super(
      `Temporal server unreachable at ${address}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        `Check --temporal-address (host:port), or omit it to use the embedded dev server.`,
    );
    this.name = 'TemporalUnreachableError';
  }
}

export async function connectClient(settings: TemporalSettings): Promise<Connection> {
  const options: ConnectionOptions = { address: settings.address, connectTimeout: 10_000, tls: settings.tls, apiKey: settings.apiKey };
  try {
    const connection = await Connection.connect(options);
    await connection.workflowService.getSystemInfo({});
    return connection;
  } catch (error) {
    throw new TemporalUnreachableError(settings.address, error);
  }
}

export async function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  const options: NativeConnectionOptions = { address: settings.address, tls: settings.tls, apiKey: settings.apiKey };
  try {
    return await NativeConnection.connect(options);
  } catch (error) {
    throw new TemporalUnreachableError(settings.address, error);
  }
}
