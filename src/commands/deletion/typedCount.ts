// Step 3b: above userErasure.confirmThreshold users, the engineer types the number back.
import type { Prompter } from '../../platform/prompter';
import { UserCancelled } from '../errors';
import { formatCount } from '../../core/text/plural';

/** Accepts "1234", "1,234", "1 234" or "1_234" for 1234. */
export function typedCountProblem(value: string, expected: number): string | undefined {
  const digits = value.trim().replace(/[,\s_.']/g, '');
  return digits === String(expected) ? undefined : `Type ${expected} to proceed.`;
}

export async function askTypedCount(prompter: Prompter, count: number, what: string): Promise<void> {
  const typed = await prompter.input({
    title: `Type the number of users to delete (${formatCount(count)})`,
    prompt: `This deletes ${what}. Type ${count} to proceed.`,
    placeholder: String(count),
    validate: (value) => typedCountProblem(value, count),
  });
  if (typed === undefined || typedCountProblem(typed, count) !== undefined) throw new UserCancelled();
}
