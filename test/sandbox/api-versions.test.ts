import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_VERSION_SOURCES,
  type ApiFamily,
  acceptedApiVersions,
  CURRENT_API_VERSION,
} from "../../src/sandbox/api-versions.js";
import generated from "../../src/sandbox/data/api-versions.json" with { type: "json" };
import { ALL_ROUTES } from "../../src/sandbox/routes.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { arm, endpointBody, NETWORK, PROD_SPOKE, SUB_PROD } from "./arm-requests.js";

describe("the accepted api-versions", () => {
  it("come from a named commit of the specs repository, for every family a route uses", () => {
    const [specs] = API_VERSION_SOURCES;
    expect(specs).toMatchObject({ repository: "Azure/azure-rest-api-specs" });
    expect((specs as { commit: string }).commit).toMatch(/^[0-9a-f]{40}$/);
    for (const route of ALL_ROUTES) expect(acceptedApiVersions(route.family).length).toBeGreaterThan(0);
  });

  it("include what the pinned SDKs send, and stable and preview versions other clients send", () => {
    for (const [family, version] of Object.entries(CURRENT_API_VERSION))
      expect(acceptedApiVersions(family as ApiFamily)).toContain(version);
    // Debian's az CLI 2.45 and python3-azure list vaults with 2022-10-01; network's SDK there sends 2022-07-01.
    expect(acceptedApiVersions("recoveryservices.vaults")).toContain("2022-10-01");
    expect(acceptedApiVersions("network.privateEndpoints")).toContain("2022-07-01");
    expect(acceptedApiVersions("recoveryservices.vaults").some((v) => v.endsWith("-preview"))).toBe(true);
    // Private endpoints first appear in network 2019-04-01, zone groups in 2020-03-01: the spec files say so.
    expect(acceptedApiVersions("network.privateEndpoints")[0]).toBe("2019-04-01");
    expect(acceptedApiVersions("network.privateDnsZoneGroups")[0]).toBe("2020-03-01");
  });
});

describe("the sandbox checks api-version per resource type", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  const vaults = `/subscriptions/${SUB_PROD}/providers/Microsoft.RecoveryServices/vaults`;

  it("serves every published version of the vault list, stable and preview", async () => {
    for (const version of ["2022-10-01", "2016-06-01", "2024-04-30-preview"]) {
      const answer = await arm(sandbox, "GET", vaults, { apiVersion: version });
      expect([version, answer.status]).toEqual([version, 200]);
    }
  });

  it("answers an older version without the properties that version lacks, and does not lose them", async () => {
    const id = `${PROD_SPOKE}/privateEndpoints/pe-shape-by-version`;
    const subnet = `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu/subnets/snet-privateendpoints`;
    const put = await arm(sandbox, "PUT", id, {
      apiVersion: NETWORK,
      body: endpointBody("rsv-lrs-weu", subnet),
    });
    expect(put.body.properties.ipVersionType).toBe("IPv4");
    // ipVersionType: in network 2026-01-01's PrivateEndpointProperties, not in 2024-01-01's (spec/azure).
    for (const version of ["2022-07-01", "2024-01-01"]) {
      const old = await arm(sandbox, "GET", id, { apiVersion: version });
      expect([version, "ipVersionType" in old.body.properties]).toEqual([version, false]);
      const list = await arm(sandbox, "GET", `${PROD_SPOKE}/privateEndpoints`, { apiVersion: version });
      const listed = list.body.value.find((pe: { id: string }) => pe.id === id);
      expect(listed === undefined || !("ipVersionType" in listed.properties)).toBe(true);
    }
    // Left out of the answer only: the resource keeps it for clients of the newer version.
    expect((await arm(sandbox, "GET", id, { apiVersion: NETWORK })).body.properties.ipVersionType).toBe(
      "IPv4",
    );
  });

  it("checks DNS Private Resolver requests against the resolver's versions, not Microsoft.Network's others", async () => {
    const resolvers = `${PROD_SPOKE}/dnsResolvers`;
    // (No dnsresolver spec is vendored, so only the refusal is sent: the sandbox's 200s are checked against specs.)
    expect(acceptedApiVersions("network.dnsResolvers")).toContain(
      CURRENT_API_VERSION["network.dnsResolvers"],
    );
    // network 2024-01-01 is a Microsoft.Network version, but none of the dnsresolver specs'.
    const refused = await arm(sandbox, "GET", resolvers, { apiVersion: "2024-01-01" });
    expect([refused.status, refused.body.error.code]).toEqual([400, "InvalidApiVersionParameter"]);
  });

  it("refuses an unknown version in ARM's shape, naming the supported ones newest first", async () => {
    const answer = await arm(sandbox, "GET", vaults, { apiVersion: "2022-10-02" });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("InvalidApiVersionParameter");
    const newestFirst = [...acceptedApiVersions("recoveryservices.vaults")].reverse().join(",");
    expect(answer.body.error.message).toBe(
      `The api-version '2022-10-02' is invalid. The supported versions are '${newestFirst}'.`,
    );
  });
});

