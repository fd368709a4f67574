import { describe, expect, it } from "vitest";
import { cloudFor } from "../../../src/core/clouds.js";
import { hostsBlockMarkers, renderHostsBlock } from "../../../src/core/dns/hosts-block.js";
import { applyHostsBlock } from "../../../src/core/dns/hosts-file-edit.js";
import { dnsRecordSetFor } from "../../../src/core/dns/record-set.js";
import { UserError } from "../../../src/core/user-error.js";
import { fixtureRecordSet } from "./all-artefacts.js";
import { VAULT_ID, VAULT_NUMBER } from "./vault-fixture.js";

const OTHER_VAULT =
  "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-other/providers/Microsoft.RecoveryServices/vaults/rsv-other";
const block = renderHostsBlock(fixtureRecordSet("AzureCloud"));
const fc1 = `${VAULT_NUMBER}-ab-pod01-fc1.privatelink.we.backup.windowsazure.com`;

const linuxHosts =
  "127.0.0.1\tlocalhost\n::1     localhost ip6-localhost ip6-loopback\n\n# company proxy\n10.0.0.9 proxy.corp.example proxy\n";
const windowsHosts =
  "# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# localhost name resolution is handled within DNS itself.\r\n#\t127.0.0.1       localhost\r\n#\t::1             localhost\r\n";

function refusal(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("expected a UserError");
}

describe("putting a vault's block into a hosts file", () => {
  it("appends the block to a Linux hosts file and keeps every other byte", () => {
    const edit = applyHostsBlock(linuxHosts, block, VAULT_ID);
    expect(edit.changed).toBe(true);
    expect(edit.text.startsWith(`${linuxHosts}\n${hostsBlockMarkers(VAULT_ID).begin}\n`)).toBe(true);
    expect(edit.text.endsWith(`${hostsBlockMarkers(VAULT_ID).end}\n`)).toBe(true);
    expect(edit.text).toContain(`10.20.1.4       ${fc1}\n`);
    expect(edit.text).not.toContain("\r");
  });

  it("writes CRLF into a Windows hosts file, and nothing but CRLF", () => {
    const edit = applyHostsBlock(windowsHosts, block, VAULT_ID);
    expect(edit.text.startsWith(windowsHosts)).toBe(true);
    expect(edit.text.replaceAll("\r\n", "").includes("\n")).toBe(false);
    expect(edit.text).toContain(`10.20.1.4       ${fc1}\r\n`);
  });

  it("changes nothing the second time", () => {
    for (const hosts of [linuxHosts, windowsHosts, ""]) {
      const once = applyHostsBlock(hosts, block, VAULT_ID);
      const twice = applyHostsBlock(once.text, block, VAULT_ID);
      expect(twice).toEqual({ text: once.text, changed: false, diff: "" });
    }
  });

  it("replaces only this vault's block when the records change, leaving another vault's block alone", () => {
    const other = [
      hostsBlockMarkers(OTHER_VAULT).begin,
      "10.9.9.9 other.privatelink.we.backup.windowsazure.com",
      hostsBlockMarkers(OTHER_VAULT).end,
      "",
    ].join("\n");
    const before = applyHostsBlock(`${linuxHosts}${other}`, block, VAULT_ID).text;
    const moved = dnsRecordSetFor(VAULT_ID, cloudFor("AzureCloud"), [
      { name: "pe-rsv-prod-we", customDnsConfigs: [{ fqdn: fc1, ipAddresses: ["10.20.2.4"] }] },
    ]);
    const edit = applyHostsBlock(before, renderHostsBlock(moved), VAULT_ID);
    expect(edit.text.startsWith(`${linuxHosts}${other}`)).toBe(true);
    expect(edit.text).toContain(`10.20.2.4       ${fc1}\n`);
    expect(edit.text).not.toContain("10.20.1.4 ");
    expect(edit.text.split(hostsBlockMarkers(VAULT_ID).begin)).toHaveLength(2);
  });

  it("finds its markers whatever their case, as ARM ids are case-insensitive", () => {
    const upper = applyHostsBlock(linuxHosts, block, VAULT_ID).text.replaceAll(
      VAULT_ID,
      VAULT_ID.toUpperCase(),
    );
    const edit = applyHostsBlock(upper, block, VAULT_ID);
    expect(edit.text.split("# BEGIN vaultlink")).toHaveLength(2);
  });

  it("keeps a byte order mark and a last line without a line ending", () => {
    const edit = applyHostsBlock("\uFEFF127.0.0.1 localhost", block, VAULT_ID);
    expect(edit.text.startsWith("\uFEFF127.0.0.1 localhost\n\n# BEGIN vaultlink")).toBe(true);
  });

  it("shows the change as a unified diff for a dry run", () => {
    const installed = applyHostsBlock(linuxHosts, block, VAULT_ID).text;
    const moved = dnsRecordSetFor(VAULT_ID, cloudFor("AzureCloud"), [
      { name: "pe-rsv-prod-we", customDnsConfigs: [{ fqdn: fc1, ipAddresses: ["10.20.2.4"] }] },
    ]);
    const { diff } = applyHostsBlock(installed, renderHostsBlock(moved), VAULT_ID, "/etc/hosts");
    const lines = diff.split("\n");
    expect(lines.slice(0, 2)).toEqual(["--- /etc/hosts", "+++ /etc/hosts (vaultlink)"]);
    expect(lines[2]).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/);
    expect(lines).toContain(`-10.20.1.4       ${fc1}`);
    expect(lines).toContain(`+10.20.2.4       ${fc1}`);
    expect(lines.filter((line) => line.startsWith("+"))).toHaveLength(2);
    // The hunk's counts match its lines.
    const [, oldCount, newCount] = /,(\d+) \+\d+,(\d+)/.exec(lines[2] ?? "") ?? [];
    const body = lines.slice(3, -1);
    expect(body.filter((line) => !line.startsWith("+"))).toHaveLength(Number(oldCount));
    expect(body.filter((line) => !line.startsWith("-"))).toHaveLength(Number(newCount));
  });
});

