// Scores one page with MDN HTTP Observatory's own scanner (@mdn/mdn-http-observatory), as its
// website would, but against a local host, port and path, with the test's session cookies:
//
//   NODE_EXTRA_CA_CERTS=cert.pem node --import tsx tests/security/support/observatory-scan.ts \
//     '{"host":"127.0.0.1","httpsPort":4131,"httpPort":4132,"path":"/account","headers":["Cookie: …"]}'
//
// prints the scan (score, grade, each test's result and modifier) as JSON on stdout.
// Run it in its own process: NODE_EXTRA_CA_CERTS is read only at start, and without trusting the
// test certificate the scanner would score an "invalid certificate" instead of the headers.
//
// Version 1.x's scan(host, options) drops the options on the way to retrieve(); its HSTS check
// reads a preload list that its install script downloads (which cannot work offline, so that
// script is denied in package.json's allowScripts). So the package's src/ is copied into a
// temporary folder inside the project (bare imports still resolve to node_modules), that one
// call is patched in the copy to pass the options, and an empty preload list is written beside
// it. node_modules itself is never touched.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

type ScanOptions = { host: string; httpsPort: number; httpPort: number; path: string; headers: string[] };
type TestResult = { result: string; pass: boolean; scoreModifier: number };
type ScanResult = { scan: { score: number; grade: string; statusCode: number }; tests: Record<string, TestResult> };

const UNPATCHED = "let r = await retrieve(hostname);";
const PATCHED = "let r = await retrieve(hostname, options);";

async function loadScanner(workDir: string): Promise<(host: string, options: object) => Promise<ScanResult>> {
  const packageJson = createRequire(import.meta.url).resolve("@mdn/mdn-http-observatory/package.json");
  const copy = join(workDir, "mdn-http-observatory");
  cpSync(join(dirname(packageJson), "src"), join(copy, "src"), { recursive: true });
  cpSync(packageJson, join(copy, "package.json"));
  // Its own nested dependencies, if npm had to keep any apart from the project's.
  const nested = join(dirname(packageJson), "node_modules");
  if (existsSync(nested)) symlinkSync(nested, join(copy, "node_modules"));
  mkdirSync(join(copy, "conf"));
  writeFileSync(join(copy, "conf", "hsts-preload.json"), "{}");
  const scanner = join(copy, "src", "scanner", "index.js");
  const source = readFileSync(scanner, "utf8");
  // A later version may pass the options itself; anything else means the call moved: say so.
  if (!source.includes(PATCHED)) {
    if (!source.includes(UNPATCHED))
      throw new Error(`${scanner}: the retrieve() call to patch was not found; check this version of the scanner`);
    writeFileSync(scanner, source.replace(UNPATCHED, PATCHED));
  }
  const loaded = (await import(pathToFileURL(scanner).href)) as {
    scan: (host: string, options: object) => Promise<ScanResult>;
  };
  return loaded.scan;
}

const options = JSON.parse(process.argv[2] ?? "") as ScanOptions;
mkdirSync(".data", { recursive: true });
const workDir = mkdtempSync(join(".data", "observatory-"));
try {
  const scan = await loadScanner(workDir);
  const { host, ...rest } = options;
  const result = await scan(host, rest);
  const tests = Object.fromEntries(
    Object.entries(result.tests).map(([name, t]) => [
      name,
      { result: t.result, pass: t.pass, scoreModifier: t.scoreModifier },
    ]),
  );
  console.log(
    JSON.stringify({ score: result.scan.score, grade: result.scan.grade, statusCode: result.scan.statusCode, tests }),
  );
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
