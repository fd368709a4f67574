// Writes src/sandbox/data/api-versions.json: every published api-version (stable and preview) of each resource
// type the sandbox serves, read from the folders of the Azure REST API specs (github.com/Azure/azure-rest-api-specs),
// so the list is generated, not typed by hand.
//
//   node scripts/generate-api-versions.mjs [--specs DIR [--ref REF]] [--bicep-types DIR [--ref REF]]
//                                          [--vendored spec/azure] [--previous FILE] [--out FILE]
//
// Sources (at least one; the versions of all are merged, and each is recorded in the output):
// --specs        a git clone or mirror of azure-rest-api-specs, read at --ref (default HEAD) with `git grep`, so a
//                bare mirror or a `git clone --no-checkout` will do. A version counts for a family when a spec file
//                under `<version>/` in a `stable` or `preview` folder of the provider declares the family's path (not
//                an example); both layouts are read: `<provider>/(stable|preview)/<version>/x.json` and, for
//                TypeSpec-generated specs, `<provider>/<Service>/(stable|preview)/<version>/openapi.json`.
// --bicep-types  a git clone or mirror of github.com/Azure/bicep-types-az, whose `generated/<specs folder>/<namespace>/
//                <version>/types.json` Microsoft generates from the specs repository at the commit its commit message
//                names ("Update types from https://github.com/Azure/azure-rest-api-specs/tree/<commit>"): a version
//                counts when that version's types.json declares the family's resource type (`"<type>@<version>"`).
//                It adds the versions newer than the newest one the other sources give from the specs folders (the
//                vendored files aside): its older packages label some types with versions whose folders do not declare
//                them. The specs repository (1.3 GB) is too big for some machines; bicep-types-az is not, and it is
//                regenerated from the specs' main branch every few days.
// --vendored     a plain folder laid out like the specs repository (holding `specification/…`): the project's
//                spec/azure vendors spec files of newer commits, whose versions the product's SDK packages send.
// --previous     a list this script wrote before (usually the committed one): its versions and sources are kept, so
//                a run with one new source adds to the list instead of losing what an earlier source gave.
//
// To serve a new resource type: add its family below (the specs folder and path it declares, and the resource type
// as ARM names it), add the version the SDK sends to CURRENT_API_VERSION in src/sandbox/api-versions.ts, give its
// routes that family, and run the script again (README "The api-version rule").

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

/**
 * The sandbox's api-version families (src/sandbox/api-versions.ts): the provider folder to read and the path key a
 * spec file must declare for its version to count (the ARM path templates as the specs write them), and the
 * resource type bicep-types-az declares for the family (none for families that are not a resource type: the
 * subscription and provider reads, Resource Graph's query action).
 */
const FAMILIES = {
  network: {
    root: "specification/network/resource-manager/Microsoft.Network",
    needle: "/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}",
    resourceType: "Microsoft.Network/virtualNetworks",
  },
  "network.privateEndpoints": {
    root: "specification/network/resource-manager/Microsoft.Network",
    needle: "/providers/Microsoft.Network/privateEndpoints/{privateEndpointName}",
    resourceType: "Microsoft.Network/privateEndpoints",
  },
  "network.privateDnsZoneGroups": {
    root: "specification/network/resource-manager/Microsoft.Network",
    needle: "/privateDnsZoneGroups/{privateDnsZoneGroupName}",
    resourceType: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
  },
  privatedns: {
    root: "specification/privatedns/resource-manager/Microsoft.Network",
    needle: "/providers/Microsoft.Network/privateDnsZones/{privateZoneName}",
    resourceType: "Microsoft.Network/privateDnsZones",
  },
  "network.dnsResolvers": {
    root: "specification/dnsresolver/resource-manager/Microsoft.Network",
    needle: "/providers/Microsoft.Network/dnsResolvers/{dnsResolverName}",
    resourceType: "Microsoft.Network/dnsResolvers",
  },
  "recoveryservices.vaults": {
    root: "specification/recoveryservices/resource-manager/Microsoft.RecoveryServices",
    needle: "/providers/Microsoft.RecoveryServices/vaults/{vaultName}",
    resourceType: "Microsoft.RecoveryServices/vaults",
  },
  "recoveryservices.backup": {
    root: "specification/recoveryservicesbackup/resource-manager/Microsoft.RecoveryServices",
    needle: "/backupProtectedItems",
    resourceType: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems",
  },
  "resources.subscriptions": {
    root: "specification/resources/resource-manager/Microsoft.Resources",
    needle: "/subscriptions/{subscriptionId}/locations",
  },
  "resources.resourceGroups": {
    root: "specification/resources/resource-manager/Microsoft.Resources",
    needle: "/resourcegroups/{resourceGroupName}",
    resourceType: "Microsoft.Resources/resourceGroups",
  },
  "resources.providers": {
    root: "specification/resources/resource-manager/Microsoft.Resources",
    needle: "/providers/{resourceProviderNamespace}",
  },
  "resources.deployments": {
    root: "specification/resources/resource-manager/Microsoft.Resources",
    needle: "/providers/Microsoft.Resources/deployments/{deploymentName}",
    resourceType: "Microsoft.Resources/deployments",
  },
  "resources.deploymentStacks": {
    root: "specification/resources/resource-manager/Microsoft.Resources",
    needle: "/providers/Microsoft.Resources/deploymentStacks/{deploymentStackName}",
    resourceType: "Microsoft.Resources/deploymentStacks",
  },
  "resources.deploymentStacksWhatIfResults": {
    root: "specification/resources/resource-manager/Microsoft.Resources",
    needle: "/providers/Microsoft.Resources/deploymentStacksWhatIfResults/{deploymentStacksWhatIfResultName}",
    resourceType: "Microsoft.Resources/deploymentStacksWhatIfResults",
  },
  "authorization.policyAssignments": {
    root: "specification/resources/resource-manager/Microsoft.Authorization",
    needle: "/providers/Microsoft.Authorization/policyAssignments/{policyAssignmentName}",
    resourceType: "Microsoft.Authorization/policyAssignments",
  },
  keyvault: {
    root: "specification/keyvault/resource-manager/Microsoft.KeyVault",
    needle: "/providers/Microsoft.KeyVault/vaults/{vaultName}",
    resourceType: "Microsoft.KeyVault/vaults",
  },
  "dataprotection.backupVaults": {
    root: "specification/dataprotection/resource-manager/Microsoft.DataProtection",
    needle: "/providers/Microsoft.DataProtection/backupVaults/{vaultName}",
    resourceType: "Microsoft.DataProtection/backupVaults",
  },
  // Only the vendored excerpt's version is listed until the script is run against a specs clone again.
  resourcegraph: {
    root: "specification/resourcegraph/resource-manager/Microsoft.ResourceGraph",
    needle: "/providers/Microsoft.ResourceGraph/resources",
  },
};

