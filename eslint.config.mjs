import nextVitals from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next/**", ".next-*/**", "bench/results.json", "lib/generated/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "*.config.mjs"] },
  ...nextVitals,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/only-throw-error": "error",
      // Async signatures are often required by an interface (adapters, Next config) without awaiting.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // Layers (docs/architecture.md): components and lib never import from app/. Pages pass
    // server actions to components as props.
    files: ["components/**", "lib/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/app", "@/app/*"], message: "components/ and lib/ never import from app/: let the page pass the server action as a prop." }] }],
    },
  },
);
