// The UpstreamMessageIds port: Meta's Cloud API gives each sent message its own wamid, while the
// business knows the id we returned. The upstream sender records the pair; the webhook receiver
// translates Meta's id in statuses back to ours, so the business's status webhooks name its own
// message. The record is also the sender's proof that a message already left: a redelivered
// ready-to-send event finds it and is not sent to the customer a second time. What else the
// sender forwards without a message id of its own (a mark-read) is recorded by its event id, for
// the same reason.
/**
 * What the sender finds when it records that it is about to send a message: nothing before it
 * (send), a send that finished (Meta's id: report it, never send again), or a send that started
 * at `sinceMs` and never recorded an outcome (a crash or rebalance mid-send: never blindly again).
 */
/** A message that left: our id and the one the upstream gave it. */
export interface SentMessage {
  messageId: string;
  upstreamId: string;
}

export type SendIntent = { kind: "new" } | { kind: "sent"; upstreamId: string } | { kind: "pending"; sinceMs: number };

export interface UpstreamMessageIds {
  /**
   * Records, before the call to Meta, that these messages are being sent; the first record of
   * each stands. One write per batch on the hot path; a read only for messages seen before (a
   * redelivery). Answers for every id given.
   */
  recordSendIntents(tenantId: string, messageIds: readonly string[], atMs: number): Promise<Map<string, SendIntent>>;
  /** Drops intents whose send never posted anything (or was deferred), so a retry may send. */
  releaseSendIntents(tenantId: string, messageIds: readonly string[]): Promise<void>;
  /** Idempotent, the first record stands: these messages left, under these upstream ids. */
  rememberSent(tenantId: string, sent: readonly SentMessage[]): Promise<void>;
  /** The upstream id a message was sent under, if it was sent. */
  upstreamIdOf(tenantId: string, messageId: string): Promise<string | undefined>;
  /**
   * Our ids for those of the given upstream ids that were recorded under another id of ours; an
   * id not in the answer is ours already (a channel that reuses our ids) or unknown.
   */
  ourIds(tenantId: string, upstreamIds: readonly string[]): Promise<Map<string, string>>;
  /** Idempotent: records that the action with this id (an event id) reached the upstream. */
  rememberForwarded(tenantId: string, actionId: string): Promise<void>;
  wasForwarded(tenantId: string, actionId: string): Promise<boolean>;
  /**
   * Idempotent, first record stands: our media id was uploaded to Meta for this number (Meta's
   * media ids belong to the number that uploaded them) and got Meta's id.
   */
  rememberMedia(tenantId: string, phoneNumberId: string, mediaId: string, upstreamMediaId: string): Promise<void>;
  /** Meta's id of our media for this number, if it was uploaded there. */
  upstreamMediaIdOf(tenantId: string, phoneNumberId: string, mediaId: string): Promise<string | undefined>;
  /** Our media id for Meta's, if Meta's came from uploading ours. */
  mediaIdOfUpstream(tenantId: string, upstreamMediaId: string): Promise<string | undefined>;
}