const VERSION_FOLDER = /\/(stable|preview)\/(\d{4}-\d{2}-\d{2}(?:-[a-z0-9.]+)?)\/[^/]+\.json$/i;

const USAGE =
  "Usage: [--specs DIR [--ref REF]] [--bicep-types DIR [--ref REF]] [--vendored DIR] [--previous FILE] [--out FILE]";

function parseArgs(argv) {
  const sources = [];
  let out = "src/sandbox/data/api-versions.json";
  for (let i = 0; i < argv.length; i += 2) {
    const [arg, value] = [argv[i], argv[i + 1]];
    const last = sources.at(-1);
    if (arg === "--specs" && value) sources.push({ kind: "git", dir: value, ref: "HEAD" });
    else if (arg === "--bicep-types" && value) sources.push({ kind: "bicep", dir: value, ref: "HEAD" });
    else if (arg === "--vendored" && value) sources.push({ kind: "folder", dir: value });
    else if (arg === "--previous" && value) sources.push({ kind: "previous", file: value });
    else if (arg === "--ref" && value && (last?.kind === "git" || last?.kind === "bicep")) last.ref = value;
    else if (arg === "--out" && value) out = value;
    else {
      console.error(`Unknown or incomplete argument: ${arg}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (sources.length === 0) {
    console.error(
      `Give at least one source: --specs DIR (a clone of github.com/Azure/azure-rest-api-specs) or --bicep-types DIR (a clone of github.com/Azure/bicep-types-az).\n${USAGE}`,
    );
    process.exit(2);
  }
  return { sources, out };
}

function git(dir, args) {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
}

/** Paths `git grep -l -F needle` finds at `commit` under `pathspec`, without the `<commit>:` prefix. */
function gitGrep(dir, commit, needle, pathspec) {
  let output = "";
  try {
    output = git(dir, ["grep", "-l", "-F", needle, commit, "--", pathspec]);
  } catch (error) {
    if (error.status === 1) return []; // git grep: nothing found
    throw error;
  }
  return output
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.slice(commit.length + 1));
}

function commitOf(dir, ref) {
  const commit = git(dir, ["rev-parse", `${ref}^{commit}`]).trim();
  const date = git(dir, ["show", "-s", "--format=%cI", commit]).trim();
  return { commit, date };
}

/** Versions whose spec file (not an example) under the family's root declares its path. */
function versionsOfSpecFiles(paths) {
  return paths
    .filter((path) => !path.includes("/examples/"))
    .flatMap((path) => {
      const match = VERSION_FOLDER.exec(path);
      return match ? [match[2]] : [];
    });
}

/** A clone of the specs repository, read at a commit. */
function gitSource({ dir, ref }) {
  const { commit, date } = commitOf(dir, ref);
  return {
    record: { repository: "Azure/azure-rest-api-specs", commit, date },
    versions: ({ root, needle }) => versionsOfSpecFiles(gitGrep(dir, commit, needle, `${root}/`)),
  };
}

const BICEP_TYPES_FILE = /^generated\/[^/]+\/[^/]+\/(\d{4}-\d{2}-\d{2}(?:-[a-z0-9.]+)?)\/types\.json$/i;
const SPECS_COMMIT_NAMED = /github\.com\/Azure\/azure-rest-api-specs\/tree\/([0-9a-f]{7,40})/;

/** A clone of bicep-types-az, read at a commit: the specs commit it was generated from is in its message. */
function bicepSource({ dir, ref }) {
  const { commit, date } = commitOf(dir, ref);
  const subject = git(dir, ["show", "-s", "--format=%s", commit]).trim();
  const specsCommit = SPECS_COMMIT_NAMED.exec(subject)?.[1];
  return {
    record: {
      repository: "Azure/bicep-types-az",
      commit,
      date,
      generatedFrom: { repository: "Azure/azure-rest-api-specs", commit: specsCommit ?? "(not named)" },
    },
    versions: ({ resourceType }) =>
      resourceType === undefined
        ? []
        : gitGrep(dir, commit, `"${resourceType}@`, "generated/*/types.json").flatMap((path) => {
            const match = BICEP_TYPES_FILE.exec(path);
            return match ? [match[1]] : [];
          }),
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
    versions({ root, needle }) {
      let files;
      try {
        files = walk(join(dir, root));
      } catch {
        return [];
      }
      return versionsOfSpecFiles(
        files
          .filter((file) => file.endsWith(".json") && readFileSync(file, "utf8").includes(needle))
          .map((file) => relative(dir, file).split(sep).join("/")),
      );
    },
  };
}

/** A list this script wrote before: its versions per family, and its sources (recorded again, not re-read). */
function previousSource({ file }) {
  const previous = JSON.parse(readFileSync(file, "utf8"));
  return {
    records: previous.sources ?? [],
    versions: (_family, name) => previous.families?.[name]?.versions ?? [],
  };
}

/** Oldest first, stable and preview together (a preview sorts after the stable version of its date). */
function byDate(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

const { sources, out } = parseArgs(process.argv.slice(2));
const readers = sources.map((source) =>
  source.kind === "git"
    ? gitSource(source)
    : source.kind === "bicep"
      ? bicepSource(source)
      : source.kind === "previous"
        ? previousSource(source)
        : folderSource(source),
);
const families = {};
for (const [name, family] of Object.entries(FAMILIES)) {
  const of = (kinds) =>
    readers
      .filter((_, i) => kinds.includes(sources[i].kind))
      .flatMap((reader) => reader.versions(family, name));
  // bicep-types-az extends a family forward from the newest version the specs folders themselves gave (a clone or
  // an earlier list, the vendored files aside): its older packages label some resource types with versions whose
  // spec folders do not declare them (network 2017-03-30 virtualNetworks, 2018-10-01 privateEndpoints).
  const vendored = new Set(of(["folder"]));
  const cutoff = of(["git", "previous"])
    .filter((v) => !vendored.has(v))
    .sort(byDate)
    .at(-1);
  const forward = of(["bicep"]).filter((v) => cutoff === undefined || byDate(v, cutoff) > 0);
  const versions = new Set([...of(["git", "previous", "folder"]), ...forward]);
  if (versions.size === 0) {
    console.error(
      `No source gives a version of ${name}: no spec file under ${family.root} declares ${family.needle}${family.resourceType === undefined ? "" : `, and no bicep types declare ${family.resourceType}`}. Is --specs a clone of azure-rest-api-specs (or --bicep-types one of bicep-types-az)?`,
    );
    process.exit(1);
  }
  families[name] = {
    root: family.root,
    declares: family.needle,
    ...(family.resourceType === undefined ? {} : { resourceType: family.resourceType }),
    versions: [...versions].sort(byDate),
  };
}
/** Each source once, in the order given (a previous list's own sources first where it stands). */
const recorded = [];
for (const record of readers.flatMap((reader) => reader.records ?? [reader.record])) {
  if (!recorded.some((r) => JSON.stringify(r) === JSON.stringify(record))) recorded.push(record);
}
const document = {
  $comment:
    "Generated by scripts/generate-api-versions.mjs from the folders of github.com/Azure/azure-rest-api-specs (directly, or through github.com/Azure/bicep-types-az, generated from them at the commit named); do not edit by hand, run the script again.",
  sources: recorded,
  families,
};
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
console.log(
  `Wrote ${out}: ${Object.entries(families)
    .map(([family, { versions }]) => `${family} ${versions.length}`)
    .join(", ")}.`,
);
