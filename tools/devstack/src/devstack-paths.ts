// Where the dev stack keeps things: per-checkout state (data, pid files, logs) under
// <repo>/.devstack/, and per-user build caches under <cache root>/devstack/ shared by checkouts.
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Fixed ports, so a second run finds and reuses the servers the first one left running. */
export const DEVSTACK_PORTS = { kafka: 39092, kafkaController: 39093, mongo: 37017 } as const;

export interface ServicePaths {
  readonly dir: string;
  readonly dataDir: string;
  readonly pidFile: string;
  readonly logFile: string;
  readonly startLock: string;
}

/** Ports of one dev stack instance's servers. */
export interface DevstackPorts {
  readonly kafka: number;
  readonly kafkaController: number;
  readonly mongo: number;
}

/**
 * Where one instance keeps its state and which ports it serves: the checkout's own by default; a
 * private one (another state dir and ports) for tools that stop, restart and stall the servers —
 * a fault audit must never touch the stack that tests and other tools share.
 */
export interface DevstackInstance {
  readonly stateDir: string;
  readonly ports: DevstackPorts;
}

export interface DevstackPaths {
  readonly repoRoot: string;
  readonly ports: DevstackPorts;
  readonly stateDir: string;
  readonly cacheDir: string;
  readonly kafkaSourceDir: string;
  readonly ferretdbSourceDir: string;
  readonly kafka: ServicePaths;
  readonly mongo: ServicePaths;
}

const repoRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");

function servicePaths(stateDir: string, name: string): ServicePaths {
  const dir = join(stateDir, name);
  return {
    dir,
    dataDir: join(dir, "data"),
    pidFile: join(dir, `${name}.pid`),
    logFile: join(dir, `${name}.log`),
    startLock: join(dir, "start.lock"),
  };
}

export const DEFAULT_INSTANCE: DevstackInstance = { stateDir: join(repoRoot, ".devstack"), ports: DEVSTACK_PORTS };

export function devstackPaths(cacheRoot: string | null, instance: DevstackInstance = DEFAULT_INSTANCE): DevstackPaths {
  const { stateDir, ports } = instance;
  return {
    repoRoot,
    ports,
    stateDir,
    cacheDir: join(cacheRoot ?? join(homedir(), ".cache", "switchboard"), "devstack"),
    kafkaSourceDir: join(repoRoot, "tools", "devstack", "kafka"),
    ferretdbSourceDir: join(repoRoot, "tools", "devstack", "ferretdb"),
    kafka: servicePaths(stateDir, "kafka"),
    mongo: servicePaths(stateDir, "mongo"),
  };
}
