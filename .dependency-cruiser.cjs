/**
 * The layer rules of DESIGN.md ("Layers (each imports only those below it)"), checked on every `npm test` by
 * test/architecture/layers.test.ts:
 *
 *   cli -> ui -> engine -> azure -> core;  core imports nothing of ours;  only src/azure imports @azure/*;
 *   src/sandbox (a simulated tenant, a second opinion on the product) imports nothing but types from the rest.
 *
 * `type-only` imports (`import type`) vanish at build time, so they are allowed where a value import is not.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const OURS = "^src/(cli|ui|engine|azure|core|sandbox)/";

/** UI files that import src/azure/adapter.ts today (value imports: allPages in the last three). */
const KNOWN_UI_ADAPTER_IMPORTS = [
  "WizardApp[.]tsx",
  "wizard-services[.]ts",
  "use-pages[.]ts",
  "plan-draft[.]ts",
  "steps/vault/vault-readiness[.]ts",
  "steps/guidance/GuidanceStep[.]tsx",
  "steps/dns/DnsStep[.]tsx",
];

module.exports = {
  forbidden: [
    {
      name: "sandbox-imports-only-types",
      comment:
        "src/sandbox knows Azure from its own sourced data (src/sandbox/data/), not from the code it is meant to check.",
      severity: "error",
      from: { path: "^src/sandbox/" },
      to: { path: "^src/(cli|ui|engine|azure|core)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "core-imports-nothing-of-ours",
      comment: "src/core is pure: plan schema, regions, zone names, rules. It imports no other layer.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^src/(cli|ui|engine|azure|sandbox)/" },
    },
    {
      name: "azure-imports-only-core",
      severity: "error",
      from: { path: "^src/azure/" },
      to: { path: "^src/(cli|ui|engine|sandbox)/" },
    },
    {
      name: "engine-imports-only-azure-and-core",
      severity: "error",
      from: { path: "^src/engine/" },
      to: { path: "^src/(cli|ui|sandbox)/" },
    },
    {
      name: "ui-imports-only-engine-and-core",
      comment: "The UI reaches Azure through the engine's services, not through the adapter.",
      severity: "error",
      from: { path: "^src/ui/" },
      to: { path: "^src/(cli|azure|sandbox)/", pathNot: "^src/azure/adapter[.]ts$" },
    },
    {
      name: "ui-imports-the-adapter-only-where-it-did",
      comment:
        "Known exceptions, left for a later change: these UI files import src/azure/adapter.ts, for the AzureAdapter " +
        "and Pages types and for allPages(), which belongs below the UI. No other UI file may start to.",
      severity: "error",
      from: { path: "^src/ui/", pathNot: `^src/ui/(${KNOWN_UI_ADAPTER_IMPORTS.join("|")})$` },
      to: { path: "^src/azure/adapter[.]ts$" },
    },
    {
      name: "only-azure-imports-the-sdk",
      comment: "Azure is reached only through the official @azure/* packages, only inside src/azure/.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/azure/" },
      to: { path: "(^|/)node_modules/@azure/" },
    },
    {
      name: "no-imports-of-tests",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^test/" },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves to nothing would hide a dependency from every rule above.",
      severity: "error",
      from: { path: OURS },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".json"],
    },
  },
};