describe("scripts/generate-api-versions.mjs", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "vaultlink-specs-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function put(path: string, text: string) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }

  it("reads the versions from the folders of a specs clone at a commit, both layouts, examples left out", async () => {
    // Every family's provider folder gets one spec declaring its path (the committed list names both).
    for (const [family, { root, declares }] of Object.entries(generated.families))
      await put(`${root}/stable/2020-01-01/${family}.json`, JSON.stringify({ paths: { [declares]: {} } }));
    const rs = generated.families["recoveryservices.vaults"];
    const vaultSpec = JSON.stringify({ paths: { [rs.declares]: {} } });
    await put(`${rs.root}/stable/2022-10-01/vaults.json`, vaultSpec);
    await put(`${rs.root}/preview/2022-09-30-preview/vaults.json`, vaultSpec);
    await put(`${rs.root}/RecoveryServices/stable/2026-07-01/openapi.json`, vaultSpec);
    await put(`${rs.root}/stable/2023-01-01/examples/ListBySubscriptionIds.json`, vaultSpec);
    await put(`${rs.root}/stable/2023-02-01/registeredidentities.json`, '{"paths":{}}');
    const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
    const commitAll = (message: string) => {
      git("add", ".");
      git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", message);
    };
    git("init", "-q");
    commitAll("specs");
    const commit = git("rev-parse", "HEAD");
    // A version added after the commit that is read is not listed.
    await put(`${rs.root}/stable/2099-01-01/vaults.json`, vaultSpec);
    commitAll("later");

    const out = join(dir, "out.json");
    execFileSync(process.execPath, [
      "scripts/generate-api-versions.mjs",
      "--specs",
      dir,
      "--ref",
      commit,
      "--out",
      out,
    ]);
    const written = JSON.parse(await readFile(out, "utf8"));
    expect(written.sources).toEqual([
      { repository: "Azure/azure-rest-api-specs", commit, date: expect.any(String) },
    ]);
    expect(written.families["recoveryservices.vaults"].versions).toEqual([
      "2020-01-01",
      "2022-09-30-preview",
      "2022-10-01",
      "2026-07-01",
    ]);
    expect(written.families.keyvault.versions).toEqual(["2020-01-01"]);
  });

  it("refuses to write a list when a family's provider folder has no spec", async () => {
    const empty = await mkdtemp(join(tmpdir(), "vaultlink-specs-empty-"));
    try {
      execFileSync("git", ["-C", empty, "init", "-q"]);
      await writeFile(join(empty, "README.md"), "empty");
      execFileSync("git", ["-C", empty, "add", "."]);
      execFileSync("git", [
        "-C",
        empty,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-q",
        "-m",
        "x",
      ]);
      let stderr = "";
      try {
        execFileSync(
          process.execPath,
          ["scripts/generate-api-versions.mjs", "--specs", empty, "--out", join(empty, "o.json")],
          {
            stdio: "pipe",
          },
        );
      } catch (error) {
        stderr = String((error as { stderr: Buffer }).stderr);
      }
      expect(stderr).toMatch(/No source gives a version of [\w.]+: no spec file under specification\//);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it("extends the list from bicep-types-az forward, keeping an earlier list's versions and sources", async () => {
    const bicep = await mkdtemp(join(tmpdir(), "vaultlink-bicep-types-"));
    try {
      const put = async (path: string, types: string[]) => {
        await mkdir(dirname(join(bicep, path)), { recursive: true });
        await writeFile(
          join(bicep, path),
          JSON.stringify(types.map((name) => ({ $type: "ResourceType", name }))),
        );
      };
      const rs = "generated/recoveryservices/microsoft.recoveryservices";
      await put(`${rs}/2026-05-01/types.json`, ["Microsoft.RecoveryServices/vaults@2026-05-01"]);
      await put(`${rs}/2026-05-31-preview/types.json`, [
        "Microsoft.RecoveryServices/vaults@2026-05-31-preview",
      ]);
      // Older than what the specs folders gave: not taken from bicep-types (its old packages mislabel some).
      await put(`${rs}/2019-01-01/types.json`, ["Microsoft.RecoveryServices/vaults@2019-01-01"]);
      await put("generated/dnsresolver/microsoft.network/2022-07-01/types.json", [
        "Microsoft.Network/dnsResolvers@2022-07-01",
      ]);
      const git = (...args: string[]) =>
        execFileSync("git", ["-C", bicep, ...args], { encoding: "utf8" }).trim();
      git("init", "-q");
      git("add", ".");
      git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-q",
        "-m",
        "Update types from https://github.com/Azure/azure-rest-api-specs/tree/b7170cade0 (#1)",
      );
      const out = join(bicep, "out.json");
      execFileSync(process.execPath, [
        "scripts/generate-api-versions.mjs",
        "--previous",
        "src/sandbox/data/api-versions.json",
        "--bicep-types",
        bicep,
        "--out",
        out,
      ]);
      const written = JSON.parse(await readFile(out, "utf8"));
      expect(written.sources).toEqual([
        ...generated.sources,
        {
          repository: "Azure/bicep-types-az",
          commit: git("rev-parse", "HEAD"),
          date: expect.any(String),
          generatedFrom: { repository: "Azure/azure-rest-api-specs", commit: "b7170cade0" },
        },
      ]);
      const vaults = written.families["recoveryservices.vaults"].versions;
      expect(vaults).toEqual(expect.arrayContaining([...acceptedApiVersions("recoveryservices.vaults")]));
      expect(vaults).toEqual(expect.arrayContaining(["2026-05-01", "2026-05-31-preview"]));
      expect(vaults).not.toContain("2019-01-01");
      expect(written.families["network.dnsResolvers"].versions).toEqual(
        expect.arrayContaining(["2022-07-01"]),
      );
    } finally {
      await rm(bicep, { recursive: true, force: true });
    }
  });

  it("the committed list is what the script's families declare", () => {
    expect(Object.keys(generated.families).sort()).toEqual(Object.keys(CURRENT_API_VERSION).sort());
  });
});
