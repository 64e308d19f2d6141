// CPU time a process has used so far (user + system, every thread), read from /proc on Linux.
// The benchmark divides the store's CPU time over a load by the requests answered: on a machine
// other work shares, the rate moves with their load, the CPU cost of one request much less so.
import { readFileSync } from "node:fs";

/** Linux's USER_HZ: /proc reports times in these ticks (100 on every mainstream architecture). */
const TICKS_PER_SECOND = 100;

/** Milliseconds of CPU the process `pid` has used, or null where /proc is not available. */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
