import { execFile } from "node:child_process";
import {
  chmod,
  chown,
  link,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, type TestContext } from "vitest";
import { createAzureAdapter } from "../../src/azure/adapter.js";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { type CliResult, runBuiltCli } from "../cli/run-cli.js";
import { applyFully } from "../support/apply-fully.js";
import { skipOutsideCi } from "../support/skip-outside-ci.js";

/**
 * Shared files through the built CLI: hosts files that two vaults' runs edit at once, symlinked, bind-mounted,
 * owned by someone else, read-only, with a byte order mark and CRLF. What README "Bad input and faults" promises.
 * Some cases need root (chown to another user, a bind mount): CI runs as root, so there they must run; elsewhere
 * they are skipped with the reason.
 */

const PLANS = ["examples/private-zones.plan.json", "examples/custom-dns.plan.json"] as const;

const BASE = "127.0.0.1 localhost\n::1 localhost ip6-localhost\n";

let sandbox: RunningSandbox;
let directory: string;
const vaultIds = new Map<string, string>();

/** The line that opens a plan's vault's block. */
function beginMarker(plan: string): string {
  return `# BEGIN vaultlink ${vaultIds.get(plan)}`;
}

function writeHosts(plan: string, file: string, ...more: string[]): Promise<CliResult> {
  return runBuiltCli(["dns", plan, "--sandbox", sandbox.url, "--format", "hosts", "--write", file, ...more]);
}

/** Root, or (outside CI) a visible skip; in CI a failure, since CI runs as root and must run these. */
function requireRoot(context: TestContext, what: string): void {
  if (process.getuid?.() === 0) return;
  const message = `${what} needs root`;
  skipOutsideCi(context, message, "CI runs as root: it must run here.");
}

function run(command: string, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 15_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The built CLI as another user, with no groups (setpriv, from util-linux). It keeps CAP_DAC_READ_SEARCH only, so it
 * can read the checkout wherever CI cloned it (a root-only home, say) but writes, and may chown, as that user alone.
 */
function runAs(uid: number, args: readonly string[]): Promise<CliResult> {
  return run("setpriv", [
    `--reuid=${uid}`,
    `--regid=${uid}`,
    "--clear-groups",
    "--inh-caps=+dac_read_search",
    "--ambient-caps=+dac_read_search",
    process.execPath,
    "bin/vaultlink",
    ...args,
  ]);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  directory = await mkdtemp(join(tmpdir(), "vaultlink-shared-files-"));
  const adapter = await createAzureAdapter(
    { kind: "sandbox", url: new URL(sandbox.url) },
    { pollIntervalMs: 5 },
  );
  for (const path of PLANS) {
    const plan = parsePlanText(await readFile(path, "utf8"), path);
    vaultIds.set(path, plan.vault.id);
    await applyFully(adapter, plan);
    // The custom-DNS example asks for manual approval: approve, as its owner would, so the endpoints list names.
    const vault = await adapter.getVault(plan.vault.id);
    for (const connection of vault.privateEndpointConnections) {
      if (connection.status !== "Approved")
        await adapter.approvePrivateEndpointConnection(vault.id, connection.name);
    }
  }
}, 60_000);

afterAll(async () => {
  await sandbox.close();
  await rm(directory, { recursive: true, force: true });
});

describe("two vaults' hosts blocks written into one hosts file at the same moment", () => {
  it("keeps both blocks, every one of 50 rounds, and both runs exit 0", async () => {
    const hosts = join(directory, "concurrent-hosts");
    const lost: string[] = [];
    for (let round = 1; round <= 50; round += 1) {
      await writeFile(hosts, BASE);
      const results = await Promise.all(PLANS.map((plan) => writeHosts(plan, hosts)));
      results.forEach((result, index) => {
        expect(result.code, `round ${round}, ${PLANS[index]}: ${result.stderr}`).toBe(0);
      });
      const text = await readFile(hosts, "utf8");
      for (const plan of PLANS) if (!text.includes(beginMarker(plan))) lost.push(`round ${round}: ${plan}`);
      expect(text.startsWith(BASE)).toBe(true);
    }
    expect(lost).toEqual([]);
  }, 300_000);

  it("takes over the lock a killed run left behind, once it is stale, and removes it", async () => {
    const hosts = join(directory, "left-locked-hosts");
    await writeFile(hosts, BASE);
    await mkdir(`${hosts}.vaultlink-lock`);
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(`${hosts}.vaultlink-lock`, minuteAgo, minuteAgo);
    const { code, stderr } = await writeHosts(PLANS[0], hosts);
    expect(code, stderr).toBe(0);
    expect(await readFile(hosts, "utf8")).toContain(beginMarker(PLANS[0]));
    await expect(lstat(`${hosts}.vaultlink-lock`)).rejects.toThrow(/ENOENT/);
  });
});

