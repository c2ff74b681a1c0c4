import { describeEventOutboxContract } from "../../test/support/event-outbox-contract.ts";
import { createInMemoryEventOutbox } from "../../test/support/in-memory-catalog-stores.ts";

describeEventOutboxContract("in-memory", async () => createInMemoryEventOutbox());
