import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "data/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      eqeqeq: ["error", "always"],
      "no-restricted-syntax": [
        "error",
        { selector: "ExportDefaultDeclaration", message: "Use named exports." },
      ],
    },
  },
  {
    // shared/ is pure: it may not reach into the server or the browser code.
    files: ["shared/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["@server/*", "@client/*", "../server/*", "../client/*", "node:*"] },
      ],
    },
  },
  {
    // The reference check's second implementation must not share code with what it checks.
    files: ["test/reference/**/*.ts"],
    ignores: ["test/reference/statistics.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["@server/*", "@shared/*", "**/server/*", "**/shared/*", "@stdlib/*"] },
      ],
    },
  },
  {
    // Only the config module reads the environment.
    files: ["server/**/*.ts"],
    ignores: ["server/platform/config.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read config instead." },
      ],
    },
  },
  {
    files: ["client/**/*.ts"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["eslint.config.js", "client/vite.config.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
);
