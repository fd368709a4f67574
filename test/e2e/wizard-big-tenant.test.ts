import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { bigTenant } from "../../src/sandbox/big-tenant.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { VAULT_CHECKS_AT_ONCE } from "../../src/ui/steps/vault/use-vault-checks.js";
import { Keys, startCli, type TerminalSession } from "./pseudo-terminal.js";
import { type SeenRequest, startWatchingProxy, type WatchingProxy } from "./watching-proxy.js";

/**
 * The wizard's pickers on generated tenants of hundreds of vaults or VNets (more than Resource Graph's first page
 * holds), in a real terminal, with a proxy in front of the sandbox that holds later pages back and counts what is in
 * flight: each list is usable from its first page on, and the vault checks stay a few vaults at a time.
 */

const VAULTS = 300;

let session: TerminalSession | undefined;
let proxy: WatchingProxy | undefined;
let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await session?.close();
  await proxy?.close();
  await sandbox?.close();
  session = proxy = sandbox = undefined;
});

/** The vault whose backup data (items, containers, usages…) a request reads: one of its eligibility reads. */
function vaultRead(request: SeenRequest): string | undefined {
  return /\/vaults\/([^/?]+)\/[^?]/i.exec(request.path)?.[1]?.toLowerCase();
}

/** A list's later pages: Resource Graph queries that carry the previous page's `$skipToken`. */
function laterPage(request: SeenRequest): boolean {
  return /Microsoft\.ResourceGraph\/resources/i.test(request.path) && /skipToken/i.test(request.body);
}

describe("the wizard's pickers on a big tenant, in a real terminal", () => {
  it("shows the first vaults before the list is complete and checks only a few vaults at a time", async () => {
    if (!existsSync("dist/vaultlink.js"))
      throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
    sandbox = await startSandbox({
      state: bigTenant({
        subscriptions: 1,
        vaultsPerSubscription: VAULTS,
        vnetsPerSubscription: 2,
        subnetsPerVnet: 4,
      }),
      // Reads take a while, as ARM's do: checks started together are in flight together.
      latency: { read: 15, write: 0, lro: 0 },
      seed: "big tenant wizard",
    });
    proxy = await startWatchingProxy(sandbox.url);
    let mostVaultsInFlight = 0;
    proxy.onArrival((_request, inFlight) => {
      const vaults = new Set(inFlight.flatMap((r) => vaultRead(r) ?? []));
      mostVaultsInFlight = Math.max(mostVaultsInFlight, vaults.size);
    });
    // The rest of the vault list waits at the proxy until the test has seen the first page's rows.
    proxy.hold(laterPage);
    session = await startCli(["--sandbox", proxy.url], {}, { columns: 100, rows: 30 });
    const cli = session;
    await cli.waitFor("Landing zone 000");
    await cli.press(Keys.enter);

    const firstPage = await cli.waitFor(/\[(ready {2}|check {2})\] rsv-000-/);
    const [, arrived, listed] = /(\d+) of (\d+) vaults/.exec(firstPage) ?? [];
    expect(firstPage).toContain(`Loading vaults… ${arrived} so far`);
    expect(arrived).toBe(listed);
    expect(Number(arrived)).toBeLessThan(VAULTS);
    // The filter works on what has arrived: rsv-000-00 to rsv-000-09.
    await cli.type("rsv-000-0");
    await cli.waitFor(`10 of ${arrived} vaults`);
    await cli.press(Keys.escape);
    await cli.waitFor("(type to filter)");

    proxy.release();
    await cli.waitFor(`${VAULTS} of ${VAULTS} vaults`);
    // Paging down the list checks the vaults that come into view.
    for (let i = 0; i < 5; i++) await cli.press(Keys.pageDown);
    await cli.waitFor(/^(?![\s\S]*\[…)[\s\S]*Filter:/);

    expect(mostVaultsInFlight).toBeGreaterThan(0);
    expect(mostVaultsInFlight).toBeLessThanOrEqual(VAULT_CHECKS_AT_ONCE);
    // Only what was on screen or a key away was checked: a few screenfuls, not the 300.
    const checked = new Set(proxy.seen().flatMap((r) => vaultRead(r) ?? []));
    expect(checked.size).toBeLessThan(VAULTS / 2);
  }, 90_000);

  it("chooses a vault picked before its check came back, once the check is back", async () => {
    if (!existsSync("dist/vaultlink.js"))
      throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
    sandbox = await startSandbox({
      state: bigTenant({
        subscriptions: 1,
        vaultsPerSubscription: 20,
        vnetsPerSubscription: 1,
        subnetsPerVnet: 4,
      }),
      seed: "big tenant wizard",
    });
    proxy = await startWatchingProxy(sandbox.url);
    // rsv-000-07's reads wait at the proxy: its badge stays "…" until the test lets them through.
    proxy.hold((request) => vaultRead(request) === "rsv-000-07");
    session = await startCli(["--sandbox", proxy.url], {}, { columns: 100, rows: 30 });
    const cli = session;
    await cli.waitFor("Landing zone 000");
    await cli.press(Keys.enter);
    await cli.waitFor("20 of 20 vaults");
    await cli.type("rsv-000-07");
    await cli.waitFor("[…      ] rsv-000-07");
    await cli.press(Keys.enter);
    await cli.waitFor("Checking rsv-000-07… it is chosen as soon as its check is back.");
    proxy.release();
    await cli.waitFor("What will rsv-000-07 protect?");
  }, 60_000);

  it("shows the first subnets before every VNet has arrived, and filters them", async () => {
    if (!existsSync("dist/vaultlink.js"))
      throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
    // 250 VNets: Resource Graph's first page holds 100 of them, the rest come on later pages.
    sandbox = await startSandbox({
      state: bigTenant({
        subscriptions: 1,
        vaultsPerSubscription: 4,
        vnetsPerSubscription: 250,
        subnetsPerVnet: 2,
      }),
      seed: "big tenant wizard",
    });
    proxy = await startWatchingProxy(sandbox.url);
    session = await startCli(["--sandbox", proxy.url], {}, { columns: 100, rows: 30 });
    const cli = session;
    await cli.waitFor("Landing zone 000");
    await cli.press(Keys.enter);
    await cli.waitFor("[ready  ] rsv-000-00");
    proxy.hold(laterPage);
    await cli.press(Keys.enter);
    await cli.waitFor("What will rsv-000-00 protect?");
    await cli.press(Keys.space, Keys.enter);
    const firstPage = await cli.waitFor(/Loading subnets… \d+ so far/);
    const [, shown, total] = /(\d+) of (\d+) subnets/.exec(firstPage) ?? [];
    expect(Number(shown)).toBeGreaterThan(0);
    expect(shown).toBe(total);
    expect(firstPage).toMatch(/vnet-\d+\/snet-\d+/);
    // The filter works on what has arrived, and keeps working as the rest arrives.
    await cli.type("vnet-00/");
    await cli.waitFor(`2 of ${total} subnets`);
    proxy.release();
    // 125 VNets in the vault's region (every other one), 2 subnets each.
    await cli.waitFor("2 of 250 subnets");
    await cli.press(Keys.escape);
    await cli.waitFor("250 of 250 subnets");
  }, 60_000);
});
