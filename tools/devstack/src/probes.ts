// Is a server really serving? TCP accept is not enough for Kafka (the socket opens long before the
// broker answers metadata), so each probe speaks the server's own protocol. Probes never throw:
// they return the reason, which ends up in the timeout message.
import { createConnection } from "node:net";
import { Kafka, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import type { HostPort } from "./host-port.ts";

export type ProbeResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function probeTcp({ host, port }: HostPort, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ host, port, timeout: timeoutMs });
    const finish = (result: ProbeResult): void => {
      socket.destroy();
      resolvePromise(result);
    };
    socket.once("connect", () => finish({ ok: true }));
    socket.once("timeout", () => finish({ ok: false, reason: `connect to ${host}:${port} timed out` }));
    socket.once("error", (error) => finish({ ok: false, reason: reasonOf(error) }));
  });
}

export async function probeKafka(brokers: readonly string[], timeoutMs: number): Promise<ProbeResult> {
  const admin = new Kafka({
    clientId: "switchboard-devstack-probe",
    brokers: [...brokers],
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics(); // a Metadata round trip: the broker is serving requests
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

export async function probeMongo(uri: string, timeoutMs: number): Promise<ProbeResult> {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
  });
  try {
    await client.db("admin").command({ ping: 1 });
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  } finally {
    await client.close().catch(() => {});
  }
}
