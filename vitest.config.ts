import { defineConfig } from "vitest/config";

// `npm test` (= `vitest run`) runs both projects; `npm test -- tests/e2e` only the browser tests.
export default defineConfig({
  test: {
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/e2e/**", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          // The sample manual is built once (with Pagefind) for every site test.
          globalSetup: ["tests/e2e/build-site.ts"],
          // Real Chromium: first run unpacks @sparticuz/chromium (~2 s), launches take a moment.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
