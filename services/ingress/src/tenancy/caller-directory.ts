// The CallerDirectory port: who a business access token speaks for, and that caller's own phone
// numbers — what every Graph request and every consumed thread event asks, so the hot path needs
// nothing else of tenancy. A number is only ever found within the caller's tenant and business:
// a token can never resolve another business's number.
import type { Caller, PhoneNumberRecord, TokenGrant } from "./tenancy-records.ts";

export interface CallerDirectory {
  /**
   * The grant of a token by the token's hash (undefined when unknown or revoked), with its expiry
   * and whether its tenant or business is suspended: authenticate.ts decides what that means.
   */
  callerForToken(tokenHash: string): Promise<TokenGrant | undefined>;
  phoneNumber(caller: Caller, phoneNumberId: string): Promise<PhoneNumberRecord | undefined>;
}
