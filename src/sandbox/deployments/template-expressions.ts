import { ArmError } from "../errors.js";

/**
 * ARM template language expressions (`"[resourceId('Microsoft.Network/privateDnsZones', 'zone')]"`), the part of
 * them a sandbox deployment needs: function calls with string, integer and boolean arguments, nested calls, and
 * `.property` / `[index]` access on what a call returns. A string that starts with `[[` is a literal that starts
 * with `[`. Any function outside {@link FUNCTIONS} is refused with ARM's `InvalidTemplate`, never guessed.
 * Syntax: https://learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions
 * Functions: https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions
 */

/** What an expression is evaluated against: the deployment's parameters, variables and target scope. */
export interface ExpressionScope {
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly resourceGroupLocation: string;
  readonly deploymentName: string;
}

type Node =
  | { readonly kind: "literal"; readonly value: unknown }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Node[] }
  | { readonly kind: "property"; readonly target: Node; readonly key: Node };

export function invalidTemplate(message: string): ArmError {
  return new ArmError(400, "InvalidTemplate", `Deployment template validation failed: '${message}'.`);
}

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  parse(): Node {
    const node = this.expression();
    this.space();
    if (this.at !== this.text.length) throw this.error(`unexpected '${this.text.slice(this.at)}'`);
    return node;
  }

  private error(what: string): ArmError {
    return invalidTemplate(`The template language expression '${this.text}' is not valid: ${what}`);
  }

  private space(): void {
    while (this.text[this.at] === " ") this.at++;
  }

  private expression(): Node {
    this.space();
    let node = this.primary();
    for (;;) {
      const next = this.text[this.at];
      if (next === ".") {
        this.at++;
        const name = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.at))?.[0];
        if (name === undefined) throw this.error("a property name must follow '.'");
        this.at += name.length;
        node = { kind: "property", target: node, key: { kind: "literal", value: name } };
      } else if (next === "[") {
        this.at++;
        const key = this.expression();
        this.space();
        if (this.text[this.at] !== "]") throw this.error("']' expected");
        this.at++;
        node = { kind: "property", target: node, key };
      } else return node;
    }
  }

  private primary(): Node {
    const rest = this.text.slice(this.at);
    if (rest.startsWith("'")) {
      let value = "";
      let i = this.at + 1;
      for (;;) {
        if (i >= this.text.length) throw this.error("a string is not closed");
        const c = this.text[i] as string;
        if (c === "'") {
          if (this.text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          break;
        }
        value += c;
        i++;
      }
      this.at = i + 1;
      return { kind: "literal", value };
    }
    const number = /^-?\d+/.exec(rest)?.[0];
    if (number !== undefined) {
      this.at += number.length;
      return { kind: "literal", value: Number(number) };
    }
    const name = /^[A-Za-z_][\w.]*/.exec(rest)?.[0];
    if (name === undefined) throw this.error(`unexpected '${rest}'`);
    this.at += name.length;
    this.space();
    if (this.text[this.at] !== "(") {
      if (name === "true" || name === "false") return { kind: "literal", value: name === "true" };
      throw this.error(`'(' expected after '${name}'`);
    }
    this.at++;
    const args: Node[] = [];
    this.space();
    if (this.text[this.at] === ")") {
      this.at++;
      return { kind: "call", name, args };
    }
    for (;;) {
      args.push(this.expression());
      this.space();
      const c = this.text[this.at];
      this.at++;
      if (c === ")") return { kind: "call", name, args };
      if (c !== ",") throw this.error("',' or ')' expected");
    }
  }
}

/**
 * `resourceId([subscriptionId], [resourceGroupName], resourceType, name1, name2, …)`: the optional leading
 * arguments are told apart by where the type (the first argument with a `/`) sits.
 */
