/**
 * The part of the Kusto Query Language (KQL) the sandbox's Resource Graph understands: a table, then `where`,
 * `project`, `extend`, `mv-expand`, `join` (inner and leftouter, on columns), `take`/`limit` and `order by`, with
 * scalar expressions of columns, dotted and indexed member access, literals, comparisons (`==`, `!=`, `=~`, `!~`,
 * `in`, `in~`, `!in`, `contains`, `startswith`), `and`, `or` and a few functions. Anything else is a parse error
 * naming where it stopped, as Resource Graph's own parser reports one.
 * Syntax: https://learn.microsoft.com/azure/governance/resource-graph/concepts/query-language
 */

export type Expr =
  | { readonly kind: "literal"; readonly value: unknown }
  | { readonly kind: "column"; readonly name: string }
  | { readonly kind: "member"; readonly target: Expr; readonly key: Expr }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: "binary"; readonly op: string; readonly left: Expr; readonly right: Expr }
  | {
      readonly kind: "in";
      readonly op: "in" | "in~" | "!in";
      readonly left: Expr;
      readonly list: readonly Expr[];
    };

export interface Assignment {
  readonly name: string;
  readonly expr: Expr;
}

export type Operator =
  | { readonly kind: "where"; readonly predicate: Expr }
  | { readonly kind: "project"; readonly columns: readonly Assignment[] }
  | { readonly kind: "extend"; readonly columns: readonly Assignment[] }
  | { readonly kind: "mv-expand"; readonly column: Assignment }
  | {
      readonly kind: "join";
      readonly join: "inner" | "leftouter" | "innerunique";
      readonly right: Query;
      readonly leftKey: string;
      readonly rightKey: string;
    }
  | { readonly kind: "take"; readonly count: number }
  | { readonly kind: "order"; readonly by: Expr; readonly descending: boolean };

export interface Query {
  readonly table: string;
  readonly operators: readonly Operator[];
}

/** A query the sandbox cannot parse or run; `position` is the 0-based character where it stopped. */
export class KqlError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly code: "ParserFailure" | "UnsupportedQuery" = "ParserFailure",
  ) {
    super(message);
  }
}

interface Token {
  readonly kind: "word" | "string" | "number" | "symbol" | "end";
  readonly text: string;
  readonly value?: unknown;
  readonly at: number;
}

