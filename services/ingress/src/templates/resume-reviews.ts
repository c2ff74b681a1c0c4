// Simulated reviews are timers, so a stopped process forgets the ones it had not answered. At
// start-up this hands every template still PENDING, in every business, back to the review, which
// decides at once those whose delay is over (simulated-review.ts: the verdict is a function of the
// template, so deciding one twice changes nothing). Only for the simulator: Meta keeps its own.
import type { Logger } from "@switchboard/kit";
import { type BusinessDirectory, forEveryBusiness } from "./every-business.ts";
import type { TemplateReview } from "./template-review.ts";
import { sortKeyOf, type TemplateStore } from "./template-store.ts";

const PAGE = 200;

export async function resumePendingReviews(deps: {
  directory: BusinessDirectory;
  store: Pick<TemplateStore, "list">;
  review: Pick<TemplateReview, "resume">;
  logger: Logger;
}): Promise<void> {
  await forEveryBusiness(deps.directory, deps.logger, "template review resume", async (scope) => {
    let after = "";
    for (;;) {
      const page = await deps.store.list(scope, { status: ["PENDING"] }, { limit: PAGE, after, before: "" });
      for (const record of page.items) deps.review.resume(record);
      const last = page.items.at(-1);
      if (!page.more || !last) return;
      after = sortKeyOf(last);
    }
  });
}
