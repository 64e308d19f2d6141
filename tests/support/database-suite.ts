// One fresh database per describe block of an integration test (one block per provider, see
// ./databases): made before the block's first test, dropped after its last, together with what
// the block starts on it (test dependencies, a payment harness).
import { afterAll, beforeAll } from "vitest";
import { freshDatabase, type TestDatabase } from "./databases";

/**
 * Registers beforeAll/afterAll in the calling describe block. The returned object is filled in
 * by beforeAll: the database's fields, then those of what `setup` returns. `teardown` runs
 * before the database is dropped, to stop what `setup` started.
 */
export function databaseSuite<Extra extends object = object>(
  provider: TestDatabase["provider"],
  setup?: (t: TestDatabase) => Extra | Promise<Extra>,
  teardown?: (suite: TestDatabase & Extra) => Promise<void>,
): TestDatabase & Extra {
  const suite = {} as TestDatabase & Extra;
  beforeAll(async () => {
    const t = Object.assign(suite, await freshDatabase(provider));
    Object.assign(suite, await setup?.(t));
  });
  afterAll(async () => {
    await teardown?.(suite);
    await suite.drop();
  });
  return suite;
}
