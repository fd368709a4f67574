import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse } from "yaml";

// biome-ignore lint/suspicious/noExplicitAny: pipeline YAML is read by path, each value checked where it is used.
type Yaml = any;

/** One step a pipeline runs in a shell: its name, its script, and the environment its definition gives it. */
export interface ShellStep {
  readonly name: string;
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  /** Azure Pipelines' AzureCLI@2 with addSpnToEnvironment: the service connection's identity in the environment. */
  readonly signsIn: boolean;
}

/**
 * Values of `${{ … }}` expressions (GitHub) and `$(…)` macros (Azure Pipelines) the test stands in for; any other
 * expression fails the test, so a recipe cannot depend on something the test never gave it.
 */
export type Expressions = Readonly<Record<string, string>>;

function evaluate(value: unknown, expressions: Expressions, where: string): string {
  const text = String(value);
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}|\$\(([\w.]+)\)/g, (_, github?: string, macro?: string) => {
    const key = (github ?? macro ?? "").trim();
    const found = expressions[key];
    if (found === undefined) throw new Error(`${where}: the test gives no value for ${key}`);
    return found;
  });
}

function envOf(block: unknown, expressions: Expressions, where: string): Record<string, string> {
  if (block === undefined || block === null) return {};
  return Object.fromEntries(
    Object.entries(block as Record<string, unknown>).map(([k, v]) => [k, evaluate(v, expressions, where)]),
  );
}

/** The shell steps of one GitHub Actions job, in order (`uses:` steps set up the runner; the test is that runner). */
export async function githubJobSteps(
  file: string,
  job: string,
  expressions: Expressions,
): Promise<ShellStep[]> {
  const workflow: Yaml = parse(await readFile(file, "utf8"));
  const definition = workflow.jobs?.[job];
  if (definition === undefined) throw new Error(`${file} has no job ${job}`);
  const outer = { ...envOf(workflow.env, expressions, file), ...envOf(definition.env, expressions, job) };
  return (definition.steps as Yaml[])
    .filter((step) => typeof step.run === "string")
    .map((step) => ({
      name: String(step.name ?? step.run),
      script: String(step.run),
      env: { ...outer, ...envOf(step.env, expressions, String(step.name)) },
      signsIn: false,
    }));
}

/** The shell steps of one Azure Pipelines stage's jobs: `script:` steps and AzureCLI@2 inline scripts. */
export async function azurePipelinesStageSteps(
  file: string,
  stage: string,
  expressions: Expressions,
): Promise<ShellStep[]> {
  const pipeline: Yaml = parse(await readFile(file, "utf8"));
  const definition = (pipeline.stages as Yaml[]).find((s) => s.stage === stage);
  if (definition === undefined) throw new Error(`${file} has no stage ${stage}`);
  // Pipeline variables reach scripts as environment variables, their names upper-cased (dots as underscores).
  const variables = Object.fromEntries(
    Object.entries(pipeline.variables as Record<string, unknown>).map(([k, v]) => [
      k.toUpperCase().replace(/\./g, "_"),
      evaluate(v, expressions, k),
    ]),
  );
  const steps: ShellStep[] = [];
  for (const job of definition.jobs as Yaml[]) {
    for (const step of job.steps as Yaml[]) {
      const name = String(step.displayName ?? step.script ?? step.task);
      if (typeof step.script === "string")
        steps.push({
          name,
          script: step.script,
          env: { ...variables, ...envOf(step.env, expressions, name) },
          signsIn: false,
        });
      else if (step.task === "AzureCLI@2") {
        if (step.inputs?.scriptType !== "bash" || typeof step.inputs?.inlineScript !== "string")
          throw new Error(`${name}: the test runs bash inline scripts only`);
        evaluate(step.inputs.azureSubscription, expressions, name);
        steps.push({
          name,
          script: step.inputs.inlineScript,
          env: { ...variables, ...envOf(step.env, expressions, name) },
          signsIn: step.inputs.addSpnToEnvironment === true,
        });
      }
    }
  }
  return steps;
}

export interface StepRun {
  readonly step: ShellStep;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Stand-ins for what a runner has on its PATH: `npm ci` (this checkout is installed already), `npx vaultlink`
 * (the built CLI: `whoami` signs in as in the pipeline; every other command goes to the sandbox, which vaultlink
 * sends only its fixed token, never a real one) and `gh` (records the pull-request comment it would post).
 */
export async function runnerTools(dir: string): Promise<string> {
  const bin = join(dir, "bin");
  await mkdir(bin, { recursive: true });
  const vaultlink = resolve("bin/vaultlink");
  const tools: Record<string, string> = {
    npm: `#!/bin/sh\n[ "$1" = ci ] && { echo "npm ci: the test's checkout is installed"; exit 0; }\necho "npm $*: not in this test" >&2; exit 127\n`,
    npx: `#!/bin/sh
[ "$1" = vaultlink ] || { echo "npx $1: not in this test" >&2; exit 127; }
shift
[ "$1" = whoami ] && exec "${process.execPath}" "${vaultlink}" "$@"
exec "${process.execPath}" "${vaultlink}" --sandbox "$VAULTLINK_TEST_SANDBOX" "$@"
`,
    gh: `#!/bin/sh
printf '%s\\n' "$*" >> "$VAULTLINK_TEST_CAPTURE/gh-calls"
[ "$1 $2" = "pr comment" ] && [ "$4" = --body-file ] && cp "$5" "$VAULTLINK_TEST_CAPTURE/gh-comment.md"
exit 0
`,
    node: `#!/bin/sh\nexec "${process.execPath}" "$@"\n`,
  };
  for (const [name, text] of Object.entries(tools)) {
    await writeFile(join(bin, name), text);
    await chmod(join(bin, name), 0o755);
  }
  return bin;
}

/** Runs one step in bash (`-e`, as both CI systems run scripts), in `cwd`, with exactly `env`. */
export function runStep(step: ShellStep, cwd: string, env: Record<string, string>): Promise<StepRun> {
  return new Promise((done) => {
    execFile(
      "bash",
      ["-e", "-c", step.script],
      { cwd, env: { ...env, ...step.env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        done({ step, code, stdout, stderr });
      },
    );
  });
}

/** GitHub's `$GITHUB_ENV` file: `NAME=value` lines a step appends, which later steps see as variables. */
export async function githubEnvAdditions(file: string): Promise<Record<string, string>> {
  const text = await readFile(file, "utf8").catch(() => "");
  return Object.fromEntries(
    text
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}
