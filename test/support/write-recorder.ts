// Wraps a port so every call is recorded, and counted when the method can change state: the fuzz and isolation
// suites assert that a rejected or foreign request wrote nothing, whichever store it reached.
// Reads are listed by name; any other method counts as a write, so a port's new method is watched
// until someone says it only reads.
const READ_METHODS = new Set([
  // tenancy
  "callerForToken",
  "phoneNumber",
  "phoneNumberForUpstream",
  "businessForUpstream",
  "metaCredentials",
  "tenant",
  "listTenants",
  "businessAccount",
  "listBusinessAccounts",
  "listPhoneNumbers",
  "listTokens",
  "numbersWithPendingHostingChange",
  // stores
  "get",
  "find",
  "list",
  "open",
  "upstreamIdOf",
  "ourIds",
  "wasForwarded",
  "upstreamMediaIdOf",
  "mediaIdOfUpstream",
  "listUnpublishedParked",
  "listParked",
  // remote services
  "unknownProducts",
  "findProducts",
  "productByItemId",
  "listProducts",
  "batchStatus",
  "settings",
  "listThreads",
  "getThread",
  "listMessages",
  "auditTrail",
  "exportData",
  "queryVolumes",
  // dead letters
  "report",
  "peek",
]);

export interface WriteCall {
  port: string;
  method: string;
  /** False for a method listed as a read: recorded too, so a probe can check every call's scope. */
  writes: boolean;
  /** The tenant and business a write named, when its first argument is a scope. */
  scope?: { tenantId: string; businessId?: string };
  /**
   * For a write, once settled: `changed`, or `none` when the port's contract says nothing changed
   * — it rejected, or answered false, 0, an empty list or `{ created: false }` ("false when the
   * token is unknown", "the removed records", ...).
   */
  effect?: "pending" | "changed" | "none";
}

export interface WriteRecorder {
  /** Every port call, reads and writes, in order. */
  readonly calls: WriteCall[];
  /** Every write call so far, whatever its effect. */
  writeCount(): number;
  /**
   * Keys a write carried in its documents that a MongoDB-wire store refuses or reads as an
   * operator (`$…`) or a path (`a.b`): the in-memory adapters would store them, the real ones not.
   */
  readonly unsafeKeys: { port: string; method: string; key: string }[];
  /**
   * `documents`: the port is one of our own stores, whose writes are checked for unsafe keys.
   * `tenantFirst`: a string first argument is a tenant id (not a token hash, a Meta id, a topic).
   */
  watch<T extends object>(port: string, target: T, options?: { documents?: boolean; tenantFirst?: boolean }): T;
}

const unchanged = (result: unknown) =>
  result === false ||
  result === 0 ||
  (Array.isArray(result) && result.length === 0) ||
  (typeof result === "object" && result !== null && (result as { created?: unknown }).created === false);

export function createWriteRecorder(): WriteRecorder {
  const calls: WriteCall[] = [];
  const unsafeKeys: WriteRecorder["unsafeKeys"][number][] = [];
  let writes = 0;
  return {
    calls,
    unsafeKeys,
    writeCount: () => writes,
    watch(port, target, options = {}) {
      return new Proxy(target, {
        get(object, property, receiver) {
          const value = Reflect.get(object, property, receiver) as unknown;
          if (typeof value !== "function" || typeof property !== "string") return value;
          const isWrite = !READ_METHODS.has(property);
          return (...args: unknown[]) => {
            const call: WriteCall = {
              port,
              method: property,
              writes: isWrite,
              ...scopeOf(args[0], options.tenantFirst ?? false),
            };
            calls.push(call);
            if (!isWrite) return (value as (...a: unknown[]) => unknown).apply(object, args);
            writes += 1;
            if (options.documents)
              for (const key of storeUnsafeKeys(args)) unsafeKeys.push({ port, method: property, key });
            call.effect = "pending";
            const result = (value as (...a: unknown[]) => unknown).apply(object, args);
            if (!(result instanceof Promise)) {
              call.effect = "changed";
              return result;
            }
            return result.then(
              (settled: unknown) => {
                call.effect = unchanged(settled) ? "none" : "changed";
                return settled;
              },
              (error: unknown) => {
                call.effect = "none";
                throw error;
              },
            );
          };
        },
      });
    },
  };
}

function scopeOf(first: unknown, tenantFirst: boolean): Pick<WriteCall, "scope"> {
  if (typeof first === "string") return tenantFirst ? { scope: { tenantId: first } } : {};
  if (typeof first === "object" && first !== null && "tenantId" in first) {
    const { tenantId, businessId } = first as { tenantId: unknown; businessId?: unknown };
    if (typeof tenantId === "string")
      return { scope: { tenantId, ...(typeof businessId === "string" ? { businessId } : {}) } };
  }
  return {};
}

const isPlain = (value: unknown): value is Record<string, unknown> | unknown[] =>
  Array.isArray(value) ||
  (typeof value === "object" &&
    value !== null &&
    (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null));

/** `$`-prefixed and dotted keys anywhere in plain objects and arrays (streams and buffers skipped). */
function storeUnsafeKeys(value: unknown, depth = 0): string[] {
  if (!isPlain(value) || depth > 64) return [];
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (!Array.isArray(value) && (key.startsWith("$") || key.includes("."))) found.push(key);
    found.push(...storeUnsafeKeys(child, depth + 1));
  }
  return found;
}
