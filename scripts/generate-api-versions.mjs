// Writes src/sandbox/data/api-versions.json: every published api-version (stable and preview) of each resource
// type the sandbox serves, read from the folders of the Azure REST API specs (github.com/Azure/azure-rest-api-specs),
// so the list is generated, not typed by hand.
//
//   node scripts/generate-api-versions.mjs --specs DIR [--ref REF] [--vendored spec/azure] [--out FILE]
//
// --specs is a git clone or mirror of azure-rest-api-specs, read at --ref (default HEAD) with `git grep`, so a bare
// mirror or a `git clone --no-checkout` will do. --vendored is a plain folder laid out like the repository (holding
// `specification/…`): the project's spec/azure vendors spec files of newer commits, whose versions the product's SDK
// packages send. The versions of all sources are merged; each source is recorded in the output (a clone with its
// commit and date).
//
// A version counts for a resource type when a spec file under `<version>/` in a `stable` or `preview` folder of the
// provider declares the type's path (not an example). The specs' layout is either
// `<provider>/(stable|preview)/<version>/x.json` or, for TypeSpec-generated specs,
// `<provider>/<Service>/(stable|preview)/<version>/openapi.json`: both are read.

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

/**
 * The sandbox's api-version families (src/sandbox/api-versions.ts): the provider folder to read and the path key a
 * spec file must declare for its version to count. The needles are the ARM path templates as the specs write them.
 */
const FAMILIES = {
  network: {
    root: "specification/network/resource-manager/Microsoft.Network",
    needle: "/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}",
  },
  "network.privateEndpoints": {
    root: "specification/network/resource-manager/Microsoft.Network",
    needle: "/providers/Microsoft.Network/privateEndpoints/{privateEndpointName}",
  },
  "network.privateDnsZoneGroups": {
    root: "specification/network/resource-manager/Microsoft.Network",
    needle: "/privateDnsZoneGroups/{privateDnsZoneGroupName}",
  },
  privatedns: {
    root: "specification/privatedns/resource-manager/Microsoft.Network",
    needle: "/providers/Microsoft.Network/privateDnsZones/{privateZoneName}",
  },
  "recoveryservices.vaults": {
    root: "specification/recoveryservices/resource-manager/Microsoft.RecoveryServices",
    needle: "/providers/Microsoft.RecoveryServices/vaults/{vaultName}",
  },
  "recoveryservices.backup": {
    root: "specification/recoveryservicesbackup/resource-manager/Microsoft.RecoveryServices",
    needle: "/backupProtectedItems",
  },
  "resources.subscriptions": {
    root: "specification/resources/resource-manager/Microsoft.Resources",
    needle: "/subscriptions/{subscriptionId}/locations",
  },
  "resources.resourceGroups": {
    root: "specification/resources/resource-manager/Microsoft.Resources",
    needle: "/resourcegroups/{resourceGroupName}",
  },
  "resources.providers": {
    root: "specification/resources/resource-manager/Microsoft.Resources",
    needle: "/providers/{resourceProviderNamespace}",
  },
  "resources.deployments": {
    root: "specification/resources/resource-manager/Microsoft.Resources",
    needle: "/providers/Microsoft.Resources/deployments/{deploymentName}",
  },
  "resources.deploymentStacks": {
    root: "specification/resources/resource-manager/Microsoft.Resources",
    needle: "/providers/Microsoft.Resources/deploymentStacks/{deploymentStackName}",
  },
  keyvault: {
    root: "specification/keyvault/resource-manager/Microsoft.KeyVault",
    needle: "/providers/Microsoft.KeyVault/vaults/{vaultName}",
  },
  "dataprotection.backupVaults": {
    root: "specification/dataprotection/resource-manager/Microsoft.DataProtection",
    needle: "/providers/Microsoft.DataProtection/backupVaults/{vaultName}",
  },
  resourcegraph: {
    root: "specification/resourcegraph/resource-manager/Microsoft.ResourceGraph",
    needle: "/providers/Microsoft.ResourceGraph/resources",
  },
};

