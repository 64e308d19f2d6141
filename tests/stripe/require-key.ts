// Global setup of `npm run test:stripe`: without a test-mode key the run refuses to start rather
// than skipping, since a run that checked nothing must not look like a pass. (A setup file, not
// a throw in the config, so tools that only read the config, like knip, can load it.)
export default function requireTestKey(): void {
  const key = process.env.STRIPE_TEST_SECRET_KEY ?? "";
  if (!key.startsWith("sk_test_") && !key.startsWith("rk_test_"))
    throw new Error(
      "npm run test:stripe needs STRIPE_TEST_SECRET_KEY=sk_test_… (a test-mode key; docs/stripe-emulator.md).",
    );
}
