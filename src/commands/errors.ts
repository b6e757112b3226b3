// Errors a command raises on purpose. A UserFacingError is shown as it is (with optional buttons
// that run commands); a cancellation by the user is silent.

export class UserCancelled extends Error {
  override name = 'UserCancelled';
  constructor() {
    super('cancelled by the user');
  }
}

export interface ErrorAction {
  title: string;
  command: string;
  args?: unknown[];
}

export class UserFacingError extends Error {
  override name = 'UserFacingError';
  constructor(
    message: string,
    readonly actions: readonly ErrorAction[] = [],
    readonly level: 'error' | 'warning' | 'info' = 'error',
  ) {
    super(message);
  }
}
