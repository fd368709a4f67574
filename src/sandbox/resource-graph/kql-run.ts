import { type Expr, KqlError, type Operator, type Query } from "./kql-parse.js";

/** One row of a Resource Graph table or result: column name to value (dynamic values stay JSON). */
export type Row = Readonly<Record<string, unknown>>;

/** Where a query's table names come from. */
export type Tables = (name: string) => readonly Row[] | undefined;

function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === "";
}

function member(target: unknown, key: unknown): unknown {
  if (target === null || target === undefined) return null;
  if (Array.isArray(target) && typeof key === "number") {
    const index = key < 0 ? target.length + key : key;
    return target[index] ?? null;
  }
  if (typeof target === "object" && typeof key === "string")
    return (target as Record<string, unknown>)[key] ?? null;
  return null;
}

type Fn = (args: readonly unknown[]) => unknown;

/** The scalar functions the subset knows (https://learn.microsoft.com/kusto/query/scalar-functions). */
const FUNCTIONS: Readonly<Record<string, Fn>> = {
  tolower: ([v]) => text(v).toLowerCase(),
  toupper: ([v]) => text(v).toUpperCase(),
  tostring: ([v]) => text(v),
  toint: ([v]) => (Number.isFinite(Number(v)) && !isEmpty(v) ? Math.trunc(Number(v)) : null),
  tobool: ([v]) => (v === true || v === "true" ? true : v === false || v === "false" ? false : null),
  array_length: ([v]) => (Array.isArray(v) ? v.length : null),
  isempty: ([v]) => isEmpty(v),
  isnotempty: ([v]) => !isEmpty(v),
  isnull: ([v]) => v === null || v === undefined,
  isnotnull: ([v]) => v !== null && v !== undefined,
  coalesce: (args) => args.find((v) => !isEmpty(v)) ?? null,
  strcat: (args) => args.map(text).join(""),
  split: ([v, separator]) => text(v).split(text(separator)),
  not: ([v]) => !v,
  iff: ([condition, then, otherwise]) => (condition === true ? then : otherwise),
  iif: ([condition, then, otherwise]) => (condition === true ? then : otherwise),
  pack_array: (args) => [...args],
};

function compare(op: string, left: unknown, right: unknown): boolean {
  switch (op) {
    case "==":
      return left === right || (typeof left !== "object" && text(left) === text(right) && !isEmpty(left));
    case "!=":
      return !compare("==", left, right);
    case "=~":
      return text(left).toLowerCase() === text(right).toLowerCase();
    case "!~":
      return text(left).toLowerCase() !== text(right).toLowerCase();
    case "contains":
      return text(left).toLowerCase().includes(text(right).toLowerCase());
    case "has":
      return text(left).toLowerCase().split(/\W+/).includes(text(right).toLowerCase());
    case "startswith":
      return text(left).toLowerCase().startsWith(text(right).toLowerCase());
    case "<":
      return Number(left) < Number(right);
    case ">":
      return Number(left) > Number(right);
    case "<=":
      return Number(left) <= Number(right);
    case ">=":
      return Number(left) >= Number(right);
    default:
      throw new KqlError(`Unsupported operator ${op}.`, 0, "UnsupportedQuery");
  }
}

export function evaluate(expr: Expr, row: Row): unknown {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "column":
      if (!(expr.name in row))
        throw new KqlError(
          `The name '${expr.name}' does not refer to any known column, table, variable or function.`,
          0,
        );
      return row[expr.name] ?? null;
    case "member":
      return member(evaluate(expr.target, row), evaluate(expr.key, row));
    case "call": {
      const fn = FUNCTIONS[expr.name];
      if (fn === undefined)
        throw new KqlError(`The sandbox's Resource Graph does not know the function '${expr.name}'.`, 0);
      return fn(expr.args.map((a) => evaluate(a, row)));
    }
    case "binary":
      if (expr.op === "and") return evaluate(expr.left, row) === true && evaluate(expr.right, row) === true;
      if (expr.op === "or") return evaluate(expr.left, row) === true || evaluate(expr.right, row) === true;
      return compare(expr.op, evaluate(expr.left, row), evaluate(expr.right, row));
    case "in": {
      const left = evaluate(expr.left, row);
      const values = expr.list.map((e) => evaluate(e, row));
      const found = values.some((v) => compare(expr.op === "in~" ? "=~" : "==", left, v));
      return expr.op === "!in" ? !found : found;
    }
  }
}

