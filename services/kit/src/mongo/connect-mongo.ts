// Opens the service's MongoDB connection (mongoose). One connection per process, owned by the
// composition root and passed down; never mongoose's global default connection, so tests can run
// several services in one process without sharing state. Settings work on MongoDB and FerretDB v1.
import mongoose, { type Connection } from "mongoose";
import { recordMongoCommands } from "./mongo-metrics.ts";

export interface MongoOptions {
  uri: string;
  /** The service's database; tests pass a unique one per test file. */
  dbName: string;
  maxPoolSize?: number;
  /**
   * How long an operation waits for a reachable server before it fails (MONGODB_SERVER_SELECTION_TIMEOUT_MS).
   * Short on purpose: with the store down a request answers 503 at once instead of hanging.
   */
  serverSelectionTimeoutMs?: number;
}

export async function connectMongo(options: MongoOptions): Promise<Connection> {
  const connection = mongoose.createConnection(options.uri, {
    dbName: options.dbName,
    maxPoolSize: options.maxPoolSize ?? 20,
    minPoolSize: 1,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 2_000,
    connectTimeoutMS: 10_000,
    // Without a connection mongoose would queue commands for 10 s, then fail; they fail fast instead
    // (the store-unavailable error that HTTP answers 503 and consumers retry).
    bufferCommands: false,
    socketTimeoutMS: 60_000,
    // Retryable writes need replica-set sessions; writes here are idempotent upserts instead.
    retryWrites: false,
    autoIndex: true,
    // Command events feed the latency histogram of mongo-metrics.ts (/metrics).
    monitorCommands: true,
  });
  recordMongoCommands(connection);
  await connection.asPromise();
  return connection;
}

/** Readiness probe: true when the server answers a ping (within the server selection timeout). */
export async function mongoIsReady(connection: Connection): Promise<boolean> {
  try {
    const db = connection.db;
    if (!db) return false;
    await db.admin().command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}

/** A ping through a new client of its own (closed after), for telling a wedged client from a down store. */
export async function pingWithFreshClient(uri: string, timeoutMs: number): Promise<void> {
  const client = new mongoose.mongo.MongoClient(uri, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    maxPoolSize: 1,
  });
  try {
    await client.connect();
    await client.db("admin").command({ ping: 1 });
  } finally {
    await client.close(true);
  }
}
