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
}

export async function connectMongo(options: MongoOptions): Promise<Connection> {
  const connection = mongoose.createConnection(options.uri, {
    dbName: options.dbName,
    maxPoolSize: options.maxPoolSize ?? 20,
    minPoolSize: 1,
    serverSelectionTimeoutMS: 10_000,
    connectTimeoutMS: 10_000,
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

/** Readiness probe: true when the server answers a ping. */
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
