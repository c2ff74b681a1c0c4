// A CustomerPrivacy standing in for the conversation service in the isolation suite: each customer
// belongs to one business number, and is found only by that number's own tenant and business —
// anyone else gets Graph's unknown object, as the service answers.
import { unknownObject } from "../../services/ingress/src/graph/graph-errors.ts";
import type { CustomerPrivacy } from "../../services/ingress/src/privacy/customer-privacy.ts";
import type { Caller } from "../../services/ingress/src/tenancy/tenancy-records.ts";

export interface OwnedCustomer extends Caller {
  phoneNumberId: string;
  customerId: string;
}

export function createScopedCustomerPrivacy(customers: readonly OwnedCustomer[]): CustomerPrivacy {
  const find = (caller: Caller, target: { phoneNumberId: string; customerId: string }) => {
    const found = customers.find(
      (c) =>
        c.tenantId === caller.tenantId &&
        c.businessId === caller.businessId &&
        c.phoneNumberId === target.phoneNumberId &&
        c.customerId === target.customerId,
    );
    if (!found) throw unknownObject(target.customerId);
    return found;
  };
  return {
    async setMarketingOptOut(caller, target, optedOut) {
      find(caller, target);
      return { optedOut, changedAtMs: 1, source: "api" };
    },
    async exportData(caller, target) {
      find(caller, target);
      return {
        thread: undefined,
        hostingHistory: [],
        messages: [],
        nextCursor: "",
        marketing: undefined,
        tombstones: [],
      };
    },
    async erase(caller, target, requestedBy) {
      find(caller, target);
      return { threadId: "", threadIds: [], requestedBy, requestedAtMs: 1, completedAtMs: 0, messagesErased: 0 };
    },
  };
}
