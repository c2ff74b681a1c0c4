// Resolves where a webhook change belongs: `metadata.phone_number_id` names the number (and with
// it tenant, business and hosting), which must belong to the entry's business account — the one
// whose app secret verified the body; changes without one (account or template updates) are
// routed by the entry's business account id. Lookups are cached per body, as one body names few numbers.
import { encryptionStateOf } from "@switchboard/proto";
import type { UpstreamRouting } from "../tenancy/upstream-routing.ts";
import type { UpstreamTarget } from "./planned-event.ts";
import { isObject, stringField, type WebhookChange } from "./webhook-payload.ts";

export interface TargetResolver {
  /** The target, or undefined with the id that could not be resolved. */
  resolve(entryId: string, change: WebhookChange): Promise<{ target?: UpstreamTarget; unknownId: string }>;
}

export function createTargetResolver(routing: UpstreamRouting): TargetResolver {
  const cache = new Map<string, Promise<UpstreamTarget | undefined>>();
  const byNumber = async (phoneNumberId: string): Promise<UpstreamTarget | undefined> => {
    const number = await routing.phoneNumberForUpstream(phoneNumberId);
    if (!number) return undefined;
    return {
      tenantId: number.tenantId,
      businessId: number.businessId,
      phoneNumberId,
      hosting: {
        hostingMode: number.hostingMode,
        encryptionState: encryptionStateOf(number.hostingMode),
        processors: [...number.processors],
      },
    };
  };
  const byBusiness = async (businessId: string): Promise<UpstreamTarget | undefined> => {
    const business = await routing.businessForUpstream(businessId);
    return business && { ...business, phoneNumberId: "", hosting: undefined };
  };
  const cached = (id: string, load: () => Promise<UpstreamTarget | undefined>) => {
    let pending = cache.get(id);
    if (!pending) {
      pending = load();
      cache.set(id, pending);
    }
    return pending;
  };
  return {
    async resolve(entryId, change) {
      const metadata = isObject(change.value.metadata) ? change.value.metadata : undefined;
      const phoneNumberId = stringField(metadata, "phone_number_id");
      if (phoneNumberId !== undefined) {
        const target = await cached(`n:${phoneNumberId}`, () => byNumber(phoneNumberId));
        // The body was verified with the secret of the account `entry.id` names: a number of
        // another account (another business, another tenant) is not this body's to deliver to.
        return target && target.businessId === entryId ? { target, unknownId: "" } : { unknownId: phoneNumberId };
      }
      const target = await cached(`b:${entryId}`, () => byBusiness(entryId));
      return target ? { target, unknownId: "" } : { unknownId: entryId };
    },
  };
}
