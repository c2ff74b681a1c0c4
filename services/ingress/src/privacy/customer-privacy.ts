// The CustomerPrivacy port: what ingress's privacy routes need from the conversation service
// (grpc-customer-privacy.ts is the adapter). Every method takes the authenticated caller first;
// a customer outside the caller's scope is the Graph "unknown object" error, never data.
import type {
  ErasureTombstone,
  ExportCustomerDataResponse,
  MarketingPreference,
} from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type { PageRequest } from "../read-side/conversation-reader.ts";
import type { Caller } from "../tenancy/tenancy-records.ts";

export type { ErasureTombstone, ExportCustomerDataResponse, MarketingPreference };

/** A customer of one of the caller's business phone numbers. */
export interface CustomerTarget {
  phoneNumberId: string;
  customerId: string;
}

export interface CustomerPrivacy {
  setMarketingOptOut(caller: Caller, target: CustomerTarget, optedOut: boolean): Promise<MarketingPreference>;
  exportData(caller: Caller, target: CustomerTarget, page: PageRequest): Promise<ExportCustomerDataResponse>;
  erase(caller: Caller, target: CustomerTarget, requestedBy: string): Promise<ErasureTombstone>;
}
