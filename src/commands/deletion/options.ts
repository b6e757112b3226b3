// Step 2c: the vendor's choices for one account, as the engine's TargetOptions (one account may
// give several targets, e.g. one per app and mode). The vendor's definition asks (chooseOptions);
// here its questions become quick picks and input boxes, and Escape cancels the whole flow.
import type { Account } from '../../core/accounts';
import { vendorCatalog } from '../../core/catalog';
import type { TargetOptions } from '../../core/job';
import type { EngineSettings } from '../../core/settings';
import type { OptionAsker } from '../../core/vendor';
import type { Prompter } from '../../platform/prompter';
import { UserCancelled, UserFacingError } from '../errors';

/** What the option questions need. */
export interface OptionDeps {
  prompter: Prompter;
  /** Defaults of the options (e.g. userErasure.cooladata.reason). */
  settings: EngineSettings;
}

export function askTargetOptions(deps: OptionDeps, account: Account): Promise<TargetOptions[]> {
  return vendorCatalog().get(account.vendor).chooseOptions(account, promptingAsker(deps.prompter), deps.settings);
}

function promptingAsker(prompter: Prompter): OptionAsker {
  return {
    async pickOne({ title, choices }) {
      const items = choices.map(({ label, description, detail, value }) => ({ label, description, detail, value }));
      return answered(await prompter.pickOne(items, { title }));
    },
    async pickMany({ title, placeholder, choices, noneMessage }) {
      const picked = answered(await prompter.pickMany(choices.map(({ label, value }) => ({ label, picked: true, value })), { title, placeholder }));
      if (picked.length === 0) throw new UserFacingError(noneMessage, [], 'info');
      return picked;
    },
    async text({ title, prompt, value, validate }) {
      return answered(await prompter.input({ title, prompt, value, validate }));
    },
  };
}

function answered<T>(value: T | undefined): T {
  if (value === undefined) throw new UserCancelled();
  return value;
}
