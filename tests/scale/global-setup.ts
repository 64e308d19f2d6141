// Builds the store once into .next-scale for every scale-out test (SCALE_REUSE_BUILD=1 keeps an
// existing build). Skipped without TEST_DATABASE_URL and TEST_REDIS_URL, like the tests.
import { existsSync } from "node:fs";
import { buildStore } from "@/bench/lib/processes";
import { DIST_DIR, scaleConfigured, scaleEnv } from "./cluster";

export default async function setup() {
  if (!scaleConfigured()) return;
  if (process.env.SCALE_REUSE_BUILD === "1" && existsSync(`${DIST_DIR}/BUILD_ID`)) return;
  console.log(`building the store into ${DIST_DIR} for the scale-out tests…`);
  await buildStore(DIST_DIR, ".data/scale-build.log", scaleEnv(4120, "file:./.data/unused.db"));
}
