export * from "./descriptor-set.ts";
export * from "./event-definition.ts";
export * from "./events.ts";
export * from "./hosting-rules.ts";
export * from "./message-volume-v1.ts";
export * from "./send-outcome.ts";
export * from "./thread-key.ts";
export * from "./topics.ts";
