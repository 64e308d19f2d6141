// JSON Schemas derived from the `stripe` SDK's own type declarations (node_modules/stripe, the
// version pinned in package.json, whose types describe the pinned API version), with the
// TypeScript compiler API: non-optional fields are `required`, undeclared fields are refused
// (`additionalProperties: false`), string-literal unions become enums. Test-only tooling: the
// conformance test validates emulator responses and webhook objects against these schemas.
import { createRequire } from "node:module";
import path from "node:path";
import ts from "typescript";

export type JsonSchema = {
  type?: "string" | "number" | "boolean" | "null" | "object" | "array";
  enum?: Array<string | number | boolean>;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  /** The SDK type this schema was derived from, for messages. */
  title?: string;
};

/** How deep nested object types are described; deeper ones (expanded references) are any object. */
const MAX_DEPTH = 7;

export function sdkSchemas(typeNames: Record<string, string>): Record<string, JsonSchema> {
  const require = createRequire(import.meta.url);
  // The CommonJS entry point sits next to its declarations (stripe.cjs.node.d.ts).
  const entry = path.join(path.dirname(require.resolve("stripe")), "__conformance_entry__.ts");
  const source =
    `import type Stripe from "./stripe.cjs.node";\n` +
    Object.entries(typeNames)
      .map(([alias, name]) => `export type ${alias} = ${name};`)
      .join("\n");
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (file) => (path.resolve(file) === entry ? source : readFile(file));
  host.fileExists = (file) => path.resolve(file) === entry || fileExists(file);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, lang) =>
    path.resolve(file) === entry ? ts.createSourceFile(file, source, lang) : getSourceFile(file, lang);
  const program = ts.createProgram([entry], options, host);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(entry);
  if (!file) throw new Error("conformance: could not load the SDK's types");
  const problems = ts
    .getPreEmitDiagnostics(program, file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  if (problems.length) throw new Error(`conformance: the SDK's types did not resolve: ${problems.join("; ")}`);
  const out: Record<string, JsonSchema> = {};
  ts.forEachChild(file, (node) => {
    if (!ts.isTypeAliasDeclaration(node)) return;
    const type = checker.getTypeAtLocation(node.name);
    out[node.name.text] = {
      ...toSchema(checker, type, 0),
      title: typeNames[node.name.text],
    };
  });
  return out;
}

function isOtherString(type: ts.Type): boolean {
  // `string & Record<never, never>`: the SDK's "any other string" in open enums.
  return type.isIntersection() && type.types.some((t) => (t.flags & ts.TypeFlags.String) !== 0);
}

function toSchema(checker: ts.TypeChecker, type: ts.Type, depth: number): JsonSchema {
  const f = type.flags;
  if (f & ts.TypeFlags.Any || f & ts.TypeFlags.Unknown) return {};
  if (f & ts.TypeFlags.String || isOtherString(type)) return { type: "string" };
  if (f & ts.TypeFlags.Number) return { type: "number" };
  if (f & ts.TypeFlags.Boolean) return { type: "boolean" };
  if (f & ts.TypeFlags.Null) return { type: "null" };
  if (type.isStringLiteral()) return { type: "string", enum: [type.value] };
  if (type.isNumberLiteral()) return { type: "number", enum: [type.value] };
  if (f & ts.TypeFlags.BooleanLiteral) return { type: "boolean", enum: [checker.typeToString(type) === "true"] };
  if (type.isUnion()) {
    const members = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
    // An open enum (`'a' | 'b' | OtherString`) accepts any string, as the SDK does.
    const open = members.some(isOtherString);
    const literals = members.filter((t) => t.isStringLiteral()).map((t) => (t.isStringLiteral() ? t.value : ""));
    const rest = members.filter((t) => !t.isStringLiteral() && !isOtherString(t));
    if (open && !literals.length) rest.push(checker.getStringType());
    const schemas: JsonSchema[] = [];
    // Open enums keep their known values: a value outside them is reported (Stripe may add
    // values in a later version, but the emulator should only produce ones the SDK names).
    if (literals.length) schemas.push({ type: "string", enum: literals });
    const booleans = rest.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
    if (booleans.length === 2) schemas.push({ type: "boolean" });
    for (const t of rest)
      if (!(booleans.length === 2 && t.flags & ts.TypeFlags.BooleanLiteral)) schemas.push(toSchema(checker, t, depth));
    return schemas.length === 1 ? schemas[0]! : { anyOf: schemas };
  }
  if (checker.isArrayType(type)) {
    const [item] = checker.getTypeArguments(type as ts.TypeReference);
    return {
      type: "array",
      items: item ? toSchema(checker, item, depth + 1) : {},
    };
  }
  if (f & ts.TypeFlags.Object || type.isIntersection()) {
    if (depth >= MAX_DEPTH) return { type: "object" };
    // A nested Stripe resource (an expandable reference, expanded) is any object here: the
    // emulator serves ids, and expanded objects are checked against their own schema.
    if (
      depth > 0 &&
      checker.getPropertyOfType(type, "object") &&
      checker.getPropertyOfType(type, "id") &&
      checker.getPropertyOfType(type, "livemode")
    )
      return { type: "object" };
    const index = checker.getIndexInfosOfType(type)[0];
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const symbol of checker.getPropertiesOfType(type)) {
      const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
      if (!declaration) continue;
      const propType = checker.getTypeOfSymbolAtLocation(symbol, declaration);
      if (checker.getSignaturesOfType(propType, ts.SignatureKind.Call).length) continue;
      properties[symbol.name] = toSchema(checker, propType, depth + 1);
      if (!(symbol.flags & ts.SymbolFlags.Optional)) required.push(symbol.name);
    }
    return {
      type: "object",
      properties,
      required,
      additionalProperties: index ? toSchema(checker, index.type, depth + 1) : false,
    };
  }
  return {};
}