function joinRows(op: Extract<Operator, { kind: "join" }>, left: readonly Row[], tables: Tables): Row[] {
  const right = runQuery(op.right, tables);
  const byKey = new Map<string, Row[]>();
  for (const row of right) {
    const key = text(row[op.rightKey]);
    const list = byKey.get(key) ?? [];
    // innerunique (KQL's default) keeps one left row per key; the right side is matched in full.
    list.push(row);
    byKey.set(key, list);
  }
  const out: Row[] = [];
  const seenLeft = new Set<string>();
  const rightColumns = right[0] === undefined ? [] : Object.keys(right[0]);
  for (const row of left) {
    const key = text(row[op.leftKey]);
    if (op.join === "innerunique") {
      if (seenLeft.has(key)) continue;
      seenLeft.add(key);
    }
    const matches = byKey.get(key) ?? [];
    if (matches.length === 0 && op.join === "leftouter") {
      const nulls: Record<string, unknown> = {};
      for (const column of rightColumns) nulls[column in row ? `${column}1` : column] = null;
      out.push({ ...row, ...nulls });
    }
    for (const match of matches) {
      // A right column whose name the left has is renamed with a 1, as Kusto does.
      const renamed: Record<string, unknown> = {};
      for (const [column, value] of Object.entries(match))
        renamed[column in row ? `${column}1` : column] = value;
      out.push({ ...row, ...renamed });
    }
  }
  return out;
}

function apply(op: Operator, rows: readonly Row[], tables: Tables): readonly Row[] {
  switch (op.kind) {
    case "where":
      return rows.filter((row) => evaluate(op.predicate, row) === true);
    case "project":
      return rows.map((row) => Object.fromEntries(op.columns.map((c) => [c.name, evaluate(c.expr, row)])));
    case "extend":
      return rows.map((row) => {
        const out: Record<string, unknown> = { ...row };
        for (const c of op.columns) out[c.name] = evaluate(c.expr, out);
        return out;
      });
    case "mv-expand":
      // An empty array gives no row; null gives one row with null (https://learn.microsoft.com/kusto/query/mv-expand-operator).
      return rows.flatMap((row) => {
        const value = evaluate(op.column.expr, row);
        const items = Array.isArray(value)
          ? value
          : value !== null && typeof value === "object"
            ? Object.entries(value).map(([k, v]) => ({ [k]: v }))
            : [value];
        return items.map((item) => ({ ...row, [op.column.name]: item }));
      });
    case "join":
      return joinRows(op, rows, tables);
    case "take":
      return rows.slice(0, op.count);
    case "order": {
      const keyed = rows.map((row) => ({ row, key: evaluate(op.by, row) }));
      keyed.sort((a, b) => {
        const order =
          typeof a.key === "number" && typeof b.key === "number"
            ? a.key - b.key
            : text(a.key).localeCompare(text(b.key));
        return op.descending ? -order : order;
      });
      return keyed.map((k) => k.row);
    }
  }
}

/** Runs a parsed query over the tables; a KqlError names an unknown table, column or function. */
export function runQuery(query: Query, tables: Tables): readonly Row[] {
  const table = tables(query.table.toLowerCase());
  if (table === undefined)
    throw new KqlError(`The table '${query.table}' is not served by the sandbox's Resource Graph.`, 0);
  return query.operators.reduce<readonly Row[]>((rows, op) => apply(op, rows, tables), table);
}
