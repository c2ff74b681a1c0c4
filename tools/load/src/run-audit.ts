// Runs the end-of-run audit against the stores: scans conversation's messages and analytics'
// counted events once, and again (until a deadline) while something is still missing or the
// rollups are still moving — the simulator's late replies keep arriving for ~40 s after a send.
// It must never write, and never wait past its deadline: then it reports what is missing.
import type { Db } from "mongodb";
import type { AuditFigures } from "./bench-results.ts";
import { countedSoFar, scanCountedMessages } from "./counted-messages.ts";
import { type AcceptedMessage, auditMessages } from "./message-audit.ts";
import { type StoredMessage, scanStoredMessages, storedCount } from "./stored-messages.ts";

export async function runAudit(options: {
  conversation: Db;
  analytics: Db;
  tenantId: string;
  accepted: readonly AcceptedMessage[];
  benchInboundPrefix: string;
  deadlineMs: number;
  log: (line: string) => void;
}): Promise<{ audit: AuditFigures; stored: StoredMessage[] }> {
  for (let attempt = 1; ; attempt += 1) {
    const rollupBefore = await countedSoFar(options.analytics, options.tenantId);
    const counted = await scanCountedMessages(options.analytics, options.tenantId);
    const stored = await scanStoredMessages(options.conversation, options.tenantId);
    const [rollupAfter, threads] = await Promise.all([
      countedSoFar(options.analytics, options.tenantId),
      storedCount(options.conversation).then((count) => count.threads),
    ]);
    const audit = auditMessages({
      accepted: options.accepted,
      stored,
      counted,
      rollupTotal: rollupAfter,
      threads,
      benchInboundPrefix: options.benchInboundPrefix,
    });
    const settled = rollupBefore === rollupAfter;
    if ((audit.lossFree && settled) || Date.now() > options.deadlineMs) return { audit, stored };
    options.log(`audit ${attempt}: ${audit.failures.join("; ") || "rollups still moving"}; looking again`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
}
