import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import type { Action } from "../../../src/engine/action.js";
import { ApplyProgress } from "../../../src/ui/apply-progress/ApplyProgress.js";
import { ApplyProgressStore } from "../../../src/ui/apply-progress/apply-progress-store.js";

function write(name: string): Action {
  return {
    id: `/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/privateDnsZones/${name}`,
    resource: "privateDnsZone",
    description: `private DNS zone ${name}`,
    dependsOn: [],
    kind: "create",
    write: { resource: "privateDnsZone", request: { id: name } },
  };
}

async function flush(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe("the apply task list", () => {
  it("shows each write waiting, running, done with its time, failed with why, or skipped", async () => {
    const [a, b, c, d] = ["a.zone", "b.zone", "c.zone", "d.zone"].map(write) as [
      Action,
      Action,
      Action,
      Action,
    ];
    const store = new ApplyProgressStore([a, b, c, d]);
    const view = render(<ApplyProgress store={store} />);
    expect(view.lastFrame()).toMatch(/· private DNS zone a\.zone/);
    expect(view.lastFrame()).toContain("0 of 4 done");

    store.dispatch({ type: "started", action: a });
    store.dispatch({ type: "started", action: b });
    store.dispatch({ type: "succeeded", action: a, durationMs: 1234 });
    store.dispatch({ type: "failed", action: b, error: new Error("ARM refused: Conflict") });
    store.dispatch({ type: "skipped", action: c, reason: "an action it depends on failed" });
    store.dispatch({ type: "started", action: d });
    await flush();

    const frame = view.lastFrame() ?? "";
    expect(frame).toMatch(/✓ private DNS zone a\.zone \(1\.2 s\)/);
    expect(frame).toMatch(/✗ private DNS zone b\.zone\n\s+ARM refused: Conflict/);
    expect(frame).toMatch(/- private DNS zone c\.zone\n\s+an action it depends on failed/);
    expect(frame).not.toMatch(/[·✓✗-] private DNS zone d\.zone/);
    expect(frame).toContain("1 of 4 done, 1 failed, 1 not started");
    view.unmount();
  });

  it("shows a write held by its condition in yellow words, with what it waits for, and counts it apart", async () => {
    const deny = { ...write("vault"), condition: "only once the private path works" };
    const store = new ApplyProgressStore([deny]);
    const view = render(<ApplyProgress store={store} />);
    store.dispatch({ type: "held", action: deny, reason: "waiting for 3 names to resolve privately" });
    await flush();
    const frame = view.lastFrame() ?? "";
    expect(frame).toMatch(/… private DNS zone vault · held\n\s+waiting for 3 names to resolve privately/);
    expect(frame).toContain("0 of 1 done, 1 held (the next apply makes it)");
    view.unmount();
  });
});

describe("the apply task list while ARM's budget holds writes back", () => {
  it("says how long it waits and for whose budget, until the next write moves", async () => {
    const a = write("a.zone");
    const store = new ApplyProgressStore([a]);
    const view = render(<ApplyProgress store={store} />);
    store.dispatch({ type: "started", action: a });
    store.paced({
      budget: "subscription 3f2a6b1e",
      waitMs: 1200,
      header: "x-ms-ratelimit-remaining-subscription-global-writes: 0",
    });
    await flush();
    // The header that said so follows, cut at the frame's width.
    expect(view.lastFrame()).toContain(
      "Waiting 1.2 s for subscription 3f2a6b1e's request budget (x-ms-ratelimit",
    );
    store.dispatch({ type: "succeeded", action: a, durationMs: 1500 });
    await flush();
    expect(view.lastFrame()).not.toContain("Waiting");
    view.unmount();
  });
});

describe("the apply task list while an operation someone else started is still running", () => {
  it("shows under the resource how long it waits and the state it saw", async () => {
    const zone = write("a.zone");
    const store = new ApplyProgressStore([zone]);
    const view = render(<ApplyProgress store={store} />);
    store.dispatch({ type: "operationWait", action: zone, state: "Updating", waitMs: 2000 });
    await flush();
    expect(view.lastFrame()).toMatch(
      /private DNS zone a\.zone\n\s+waiting 2\.0 s: an operation is still running on private DNS zone a\.zone/,
    );
    view.unmount();
  });
});
