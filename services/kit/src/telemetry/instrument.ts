// One OTel instrument per meter provider, created on first use: the global provider is replaced
// when telemetry starts (and again in tests), so an instrument made at import time would record
// into a provider nobody reads.
import { type Meter, metrics } from "@opentelemetry/api";

export function instrument<T>(create: (meter: Meter) => T, scope = "switchboard"): () => T {
  const made = new WeakMap<Meter, T>();
  return () => {
    const meter = metrics.getMeter(scope);
    let found = made.get(meter);
    if (found === undefined) {
      found = create(meter);
      made.set(meter, found);
    }
    return found;
  };
}
