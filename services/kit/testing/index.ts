// `@switchboard/kit/testing`: test support for suites that use the kit's adapters. Imported by
// tests only; it lives outside `src/` so no runtime image contains it.

export { openTestClient, testCallAuth, testKeyRing, testServerSecurity } from "./internal-auth.ts";
export {
  connectKafkaTestBus,
  type KafkaTestBus,
  type KafkaTestBusOptions,
  useKafkaTestBus,
} from "./kafka-test-bus.ts";
