// Fans the public stream out to this process's WatchVolumes callers: the service subscribes to
// its own public topic with a per-process consumer group (live only, from now on) and hands each
// record to the watchers of its tenant (and business, for business-scoped callers). Watchers
// never see another tenant's records. A slow watcher is not waited for: gRPC buffers its writes.
import type { TenantScope } from "@switchboard/kit";
import type { MessageVolumeV1 } from "@switchboard/proto";

export type VolumeListener = (change: MessageVolumeV1) => void;

export interface VolumeHub {
  /** Registers a listener; returns its removal. */
  watch(scope: TenantScope, listener: VolumeListener): () => void;
  deliver(changes: readonly MessageVolumeV1[]): void;
}

export function createVolumeHub(): VolumeHub {
  const watchers = new Set<{ scope: TenantScope; listener: VolumeListener }>();
  return {
    watch(scope, listener) {
      const entry = { scope: { ...scope }, listener };
      watchers.add(entry);
      return () => watchers.delete(entry);
    },
    deliver(changes) {
      for (const change of changes) {
        for (const { scope, listener } of watchers) {
          if (change.tenant_id !== scope.tenantId) continue;
          if (scope.businessId !== "" && change.business_id !== scope.businessId) continue;
          listener(change);
        }
      }
    },
  };
}
