import nextVitals from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "bench/results.json",
      "lib/generated/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "*.config.mjs",
    ],
  },
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
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/app", "@/app/*"],
              message: "components/ and lib/ never import from app/: let the page pass the server action as a prop.",
            },
          ],
        },
      ],
    },
  },
  {
    // Fraud rules stay pure: they judge the facts they are handed (the order's time among them)
    // and read nothing else, so the backtest can replay them over history and their unit tests
    // need no database (docs/architecture.md).
    files: ["lib/fraud/rules/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?!zod$|\\./|\\.\\./(normalize|names|define-rule|rule-settings|card-label|types)$)",
              message:
                "A fraud rule imports only the pure helpers beside it (normalize, names, define-rule, rule-settings, card-label, types): no database, network, clock or framework.",
            },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "A fraud rule takes the time from its facts (facts.now), never from the clock.",
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "A fraud rule takes the time from its facts (facts.now), never from the clock.",
        },
      ],
    },
  },
);
