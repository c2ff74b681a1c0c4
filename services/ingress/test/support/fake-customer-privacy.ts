// A CustomerPrivacy standing in for the conversation service when a test does not exercise the
// privacy routes: it holds no customer, so every one is Graph's unknown object, as the service
// answers for a customer outside the caller's scope.
import { unknownObject } from "../../src/graph/graph-errors.ts";
import type { CustomerPrivacy, CustomerTarget } from "../../src/privacy/customer-privacy.ts";
import type { Caller } from "../../src/tenancy/tenancy-records.ts";

export function createFakeCustomerPrivacy(): CustomerPrivacy {
  const unknown = async (_caller: Caller, target: CustomerTarget): Promise<never> => {
    throw unknownObject(target.customerId);
  };
  return { setMarketingOptOut: unknown, exportData: unknown, erase: unknown };
}