export function resourceIdOf(scope: ExpressionScope, args: readonly unknown[]): string {
  const strings = args.map((a) => String(a));
  const typeAt = strings.findIndex((a) => a.includes("/"));
  if (typeAt < 0 || typeAt > 2)
    throw invalidTemplate("resourceId() needs a resource type such as 'Microsoft.Network/privateDnsZones'");
  const [namespace, ...types] = (strings[typeAt] as string).split("/");
  const names = strings.slice(typeAt + 1);
  if (names.length !== types.length) {
    throw invalidTemplate(
      `resourceId() for type '${strings[typeAt]}' needs ${types.length} name segment(s), got ${names.length}`,
    );
  }
  const subscriptionId = typeAt === 2 ? (strings[0] as string) : scope.subscriptionId;
  const resourceGroup = typeAt >= 1 ? (strings[typeAt - 1] as string) : scope.resourceGroup;
  const path = types.map((t, i) => `${t}/${names[i]}`).join("/");
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${namespace}/${path}`;
}

type TemplateFunction = (scope: ExpressionScope, args: readonly unknown[]) => unknown;

function named(kind: "parameter" | "variable", bag: Readonly<Record<string, unknown>>, name: unknown) {
  const key = Object.keys(bag).find((k) => k.toLowerCase() === String(name).toLowerCase());
  if (key === undefined) throw invalidTemplate(`The template ${kind} '${String(name)}' is not found`);
  return bag[key];
}

/** The template functions vaultlink's exported templates use, and a few they are commonly written with. */
const FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  parameters: (scope, [name]) => named("parameter", scope.parameters, name),
  variables: (scope, [name]) => named("variable", scope.variables, name),
  resourceid: resourceIdOf,
  concat: (_scope, args) =>
    args.every(Array.isArray) && args.length > 0 ? args.flat() : args.map((a) => String(a)).join(""),
  format: (_scope, [pattern, ...args]) =>
    String(pattern).replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)])),
  tolower: (_scope, [value]) => String(value).toLowerCase(),
  toupper: (_scope, [value]) => String(value).toUpperCase(),
  subscription: (scope) => ({
    id: `/subscriptions/${scope.subscriptionId}`,
    subscriptionId: scope.subscriptionId,
  }),
  resourcegroup: (scope) => ({
    id: `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`,
    name: scope.resourceGroup,
    location: scope.resourceGroupLocation,
  }),
  deployment: (scope) => ({ name: scope.deploymentName }),
};

function evaluateNode(node: Node, scope: ExpressionScope): unknown {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "property": {
      const target = evaluateNode(node.target, scope);
      const key = evaluateNode(node.key, scope);
      if (target === null || typeof target !== "object")
        throw invalidTemplate(`The language expression property '${String(key)}' can't be evaluated`);
      const bag = target as Record<string, unknown>;
      const found = Object.keys(bag).find((k) => k.toLowerCase() === String(key).toLowerCase());
      if (found === undefined)
        throw invalidTemplate(`The language expression property '${String(key)}' doesn't exist`);
      return bag[found];
    }
    case "call": {
      const fn = FUNCTIONS[node.name.toLowerCase()];
      if (fn === undefined) {
        throw invalidTemplate(
          `The template function '${node.name}' is not supported by the sandbox's deployment engine (it evaluates ${Object.keys(FUNCTIONS).join(", ")}). Please see https://aka.ms/arm-functions for usage details`,
        );
      }
      return fn(
        scope,
        node.args.map((arg) => evaluateNode(arg, scope)),
      );
    }
  }
}

/** Evaluates one JSON value of a template: expressions in strings anywhere inside it, keys left as they are. */
export function evaluateValue(value: unknown, scope: ExpressionScope): unknown {
  if (typeof value === "string") {
    if (!value.startsWith("[") || !value.endsWith("]")) return value;
    if (value.startsWith("[[")) return value.slice(1);
    return evaluateNode(new Parser(value.slice(1, -1)).parse(), scope);
  }
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, scope));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateValue(v, scope)]));
  return value;
}
