// Validation errors raised while storing an account become plain messages (they name fields and
// labels, never secret values).
import { AccountValidationError } from '../../platform/accountRepository';
import { InvalidSecretsError } from '../../platform/secretStore';
import { UserFacingError } from '../errors';

export async function savingErrors<T>(save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (error) {
    if (error instanceof AccountValidationError || error instanceof InvalidSecretsError) {
      throw new UserFacingError(`The account was not saved: ${error.message}`);
    }
    throw error;
  }
}