const VERSION_FOLDER = /\/(stable|preview)\/(\d{4}-\d{2}-\d{2}(?:-[a-z0-9.]+)?)\/[^/]+\.json$/i;

function parseArgs(argv) {
  const sources = [];
  let out = "src/sandbox/data/api-versions.json";
  for (let i = 0; i < argv.length; i += 2) {
    const [arg, value] = [argv[i], argv[i + 1]];
    if (arg === "--specs" && value) sources.push({ kind: "git", dir: value, ref: "HEAD" });
    else if (arg === "--vendored" && value) sources.push({ kind: "folder", dir: value });
    else if (arg === "--ref" && value && sources.at(-1)?.kind === "git") sources.at(-1).ref = value;
    else if (arg === "--out" && value) out = value;
    else {
      console.error(
        `Unknown or incomplete argument: ${arg}\nUsage: --specs DIR [--ref REF] [--vendored DIR] [--out FILE]`,
      );
      process.exit(2);
    }
  }
  if (sources.length === 0) {
    console.error("Give at least one --specs DIR (a clone of github.com/Azure/azure-rest-api-specs).");
    process.exit(2);
  }
  return { sources, out };
}

function git(dir, args) {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
}

/** A source's files under `root` that contain `needle`, as repository-relative paths. */
function gitSource({ dir, ref }) {
  const commit = git(dir, ["rev-parse", `${ref}^{commit}`]).trim();
  const date = git(dir, ["show", "-s", "--format=%cI", commit]).trim();
  return {
    record: { repository: "Azure/azure-rest-api-specs", commit, date },
    grep(root, needle) {
      let output = "";
      try {
        output = git(dir, ["grep", "-l", "-F", needle, commit, "--", `${root}/`]);
      } catch (error) {
        if (error.status === 1) return []; // git grep: nothing found
        throw error;
      }
      return output
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => line.slice(commit.length + 1));
    },
  };
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** A plain folder holding `specification/…`, such as the project's spec/azure. */
function folderSource({ dir }) {
  return {
    record: {
      folder: relative(process.cwd(), dir).split(sep).join("/"),
      note: "files copied unchanged from Azure/azure-rest-api-specs; its README names each file's commit",
    },
    grep(root, needle) {
      let files;
      try {
        files = walk(join(dir, root));
      } catch {
        return [];
      }
      return files
        .filter((file) => file.endsWith(".json") && readFileSync(file, "utf8").includes(needle))
        .map((file) => relative(dir, file).split(sep).join("/"));
    },
  };
}

/** Oldest first, stable and preview together (a preview sorts after the stable version of its date). */
function byDate(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

const { sources, out } = parseArgs(process.argv.slice(2));
const readers = sources.map((source) => (source.kind === "git" ? gitSource(source) : folderSource(source)));
const families = {};
for (const [family, { root, needle }] of Object.entries(FAMILIES)) {
  const versions = new Set();
  for (const reader of readers) {
    for (const path of reader.grep(root, needle)) {
      if (path.includes("/examples/")) continue;
      const match = VERSION_FOLDER.exec(path);
      if (match) versions.add(match[2]);
    }
  }
  if (versions.size === 0) {
    console.error(
      `No spec file under ${root} declares ${needle}: is --specs a clone of azure-rest-api-specs?`,
    );
    process.exit(1);
  }
  families[family] = { root, declares: needle, versions: [...versions].sort(byDate) };
}
const document = {
  $comment:
    "Generated by scripts/generate-api-versions.mjs from the folders of github.com/Azure/azure-rest-api-specs; do not edit by hand, run the script again.",
  sources: readers.map((reader) => reader.record),
  families,
};
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
console.log(
  `Wrote ${out}: ${Object.entries(families)
    .map(([family, { versions }]) => `${family} ${versions.length}`)
    .join(", ")}.`,
);
