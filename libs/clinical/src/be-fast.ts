import { z } from 'zod';
import type { ScoreResult } from './score-result';
import { InstantSchema } from './score-inputs';

// BE-FAST (clinical.md §2.2) [V]: positive when any of Balance, Eyes, Face, Arm, Speech is newly
// abnormal; T is the time last known well, which a positive screen must record.

export const BeFastInputSchema = z.object({
  balance: z.boolean().describe('Sudden loss of balance or coordination'),
  eyes: z.boolean().describe('Sudden vision loss, blurred or double vision'),
  face: z.boolean().describe('Facial droop'),
  arm: z.boolean().describe('Arm weakness or drift'),
  speech: z.boolean().describe('Slurred or wrong words, or mute'),
  lastKnownWellAt: InstantSchema.optional().describe('T: time last known well'),
});
export type BeFastInput = z.input<typeof BeFastInputSchema>;

export type BeFastCategory = 'positive' | 'negative';
export type BeFastPart = 'balance' | 'eyes' | 'face' | 'arm' | 'speech';
export type BeFastResult = ScoreResult<'be_fast', BeFastCategory, BeFastPart, number>;

export function calculateBeFast(input: BeFastInput): BeFastResult {
  const parts = {
    balance: input.balance ? 1 : 0,
    eyes: input.eyes ? 1 : 0,
    face: input.face ? 1 : 0,
    arm: input.arm ? 1 : 0,
    speech: input.speech ? 1 : 0,
  };
  const score = Object.values(parts).reduce((sum, p) => sum + p, 0);
  const isPositive = score > 0;
  const isFastPositive = input.face || input.arm || input.speech;
  const flags = [
    // The case BE-FAST exists for: ataxia or a visual deficit alone, missed by FAST and Cincinnati.
    ...(isPositive && !isFastPositive ? ['balance_or_eyes_only'] : []),
    ...(isPositive && input.lastKnownWellAt === undefined ? ['last_known_well_missing'] : []),
  ];
  return {
    kind: 'be_fast',
    score,
    category: isPositive ? 'positive' : 'negative',
    parts,
    flags,
    advice: isPositive ? 'BE-FAST positive: suspected stroke; record the time last known well.' : 'BE-FAST negative.',
  };
}
