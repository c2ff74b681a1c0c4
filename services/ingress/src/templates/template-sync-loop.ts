// Runs the import from Meta (template-sync.ts) for every business account at start-up and then
// every TEMPLATE_SYNC_INTERVAL_MS, one business at a time, so templates changed at Meta without a
// webhook reaching us (created in WhatsApp Manager, a webhook lost) are picked up. Each replica
// runs it; the import is idempotent, so two replicas importing the same business agree. The timer
// never keeps the process alive; stop() ends the loop between businesses.
import type { Logger } from "@switchboard/kit";
import { type BusinessDirectory, forEveryBusiness } from "./every-business.ts";
import type { TemplateSync } from "./template-sync.ts";

export function startTemplateSyncLoop(deps: {
  directory: BusinessDirectory;
  sync: TemplateSync;
  intervalMs: number;
  logger: Logger;
}): { stop(): void } {
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const round = async () => {
    try {
      await forEveryBusiness(
        deps.directory,
        deps.logger,
        "template import",
        async (scope) => void (await deps.sync(scope)),
        stopping.signal,
      );
    } catch (error) {
      deps.logger.warn({ err: error }, "template import round failed; next round as scheduled");
    }
    if (stopping.signal.aborted) return;
    timer = setTimeout(round, deps.intervalMs);
    timer.unref();
  };
  if (deps.intervalMs > 0) void round();
  return {
    stop() {
      stopping.abort();
      if (timer) clearTimeout(timer);
    },
  };
}
