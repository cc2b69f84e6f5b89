// One rule for tests that need a system part (keychain, Chromium, Electron,
// D-Bus tools): run when it is there; otherwise report the suite skipped with
// the reason, or fail with it where the part is required (CI by default).
import { describe, it } from 'vitest';

export const IN_CI = process.env['CI'] === 'true';

export interface Gate {
  available: boolean;
  reason: string;
}

export const OPEN: Gate = { available: true, reason: '' };

export function closed(reason: string): Gate {
  return { available: false, reason };
}

export function allGates(...gates: Gate[]): Gate {
  const shut = gates.filter((g) => !g.available);
  return shut.length === 0 ? OPEN : closed(shut.map((g) => g.reason).join('; '));
}

/** When a missing part is a failure rather than a skip, and what says so. */
export interface Requirement {
  when: boolean;
  by: string;
}

const CI_REQUIRES: Requirement = { when: IN_CI, by: 'CI=true' };

/**
 * describe() that runs when the gate is open, is skipped with the reason on a
 * laptop, and fails with the reason where the part is required.
 */
export function describeWhen(gate: Gate, name: string, body: () => void, required: Requirement = CI_REQUIRES): void {
  if (gate.available) {
    describe(name, body);
  } else if (required.when) {
    describe(name, () => {
      it(`needs a system component: ${gate.reason}`, () => {
        throw new Error(`${required.by} but ${gate.reason}`);
      });
    });
  } else {
    console.warn(`[skip] ${name}: ${gate.reason}`);
    describe.skip(`${name} — skipped: ${gate.reason}`, body);
  }
}
