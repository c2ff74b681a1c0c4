// Servers the developer already runs, named by KAFKA_BROKERS / MONGODB_URI. We do not manage
// them, only check they are there, so a typo fails at setup instead of as a client timeout later.
import { formatHostPort, type HostPort, mongoUriHosts, parseBrokerList } from "./host-port.ts";
import { type ProbeResult, probeMongo, probeTcp } from "./probes.ts";

const TIMEOUT_MS = 3000;

async function probeAll(addresses: readonly HostPort[]): Promise<ProbeResult> {
  const results = await Promise.all(addresses.map((address) => probeTcp(address, TIMEOUT_MS)));
  const failures = results.flatMap((result, index) => {
    const address = addresses[index];
    return result.ok || address === undefined ? [] : [`${formatHostPort(address)}: ${result.reason}`];
  });
  return failures.length === 0 ? { ok: true } : { ok: false, reason: failures.join("; ") };
}

export function probeExternalKafka(brokers: string): Promise<ProbeResult> {
  return probeAll(parseBrokerList(brokers));
}

export function probeExternalMongo(uri: string): Promise<ProbeResult> {
  const hosts = mongoUriHosts(uri);
  // mongodb+srv hides its hosts behind DNS: ask the server itself.
  return hosts === null ? probeMongo(uri, TIMEOUT_MS) : probeAll(hosts);
}

export async function requireReachable(variable: string, value: string, probe: Promise<ProbeResult>): Promise<void> {
  const result = await probe;
  if (!result.ok) {
    throw new Error(
      `${variable}=${value} is set but not reachable (${result.reason}); start that server or unset ${variable} to let the dev stack run its own`,
    );
  }
}
