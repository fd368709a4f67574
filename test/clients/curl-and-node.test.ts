import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBuiltCli } from "../cli/run-cli.js";
import { requireTool, runTool, type ServedSandbox, serveSandboxWithTls } from "./served-sandbox.js";

/**
 * The two other clients README names: curl, with the very line the banner prints, and a Node program on the Azure
 * SDK for JavaScript (vaultlink itself, pointed at the sandbox's https URL) trusting the certificate through
 * NODE_EXTRA_CA_CERTS.
 */
describe("curl and the Node SDK against vaultlink sandbox --tls", () => {
  let sandbox: ServedSandbox;
  beforeAll(async () => {
    sandbox = await serveSandboxWithTls();
  });
  afterAll(() => sandbox.stop());

  it("runs the banner's curl line as pasted", async (context) => {
    await requireTool(context, { file: "curl", args: ["--version"], install: "curl (apt-get install curl)" });
    expect(sandbox.curlLine).toContain(`--cacert ${sandbox.certFile}`);
    const run = await runTool("sh", ["-c", `${sandbox.curlLine} --fail --silent --show-error`], {
      PATH: process.env.PATH ?? "",
    });
    expect(run.stderr).toBe("");
    const answer = JSON.parse(run.stdout);
    expect(answer.value.length).toBeGreaterThan(1);
  });

  it("serves vaultlink's own SDK clients over https once Node trusts the certificate", async () => {
    const trusted = await runBuiltCli(["check", "--sandbox", sandbox.url, "--output", "json"], {
      NODE_EXTRA_CA_CERTS: sandbox.certFile,
    });
    // Exit 3: three demo vaults are blocked, which check reports; the answers came over https.
    expect(trusted.code).toBe(3);
    expect(trusted.stderr).toContain(
      "vaults cannot take v2 backup private endpoints: rsv-legacy-weu, rsv-sql-weu, rsv-files-uks.",
    );
    expect(JSON.parse(trusted.stdout).vaults.map((v: { name: string }) => v.name)).toContain("rsv-prod-weu");
  });

  it("fails at once, naming NODE_EXTRA_CA_CERTS, when Node does not trust the certificate", async () => {
    const untrusted = await runBuiltCli(["check", "--sandbox", sandbox.url]);
    // Not an internal error, and not retried: one refused TLS handshake ends the command with a user error.
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).not.toContain("Internal error");
    expect(untrusted.stderr).toContain(`The TLS certificate of ${sandbox.url} is not trusted`);
    expect(untrusted.stderr).toContain("NODE_EXTRA_CA_CERTS");
    expect(untrusted.stdout).toBe("");
  });
});
