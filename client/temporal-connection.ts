import fs from 'node:fs';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';

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
  const certPath = process.env.TEMPORAL_TLS_CERT;
  const keyPath = process.env.TEMPORAL_TLS_KEY;
  const caPath = process.env.TEMPORAL_TLS_CA;
  const apiKey = process.env.TEMPORAL_API_KEY;
  const useTls = Boolean(certPath || apiKey || caPath || process.env.TEMPORAL_TLS === 'true');
  return {
    address,
    namespace: namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default',
    apiKey,
    tls: useTls
      ? {
          clientCertPair: certPath && keyPath ? { crt: fs.readFileSync(certPath), key: fs.readFileSync(keyPath) } : undefined,
          serverRootCACertificate: caPath ? fs.readFileSync(caPath) : undefined,
        }
      : undefined,
  };
}

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
