import type { Prompter } from '../../../platform/prompter';

/** What the per-vendor option questions need. */
export interface OptionDeps {
  prompter: Prompter;
  /** userErasure.cooladata.reason */
  defaultReason: string;
}
