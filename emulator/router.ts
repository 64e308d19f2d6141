// A minimal method + path router: patterns like /v1/payment_intents/:id/capture.
export type PathParams = Record<string, string>;

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

export type RouteMatch<H> = { handler: H; params: PathParams } | { methodNotAllowed: true } | undefined;

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: "GET" | "POST", pattern: string, handler: H): this {
    this.routes.push({
      method,
      segments: pattern.split("/").filter(Boolean),
      handler,
    });
    return this;
  }

  match(method: string, pathname: string): RouteMatch<H> {
    const parts = pathname.split("/").filter(Boolean);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method) return { handler: route.handler, params };
      pathMatched = true;
    }
    return pathMatched ? { methodNotAllowed: true } : undefined;
  }
}

function matchSegments(pattern: string[], parts: string[]): PathParams | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: PathParams = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] as string;
    const actual = parts[i] as string;
    if (expected.startsWith(":")) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
      params[expected.slice(1)] = decoded;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}
