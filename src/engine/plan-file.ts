import { constants, type Stats } from "node:fs";
import { type FileHandle, open, stat } from "node:fs/promises";
import { dirname, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parsePlanBytes, serializePlan } from "../core/plan/plan-codec.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { UserError } from "../core/user-error.js";
import { fileError, kindOf, resolveWriteTarget, writeFileAtomically } from "./atomic-write.js";
import { lockPathFor, withFileLock } from "./file-lock.js";

/** A plan of 12 endpoints with all it observed is a few KB; anything near this is not a plan. */
export const MAX_PLAN_BYTES = 5 * 1024 * 1024;

function refuseKind(path: string, stats: Stats): UserError {
  return new UserError(`Cannot read ${path}: it is ${kindOf(stats)}, not a plan file.`, {
    hint: "Give the path of a plan file. To use a plan from a pipe or a process substitution, save it to a file first.",
  });
}

function refuseSize(path: string): UserError {
  return new UserError(
    `Cannot read ${path}: it is larger than ${MAX_PLAN_BYTES / 1024 / 1024} MB, which no plan is.`,
    { hint: "Check the path: a plan file is the JSON the wizard saved (a few KB)." },
  );
}

/** Reads at most MAX_PLAN_BYTES + 1 bytes: a file that grew after fstat still cannot make us read it all. */
async function readCapped(handle: FileHandle, path: string): Promise<Uint8Array> {
  const buffer = Buffer.alloc(MAX_PLAN_BYTES + 1);
  let length = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
    if (length > MAX_PLAN_BYTES) throw refuseSize(path);
  }
  return buffer.subarray(0, length);
}

/**
 * Reads and validates a plan file; every problem is a UserError naming the file and the field. Only a regular
 * file is read: a FIFO would block forever, a device could stream without end. The path is stat'ed first, so a
 * device is refused without being opened (opening some has effects); then it is opened non-blocking (a FIFO
 * without a writer would block the open itself) and the open descriptor is fstat'ed: that check is about the very
 * file that is read, so a swap of the path between the two (time of check, time of use) cannot slip past it.
 */
export async function readPlanFile(path: string): Promise<Plan> {
  let handle: FileHandle;
  try {
    const before = await stat(path);
    if (!before.isFile()) throw refuseKind(path, before);
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw fileError("read", path, error);
  }
  let bytes: Uint8Array;
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw refuseKind(path, stats);
    if (stats.size > MAX_PLAN_BYTES) throw refuseSize(path);
    bytes = await readCapped(handle, path);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw fileError("read", path, error);
  } finally {
    await handle.close();
  }
  return parsePlanBytes(bytes, path);
}

export interface WritePlanOptions {
  /** The JSON Schema the plan's `$schema` points at (default: the one shipped with this install). */
  readonly schemaPath?: string | undefined;
  /**
   * True when no file was there when the person chose the path (so they were not asked about replacing one): a
   * file that appeared since (another wizard saving to the same path) is then not overwritten, and the save fails.
   */
  readonly expectAbsent?: boolean;
}

/**
 * Writes a plan atomically, under the file's lock, keeping an existing file's mode and owner (and writing a
 * symlink's target). `$schema` points at the JSON Schema shipped with this install (relative to the plan, so editors
 * find it), which is metadata only: a plan replays the same without it.
 */
export async function writePlanFile(path: string, plan: Plan, options: WritePlanOptions = {}): Promise<void> {
  const schemaPath = options.schemaPath ?? shippedPlanSchemaPath();
  const schemaReference = relative(dirname(path), schemaPath).split(sep).join("/");
  const text = serializePlan({ ...plan, $schema: schemaReference });
  const { file } = await resolveWriteTarget(path);
  await withFileLock(path, lockPathFor(file), async (lock) => {
    if (options.expectAbsent === true && (await resolveWriteTarget(path)).stats !== undefined) {
      throw new UserError(
        `${path} was created by someone else while you chose where to save; it was not replaced.`,
        {
          hint: "Save again: you will be asked whether to replace it, or choose another path.",
        },
      );
    }
    lock.assertHeld();
    await writeFileAtomically(file, text);
  });
}

/** `schema/plan.v1.json` of this install: the bundle sits in `dist/`, the sources in `src/engine/`. */
function shippedPlanSchemaPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = here.endsWith(`${sep}dist`) ? dirname(here) : dirname(dirname(here));
  return `${root}${sep}schema${sep}plan.v1.json`;
}
