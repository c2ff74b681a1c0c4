import { describe, expect, it } from "vitest";
import { mediaIdsIn, withMediaIds } from "./media-references.ts";

const templateWithHeader = {
  type: "template",
  template: {
    name: "order_update",
    language: { code: "en_US" },
    components: [
      { type: "header", parameters: [{ type: "image", image: { id: "111" } }] },
      { type: "body", parameters: [{ type: "text", text: "image" }] },
    ],
  },
};
const carousel = {
  type: "interactive",
  interactive: {
    type: "carousel",
    action: {
      cards: [
        { card_index: 0, header: { type: "image", image: { id: "222" } } },
        { card_index: 1, header: { type: "video", video: { id: "333" } } },
        { card_index: 2, header: { type: "image", image: { link: "https://example.com/a.png" } } },
      ],
    },
  },
};

describe("media references in a send", () => {
  it("finds ids in media messages, interactive headers, carousel cards and template headers", () => {
    expect(mediaIdsIn({ type: "image", image: { id: "9", caption: "x" } })).toEqual(["9"]);
    expect(
      mediaIdsIn({ type: "interactive", interactive: { header: { type: "document", document: { id: "8" } } } }),
    ).toEqual(["8"]);
    expect(mediaIdsIn(templateWithHeader)).toEqual(["111"]);
    expect(mediaIdsIn(carousel)).toEqual(["222", "333"]);
  });

  it("ignores links, texts that merely say a media word, and repeats", () => {
    expect(mediaIdsIn({ type: "image", image: { link: "https://example.com/x.jpg" } })).toEqual([]);
    expect(mediaIdsIn({ type: "text", text: { body: "image" } })).toEqual([]);
    expect(mediaIdsIn({ a: { image: { id: "1" } }, b: [{ image: { id: "1" } }] })).toEqual(["1"]);
  });

  it("replaces the named ids in a copy and leaves the rest and the input alone", () => {
    const replaced = withMediaIds(carousel, new Map([["222", "meta-222"]]));
    expect(mediaIdsIn(replaced)).toEqual(["meta-222", "333"]);
    expect(mediaIdsIn(carousel)).toEqual(["222", "333"]);
    const template = withMediaIds(templateWithHeader, new Map([["111", "meta-111"]])) as typeof templateWithHeader;
    expect(template.template.components[0]?.parameters[0]).toEqual({ type: "image", image: { id: "meta-111" } });
    expect(template.template.components[1]).toEqual(templateWithHeader.template.components[1]);
  });
});
