// Types for electronegativity.mjs, for the test that exercises the gate.
import type { z } from 'zod';

export const AllowList: z.ZodType<AllowListData>;
export interface AllowListData {
  excludedChecks: { check: string; reason: string }[];
  findings: { check: string; file: string; reason: string }[];
}
export interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  description: string;
  shortenedURL?: string | undefined;
  severity: { name: string };
  confidence: { name: string };
  manualReview?: boolean | undefined;
}
export interface ScanResult {
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Finding[];
}
export function scan(input: string, options: { excludedChecks?: string[]; electronVersion: string }): Promise<ScanResult>;
export function judge(result: ScanResult, allow: AllowListData): { refused: Finding[]; stale: AllowListData['findings']; unparsed: ScanResult['errors'] };
export function electronVersion(): string;
