import type { Route, RouteParams } from "./context.js";

interface CompiledRoute {
  readonly route: Route;
  readonly segments: ReadonlyArray<{ literal: string } | { param: string }>;
  readonly literals: number;
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: RouteParams;
}

/**
 * Matches a request path against the spec's path templates. Literal segments compare case-insensitively,
 * as ARM does; when two templates match, the one with more literal segments wins (so
 * `privateDnsZones/{zone}/virtualNetworkLinks/{name}` beats `privateDnsZones/{zone}/{recordType}/{name}`).
 */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.routes = routes.map((route) => {
      const segments = route.pattern
        .split("/")
        .filter((s) => s !== "")
        .map((s) => (s.startsWith("{") ? { param: s.slice(1, -1) } : { literal: s.toLowerCase() }));
      return { route, segments, literals: segments.filter((s) => "literal" in s).length };
    });
  }

  /** The best route for the path, and whether some route had the path but not the method. */
  match(method: string, path: string): RouteMatch | "method-not-allowed" | undefined {
    const parts = path.split("/").filter((s) => s !== "");
    let best: { compiled: CompiledRoute; params: Record<string, string> } | undefined;
    let pathKnown = false;
    for (const compiled of this.routes) {
      const params = matchSegments(compiled, parts);
      if (!params) continue;
      pathKnown = true;
      if (compiled.route.method !== method) continue;
      if (!best || compiled.literals > best.compiled.literals) best = { compiled, params };
    }
    if (best) return { route: best.compiled.route, params: best.params };
    return pathKnown ? "method-not-allowed" : undefined;
  }
}

function matchSegments(
  compiled: CompiledRoute,
  parts: readonly string[],
): Record<string, string> | undefined {
  if (compiled.segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const segment = compiled.segments[i];
    const part = parts[i] as string;
    if (segment === undefined) return undefined;
    if ("literal" in segment) {
      if (segment.literal !== part.toLowerCase()) return undefined;
    } else {
      params[segment.param] = decodeURIComponent(part);
    }
  }
  return params;
}
