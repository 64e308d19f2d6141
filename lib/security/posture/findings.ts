import type { PostureCheckId, PostureResult, PostureStatus } from "@/lib/security/posture/types";

// A check gathers one finding per thing it looked at; the worst finding sets its status, so a
// single red item can never be hidden behind several green ones.

export type Finding = { status: PostureStatus; detail: string; fix?: string };

const RANK: Record<PostureStatus, number> = { green: 0, amber: 1, red: 2 };

export function worst(statuses: readonly PostureStatus[]): PostureStatus {
  return statuses.reduce<PostureStatus>((a, b) => (RANK[b] > RANK[a] ? b : a), "green");
}

export const NO_ACTION = "No action needed.";

export function combine(id: PostureCheckId, title: string, findings: readonly Finding[]): PostureResult {
  const status = worst(findings.map((f) => f.status));
  const fixes = findings.filter((f) => f.status !== "green" && f.fix).map((f) => f.fix);
  return {
    id,
    title,
    status,
    detail: findings.map((f) => f.detail).join(" "),
    fix: status === "green" || fixes.length === 0 ? NO_ACTION : fixes.join(" "),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function daysBetween(earlier: Date, later: Date): number {
  return Math.floor((later.getTime() - earlier.getTime()) / DAY_MS);
}
