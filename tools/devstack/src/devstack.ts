// The dev stack's public API, used by test global setup and the platform starter: make sure a
// Kafka and a MongoDB-compatible server are reachable and say where. Servers named by env
// variables are used as they are; otherwise this checkout's own instances are started or reused.

import { createDeclaredTopics } from "./declared-topics.ts";
import { type DevstackEnv, readDevstackEnv } from "./devstack-env.ts";
import { devstackPaths } from "./devstack-paths.ts";
import { probeExternalKafka, probeExternalMongo, requireReachable } from "./external-service.ts";
import { KAFKA_BROKERS, kafkaService } from "./kafka-service.ts";
import { ensureService, type ManagedService, stopService } from "./managed-service.ts";
import { MONGODB_URI, mongoService } from "./mongo-service.ts";
import { runningPid } from "./process-control.ts";

export interface DevstackOptions {
  readonly log?: (line: string) => void;
}

export interface DevstackEndpoints {
  readonly kafkaBrokers: string;
  readonly mongodbUri: string;
  /** True for a server this call spawned (a caller may want to stop only what it started). */
  readonly startedHere: { readonly kafka: boolean; readonly mongo: boolean };
}

export interface ServiceStatus {
  /** 'env' when KAFKA_BROKERS / MONGODB_URI names the server, 'devstack' for our own. */
  readonly source: "env" | "devstack";
  readonly address: string;
  readonly pid: number | null;
  readonly answering: boolean;
  readonly detail: string | null;
  readonly logFile: string | null;
}

export interface DevstackStatus {
  readonly kafka: ServiceStatus;
  readonly mongo: ServiceStatus;
}

export interface StopResult {
  /** The pid stopped, or null when it was not running. */
  readonly kafka: number | null;
  readonly mongo: number | null;
}

const silent = (): void => {};

function services(env: DevstackEnv, log: (line: string) => void): { kafka: ManagedService; mongo: ManagedService } {
  const paths = devstackPaths(env.cacheRoot);
  return { kafka: kafkaService(paths, env.javaHome, log), mongo: mongoService(paths, log, env.ferretdbPprof) };
}

export async function ensureDevstack(options: DevstackOptions = {}): Promise<DevstackEndpoints> {
  const log = options.log ?? silent;
  const env = readDevstackEnv();
  const own = services(env, log);
  const kafka = async (): Promise<boolean> => {
    if (env.kafkaBrokers === null) return ensureService(own.kafka, log);
    await requireReachable("KAFKA_BROKERS", env.kafkaBrokers, probeExternalKafka(env.kafkaBrokers));
    log(`kafka: using KAFKA_BROKERS=${env.kafkaBrokers}`);
    return false;
  };
  const mongo = async (): Promise<boolean> => {
    if (env.mongodbUri === null) return ensureService(own.mongo, log);
    await requireReachable("MONGODB_URI", env.mongodbUri, probeExternalMongo(env.mongodbUri));
    log(`mongo: using MONGODB_URI=${env.mongodbUri}`);
    return false;
  };
  // Both in parallel: their cold builds (mvn, go) and JVM start overlap.
  const [kafkaResult, mongoResult] = await Promise.allSettled([kafka(), mongo()]);
  const errors = [kafkaResult, mongoResult].flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, errors.map((error) => String(error)).join("\n\n"));
  const kafkaBrokers = env.kafkaBrokers ?? KAFKA_BROKERS;
  // The declared topics (deploy/kubernetes/base/topics/topics.tsv), unprefixed, with their
  // partitions and settings: what the topics Job creates in Kubernetes. Idempotent.
  await createDeclaredTopics({ brokers: kafkaBrokers, log });
  return {
    kafkaBrokers,
    mongodbUri: env.mongodbUri ?? MONGODB_URI,
    startedHere: {
      kafka: kafkaResult.status === "fulfilled" && kafkaResult.value,
      mongo: mongoResult.status === "fulfilled" && mongoResult.value,
    },
  };
}

/** Stops this checkout's own servers (never ones named by env variables). */
export async function stopDevstack(options: DevstackOptions = {}): Promise<StopResult> {
  const own = services(readDevstackEnv(), options.log ?? silent);
  const [kafka, mongo] = await Promise.all([stopService(own.kafka), stopService(own.mongo)]);
  return { kafka, mongo };
}

async function ownStatus(service: ManagedService, address: string): Promise<ServiceStatus> {
  const result = await service.probe();
  return {
    source: "devstack",
    address,
    pid: runningPid(service.paths.pidFile, service.marker),
    answering: result.ok,
    detail: result.ok ? null : result.reason,
    logFile: service.paths.logFile,
  };
}

async function envStatus(address: string, probe: Promise<{ ok: boolean; reason?: string }>): Promise<ServiceStatus> {
  const result = await probe;
  return { source: "env", address, pid: null, answering: result.ok, detail: result.reason ?? null, logFile: null };
}

export async function devstackStatus(): Promise<DevstackStatus> {
  const env = readDevstackEnv();
  const own = services(env, silent);
  const [kafka, mongo] = await Promise.all([
    env.kafkaBrokers === null
      ? ownStatus(own.kafka, KAFKA_BROKERS)
      : envStatus(env.kafkaBrokers, probeExternalKafka(env.kafkaBrokers)),
    env.mongodbUri === null
      ? ownStatus(own.mongo, MONGODB_URI)
      : envStatus(env.mongodbUri, probeExternalMongo(env.mongodbUri)),
  ]);
  return { kafka, mongo };
}

/** Log files of this checkout's own servers, for `devstack logs`. */
export function devstackLogFiles(): { kafka: string; mongo: string } {
  const own = services(readDevstackEnv(), silent);
  return { kafka: own.kafka.paths.logFile, mongo: own.mongo.paths.logFile };
}
