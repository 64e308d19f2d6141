// Calling a server action over HTTP the way the browser does: POST to the page with the
// `Next-Action` header and React's reply encoding of the arguments. For a form action used with
// useActionState the arguments are (previousState, formData): field "0" holds the argument list
// with the FormData as "$K1", and the form's fields follow as "_1_<name>" (React 19.3's reply encoding).
import { readFileSync } from "node:fs";
import { join } from "node:path";

type Manifest = { node: Record<string, { filename: string; exportedName: string }> };

/** The action id Next assigned to `exportedName` of `filename` in the build at `distDir`. */
export function actionId(distDir: string, filename: string, exportedName: string): string {
  const manifest = JSON.parse(readFileSync(join(distDir, "server/server-reference-manifest.json"), "utf8")) as Manifest;
  const found = Object.entries(manifest.node).find(
    ([, v]) => v.filename === filename && v.exportedName === exportedName,
  );
  if (!found) throw new Error(`no server action ${exportedName} in ${filename} (${distDir})`);
  return found[0];
}

export function actionRequest(
  fields: Record<string, string>,
  previousState: unknown = { ok: false, message: "", fields: {} },
) {
  const boundary = `----bench${Math.random().toString(36).slice(2)}`;
  // The browser's order: the form's entries first, the root "0" last (the server reads the
  // entries of "$K1" as one contiguous run).
  const parts: Array<[string, string]> = [
    ...Object.entries(fields).map(([k, v]) => [`_1_${k}`, v] as [string, string]),
    ["0", JSON.stringify([previousState, "$K1"])],
  ];
  const body =
    parts
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join("") + `--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Headers for an action POST to `origin` (Next refuses an action whose Origin is another host). */
export function actionHeaders(
  id: string,
  origin: string,
  contentType: string,
  cookie?: string,
): Record<string, string> {
  return {
    "Next-Action": id,
    Origin: origin,
    "Content-Type": contentType,
    Accept: "text/x-component",
    ...(cookie ? { Cookie: cookie } : {}),
  };
}