describe("refusing a hosts file it cannot read", () => {
  const { begin, end } = hostsBlockMarkers(VAULT_ID);

  it.each([
    ["a second begin marker", `${begin}\n10.0.0.1 a\n${end}\n${begin}\n${end}\n`, 4, "opens a second"],
    ["a second end marker", `${begin}\n${end}\n${end}\n`, 3, "closes a second"],
    ["a begin without end", `127.0.0.1 localhost\n${begin}\n10.0.0.1 a\n`, 2, "never closes"],
    ["an end without begin", `127.0.0.1 localhost\n${end}\n`, 2, "never opens"],
    ["an end before the begin", `${end}\n${begin}\n`, 1, "before it opens"],
    [
      "another vault's marker inside the block",
      `${begin}\n${hostsBlockMarkers(OTHER_VAULT).begin}\n${end}\n`,
      2,
      "inside the block",
    ],
    ["NUL bytes", "127.0.0.1 localhost\n\u0000\u0001\u0002ELF\n", 2, "NUL bytes"],
    [
      "a line that is not an entry",
      "127.0.0.1 localhost\nnameserver 10.0.0.2\n",
      2,
      "does not start with an IP address",
    ],
    ["an address without a name", "127.0.0.1 localhost\r\n\r\n10.0.0.7\r\n", 3, "no host name"],
    ["a name that is no host name", "127.0.0.1 local/host\n", 1, "not a host name"],
    ["a bare carriage return", "127.0.0.1 localhost\rfoo\n", 1, "control characters"],
  ])("refuses %s, naming the line", (_what, hosts, line, problem) => {
    const error = refusal(() => applyHostsBlock(hosts, block, VAULT_ID, "/etc/hosts"));
    expect(error.message).toContain(`/etc/hosts: line ${line} `);
    expect(error.message).toContain(problem);
    expect(error.hint).toBeDefined();
  });

  it("accepts comments after entries, tabs, IPv6 and another vault's unbalanced block", () => {
    const hosts = `fe80::1%lo0\tlocalhost # link-local\n${hostsBlockMarkers(OTHER_VAULT).begin}\n`;
    expect(applyHostsBlock(hosts, block, VAULT_ID).changed).toBe(true);
  });

  it("refuses a block rendered for another vault", () => {
    const error = refusal(() => applyHostsBlock(linuxHosts, block, OTHER_VAULT));
    expect(error.message).toContain("not a vaultlink block for");
  });
});
