// The DeadLetters port: what an operator sees of parked events and how they get back. Each
// dead-letter topic (`<topic>.dlq`) is reported with what it holds and what still waits for a
// replay; a replay re-publishes the waiting records to their source topic (same key, same
// envelope), where the consumers handle them again. Served by the admin API (GET/POST
// /admin/v1/dlq) and `./run dlq`. Records are never deleted by a replay.

export interface DeadLetterReport {
  /** Logical name (without the deployment's prefix), e.g. `switchboard.thread-events.v1.dlq`. */
  topic: string;
  sourceTopic: string;
  /** Records the topic holds (all kept: retention.ms=-1). */
  parked: number;
  /** Records not yet replayed. */
  waiting: number;
}

/** A parked record's envelope and why it was parked; never its payload (message content). */
export interface ParkedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  type: string;
  eventId: string;
  tenantId: string;
  error: string;
  attempts: number;
  /** Consumer group that parked it, and `topic/partition/offset` it came from. */
  group: string;
  source: string;
}

export interface DeadLetters {
  report(): Promise<DeadLetterReport[]>;
  /** Up to `limit` waiting records of one dead-letter topic, oldest first per partition. */
  peek(topic: string, limit: number): Promise<ParkedRecord[]>;
  /** Re-publishes every record waiting on `topic` (as of the call) to its source topic. */
  replay(topic: string): Promise<{ replayed: number }>;
}
