export * from "./approved-template.ts";
export * from "./demo-tenant.ts";
export * from "./free-port.ts";
export * from "./service-process.ts";
export * from "./start-platform.ts";
