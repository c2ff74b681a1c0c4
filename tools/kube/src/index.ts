export * from "./dockerfile.ts";
export * from "./render.ts";
export * from "./topic-declarations.ts";
export * from "./validator-binary.ts";