const SYMBOLS = [
  "==",
  "!=",
  "=~",
  "!~",
  "<=",
  ">=",
  "|",
  ",",
  "(",
  ")",
  "[",
  "]",
  ".",
  "=",
  "<",
  ">",
  "$",
  "-",
];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let value = "";
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === "\\" && j + 1 < text.length) j++;
        value += text[j];
        j++;
      }
      if (j >= text.length) throw new KqlError("A string literal is not closed.", i);
      tokens.push({ kind: "string", text: text.slice(i, j + 1), value, at: i });
      i = j + 1;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(text.slice(i));
    if (number) {
      tokens.push({ kind: "number", text: number[0], value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    // Words may hold a dash only in the operator names that have one (mv-expand) and `!in`/`in~` forms.
    const word = /^(mv-expand|[A-Za-z_][\w]*~?)/.exec(text.slice(i));
    if (word) {
      tokens.push({ kind: "word", text: word[0], at: i });
      i += word[0].length;
      continue;
    }
    if (text.startsWith("!in~", i) || text.startsWith("!in", i)) {
      const op = text.startsWith("!in~", i) ? "!in~" : "!in";
      tokens.push({ kind: "word", text: op, at: i });
      i += op.length;
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (symbol === undefined) throw new KqlError(`Unexpected character '${c}'.`, i);
    tokens.push({ kind: "symbol", text: symbol, at: i });
    i += symbol.length;
  }
  tokens.push({ kind: "end", text: "", at: text.length });
  return tokens;
}

const COMPARISONS = ["==", "!=", "=~", "!~", "<", ">", "<=", ">="];
const WORD_COMPARISONS = ["contains", "startswith", "has"];

class Parser {
  private index = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    this.index++;
    return token;
  }

  private is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return (token.kind === "symbol" || token.kind === "word") && token.text === text;
  }

  private expect(text: string): Token {
    const token = this.next();
    if (token.text !== text || (token.kind !== "symbol" && token.kind !== "word"))
      throw new KqlError(`Expected '${text}' but found '${token.text || "the end of the query"}'.`, token.at);
    return token;
  }

  private name(): string {
    const token = this.next();
    if (token.kind !== "word") throw new KqlError(`Expected a name but found '${token.text}'.`, token.at);
    return token.text;
  }

  query(): Query {
    const table = this.name();
    const operators: Operator[] = [];
    while (this.is("|")) {
      this.next();
      operators.push(this.operator());
    }
    return { table, operators };
  }

  parseAll(): Query {
    const query = this.query();
    const rest = this.peek();
    if (rest.kind !== "end") throw new KqlError(`Unexpected '${rest.text}'.`, rest.at);
    return query;
  }

  private operator(): Operator {
    const token = this.next();
    switch (token.text) {
      case "where":
        return { kind: "where", predicate: this.expr() };
      case "project":
        return { kind: "project", columns: this.assignments() };
      case "extend":
        return { kind: "extend", columns: this.assignments() };
      case "mv-expand":
        return { kind: "mv-expand", column: this.assignment() };
      case "take":
      case "limit": {
        const count = this.next();
        if (count.kind !== "number") throw new KqlError("take needs a number.", count.at);
        return { kind: "take", count: count.value as number };
      }
      case "order":
      case "sort": {
        this.expect("by");
        const by = this.expr();
        let descending = true; // KQL sorts descending unless told
        if (this.is("asc") || this.is("desc")) descending = this.next().text === "desc";
        return { kind: "order", by, descending };
      }
      case "join":
        return this.join();
      default:
        throw new KqlError(
          `The sandbox's Resource Graph does not support the operator '${token.text}'.`,
          token.at,
          "UnsupportedQuery",
        );
    }
  }

  private join(): Operator {
    let join: "inner" | "leftouter" | "innerunique" = "innerunique";
    if (this.is("kind")) {
      this.next();
      this.expect("=");
      const kind = this.next();
      if (kind.text !== "inner" && kind.text !== "leftouter" && kind.text !== "innerunique")
        throw new KqlError(`Unsupported join kind '${kind.text}'.`, kind.at, "UnsupportedQuery");
      join = kind.text;
    }
    this.expect("(");
    const right = this.query();
    this.expect(")");
    this.expect("on");
    if (this.is("$")) {
      this.next();
      this.expect("left");
      this.expect(".");
      const leftKey = this.name();
      this.expect("==");
      this.expect("$");
      this.expect("right");
      this.expect(".");
      return { kind: "join", join, right, leftKey, rightKey: this.name() };
    }
    const key = this.name();
    return { kind: "join", join, right, leftKey: key, rightKey: key };
  }

  private assignments(): Assignment[] {
    const list = [this.assignment()];
    while (this.is(",")) {
      this.next();
      list.push(this.assignment());
    }
    return list;
  }

  private assignment(): Assignment {
    if (this.peek().kind === "word" && this.is("=", 1)) {
      const name = this.name();
      this.next();
      return { name, expr: this.expr() };
    }
    const start = this.peek();
    const expr = this.expr();
    if (expr.kind !== "column")
      throw new KqlError("A computed column needs a name (name = expression).", start.at);
    return { name: expr.name, expr };
  }

  private expr(): Expr {
    let left = this.and();
    while (this.is("or")) {
      this.next();
      left = { kind: "binary", op: "or", left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.comparison();
    while (this.is("and")) {
      this.next();
      left = { kind: "binary", op: "and", left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): Expr {
    const left = this.postfix();
    const token = this.peek();
    if (token.kind === "symbol" && COMPARISONS.includes(token.text)) {
      this.next();
      return { kind: "binary", op: token.text, left, right: this.postfix() };
    }
    if (token.kind === "word" && WORD_COMPARISONS.includes(token.text)) {
      this.next();
      return { kind: "binary", op: token.text, left, right: this.postfix() };
    }
    if (token.kind === "word" && (token.text === "in" || token.text === "in~" || token.text === "!in")) {
      this.next();
      this.expect("(");
      const list = [this.postfix()];
      while (this.is(",")) {
        this.next();
        list.push(this.postfix());
      }
      this.expect(")");
      return { kind: "in", op: token.text, left, list };
    }
    return left;
  }

  private postfix(): Expr {
    let target = this.primary();
    for (;;) {
      if (this.is(".")) {
        this.next();
        target = { kind: "member", target, key: { kind: "literal", value: this.name() } };
      } else if (this.is("[")) {
        this.next();
        const key = this.expr();
        this.expect("]");
        target = { kind: "member", target, key };
      } else return target;
    }
  }

  private primary(): Expr {
    const token = this.next();
    if (token.kind === "string" || token.kind === "number") return { kind: "literal", value: token.value };
    if (token.kind === "symbol" && token.text === "-") {
      const number = this.next();
      if (number.kind !== "number") throw new KqlError("Expected a number after '-'.", number.at);
      return { kind: "literal", value: -(number.value as number) };
    }
    if (token.kind === "symbol" && token.text === "(") {
      const inner = this.expr();
      this.expect(")");
      return inner;
    }
    if (token.kind !== "word") throw new KqlError(`Unexpected '${token.text || "end of query"}'.`, token.at);
    if (token.text === "true" || token.text === "false")
      return { kind: "literal", value: token.text === "true" };
    if (this.is("(")) {
      this.next();
      const args: Expr[] = [];
      if (!this.is(")")) {
        args.push(this.expr());
        while (this.is(",")) {
          this.next();
          args.push(this.expr());
        }
      }
      this.expect(")");
      return { kind: "call", name: token.text, args };
    }
    return { kind: "column", name: token.text };
  }
}

/** Parses a query of the supported subset; a KqlError says where it stopped. */
export function parseKql(text: string): Query {
  return new Parser(tokenize(text)).parseAll();
}
