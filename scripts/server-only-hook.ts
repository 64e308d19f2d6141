// `tsx --import ./scripts/server-only-hook.ts`: lets a command-line script load the store's
// modules marked `import "server-only"` (which throws outside React's react-server condition)
// without running under that condition, which also swaps React for its server-components build:
// React Email's renderer (the order emails the sweep sends) needs the full React.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) { return specifier === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : next(specifier, context); }',
    ),
);