describe("a hosts file's identity is kept", () => {
  it("edits the target of a symlinked hosts file and leaves the link a link", async () => {
    const real = join(directory, "real-hosts");
    const link = join(directory, "linked-hosts");
    await writeFile(real, BASE);
    await symlink(real, link);
    const { code, stdout, stderr } = await writeHosts(PLANS[0], link);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`${link} (a symlink to ${real})`);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, "utf8")).toContain(beginMarker(PLANS[0]));
    expect(await readFile(`${real}.vaultlink-backup`, "utf8")).toBe(BASE);
  });

  it("writes a hard-linked hosts file in place, so every name for it sees the block", async () => {
    const hosts = join(directory, "hard-linked-hosts");
    const other = join(directory, "other-name-for-hosts");
    await writeFile(hosts, BASE);
    await link(hosts, other);
    const { code, stdout, stderr } = await writeHosts(PLANS[0], hosts);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("written in place");
    expect(await readFile(other, "utf8")).toContain(beginMarker(PLANS[0]));
    expect((await stat(hosts)).nlink).toBe(2);
  });

  it("keeps a UTF-8 byte order mark and CRLF line endings", async () => {
    const hosts = join(directory, "bom-crlf-hosts");
    const original = "\uFEFF127.0.0.1 localhost\r\n# Windows keeps this file in UTF-8 with a BOM\r\n";
    await writeFile(hosts, original);
    const { code, stderr } = await writeHosts(PLANS[1], hosts);
    expect(code, stderr).toBe(0);
    const bytes = await readFile(hosts);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text.startsWith(original)).toBe(true);
    expect(text).toContain(beginMarker(PLANS[1]));
    expect(text.replaceAll("\r\n", "")).not.toContain("\n");
    expect(await readFile(`${hosts}.vaultlink-backup`)).toEqual(Buffer.from(original, "utf8"));
  });

  it("keeps mode 0600 and makes the backup no more readable, replacing an older world-readable backup", async () => {
    const hosts = join(directory, "private-hosts");
    await writeFile(hosts, BASE, { mode: 0o600 });
    await chmod(hosts, 0o600);
    await writeFile(`${hosts}.vaultlink-backup`, "an older backup\n", { mode: 0o644 });
    await chmod(`${hosts}.vaultlink-backup`, 0o644);
    const { code, stderr } = await writeHosts(PLANS[0], hosts);
    expect(code, stderr).toBe(0);
    expect((await stat(hosts)).mode & 0o7777).toBe(0o600);
    expect((await stat(`${hosts}.vaultlink-backup`)).mode & 0o7777).toBe(0o600);
    expect(await readFile(`${hosts}.vaultlink-backup`, "utf8")).toBe(BASE);
  });

  it("keeps another user's ownership, of the file and of its backup", async (context) => {
    requireRoot(context, "Giving the hosts file to another user");
    const hosts = join(directory, "owned-hosts");
    await writeFile(hosts, BASE);
    await chmod(hosts, 0o640);
    await chown(hosts, 4242, 4343);
    const { code, stderr } = await writeHosts(PLANS[1], hosts);
    expect(code, stderr).toBe(0);
    for (const path of [hosts, `${hosts}.vaultlink-backup`]) {
      const after = await stat(path);
      expect({ path, uid: after.uid, gid: after.gid, mode: after.mode & 0o7777 }).toEqual({
        path,
        uid: 4242,
        gid: 4343,
        mode: 0o640,
      });
    }
    expect(await readFile(hosts, "utf8")).toContain(beginMarker(PLANS[1]));
  });

  it("writes in place, keeping the owner, when the writer may write the file but not give it away", async (context) => {
    requireRoot(context, "Running the CLI as another user (setpriv)");
    // Its own directory that anyone may enter and write (the test's own is private to root).
    const shared = await mkdtemp(join(tmpdir(), "vaultlink-shared-hosts-"));
    onTestFinished(() => rm(shared, { recursive: true, force: true }));
    await chmod(shared, 0o777);
    const hosts = join(shared, "hosts");
    await writeFile(hosts, BASE);
    await chmod(hosts, 0o666);
    await chown(hosts, 4242, 4343);
    const result = await runAs(5151, [
      "dns",
      PLANS[0],
      "--sandbox",
      sandbox.url,
      "--format",
      "hosts",
      "--write",
      hosts,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("written in place");
    const after = await stat(hosts);
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([4242, 4343, 0o666]);
    expect(await readFile(hosts, "utf8")).toContain(beginMarker(PLANS[0]));
    // The backup could not be given to 4242, so only its writer may read it.
    const backup = await stat(`${hosts}.vaultlink-backup`);
    expect([backup.uid, backup.mode & 0o7777]).toEqual([5151, 0o600]);
  });

  it("tells a user who may not write beside the hosts file to use sudo, at once and without touching it", async (context) => {
    requireRoot(context, "Running the CLI as another user (setpriv)");
    const system = await mkdtemp(join(tmpdir(), "vaultlink-system-hosts-"));
    onTestFinished(() => rm(system, { recursive: true, force: true }));
    await chmod(system, 0o755);
    const hosts = join(system, "hosts");
    await writeFile(hosts, BASE);
    await chmod(hosts, 0o644);
    const result = await runAs(5151, ["dns", PLANS[0], "--sandbox", sandbox.url, "--write", hosts]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(
      `Cannot write ${hosts}: permission denied (creating its lock ${hosts}.vaultlink-lock).`,
    );
    expect(result.stderr).toContain("with sudo");
    expect(await readFile(hosts, "utf8")).toBe(BASE);
  });

  it("refuses a read-only (0444) hosts file with exit 2, even as root, and leaves it alone", async () => {
    const hosts = join(directory, "read-only-hosts");
    await writeFile(hosts, BASE);
    await chmod(hosts, 0o444);
    const { code, stderr } = await writeHosts(PLANS[0], hosts);
    expect(code).toBe(2);
    expect(stderr).toContain(`Cannot write ${hosts}: it is read-only (mode 0444).`);
    expect(stderr).toContain(`chmod u+w ${hosts}`);
    expect(await readFile(hosts, "utf8")).toBe(BASE);
    const dryRun = await writeHosts(PLANS[0], hosts, "--dry-run");
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain(beginMarker(PLANS[0]));
  });
});

describe("a bind-mounted hosts file (as in every Docker container)", () => {
  it("is written in place after a verified backup, since a rename cannot replace a mount point", async (context) => {
    requireRoot(context, "A bind mount");
    const source = join(directory, "bind-source-hosts");
    const mountPoint = join(directory, "bind-mounted-hosts");
    await writeFile(source, BASE);
    await chmod(source, 0o644);
    await writeFile(mountPoint, "# the file the mount hides\n");
    // A private mount namespace: the mount lives only as long as the CLI process, whatever happens to the test.
    const result = await run("unshare", [
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      'mount --bind "$1" "$2" || exit 97; shift 2; exec "$@"',
      "sh",
      source,
      mountPoint,
      process.execPath,
      "bin/vaultlink",
      "dns",
      PLANS[1],
      "--sandbox",
      sandbox.url,
      "--format",
      "hosts",
      "--write",
      mountPoint,
    ]);
    if (result.code === 97 || result.stderr.includes("unshare failed")) {
      const message = `cannot bind-mount here: ${result.stderr.trim()}`;
      skipOutsideCi(context, message, "CI runs as root and must run this.");
    }
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("written in place");
    const text = await readFile(source, "utf8");
    expect(text.startsWith(BASE)).toBe(true);
    expect(text).toContain(beginMarker(PLANS[1]));
    expect(await readFile(`${mountPoint}.vaultlink-backup`, "utf8")).toBe(BASE);
    expect(await readFile(mountPoint, "utf8")).toBe("# the file the mount hides\n");
  });
});

describe("files generated into --out DIR", () => {
  it("are rewritten keeping their mode, and leave no lock behind", async () => {
    const out = await mkdtemp(join(directory, "out-"));
    const file = join(out, "hosts.txt");
    await writeFile(file, "# an older block\n");
    await chmod(file, 0o640);
    const { code, stderr } = await runBuiltCli([
      "dns",
      PLANS[0],
      "--sandbox",
      sandbox.url,
      "--format",
      "hosts",
      "--out",
      out,
    ]);
    expect(code, stderr).toBe(0);
    expect(await readFile(file, "utf8")).toContain(beginMarker(PLANS[0]));
    expect((await stat(file)).mode & 0o7777).toBe(0o640);
    expect(await readdir(out)).toEqual(["hosts.txt"]);
  });
});
