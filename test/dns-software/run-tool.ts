import { execFile } from "node:child_process";

export interface ToolRun {
  readonly code: number;
  /** stdout and stderr together, for assertions and failure messages. */
  readonly output: string;
}

/** Runs a checker to completion and reports its exit code and output; never throws for a non-zero exit. */
export function runTool(path: string, args: readonly string[]): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(path, args, { encoding: "utf8" }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== "number") {
        reject(error);
        return;
      }
      resolve({ code: error === null ? 0 : Number(error.code), output: `${stdout}${stderr}` });
    });
  });
}
