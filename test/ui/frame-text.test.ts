import { describe, expect, it } from "vitest";
import { fitParts, fitWords } from "../../src/ui/components/frame-text.js";

const keys = [
  { text: "↑/↓ move", drop: 3 },
  { text: "type to filter", drop: 4 },
  { text: "Enter choose", drop: 1 },
  { text: "Esc back", drop: 2 },
  { text: "? keys", drop: 5 },
];

describe("the frame's first and last lines", () => {
  it("keep every part when they fit", () => {
    expect(fitParts(keys, 80)).toBe("↑/↓ move · type to filter · Enter choose · Esc back · ? keys");
  });

  it("drop whole parts, least needed first, keeping their order", () => {
    expect(fitParts(keys, 55)).toBe("↑/↓ move · type to filter · Enter choose · Esc back");
    expect(fitParts(keys, 45)).toBe("↑/↓ move · Enter choose · Esc back");
    expect(fitParts(keys, 24)).toBe("Enter choose · Esc back");
    expect(fitParts(keys, 12)).toBe("Enter choose");
  });

  it("cut a sentence only between words", () => {
    expect(fitWords("Clients must resolve the vault's privatelink names", 30)).toBe(
      "Clients must resolve the …",
    );
    expect(fitWords("short", 30)).toBe("short");
  });
});
