// The TemplateReview port: how a newly created template reaches the upstream's review. The answer
// never comes back through this port: it arrives as the upstream's template webhooks
// (UpstreamNotificationReceived events), which template-intake.ts applies — the same path whether
// Meta or the simulator reviewed it.
import type { TemplateRecord } from "./template-records.ts";

export interface TemplateReview {
  /** Hands the template to review; never throws (a lost submission leaves it PENDING). */
  submit(template: TemplateRecord): void;
  /**
   * A template an earlier process submitted and never answered (it is still PENDING): decided once
   * the review delay since its submission (`updatedAtMs`) is over — at once if it already is.
   */
  resume(template: TemplateRecord): void;
  /** Drops reviews not yet answered (shutdown). */
  stop(): void;
}
