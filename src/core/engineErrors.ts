// Expected states that stop an action: not faults. Every face shows the message as it is (the
// extension at the error's level, the CLI on stderr); nothing here is logged as a failure.

export type StateLevel = 'error' | 'warning' | 'info';

export abstract class EngineStateError extends Error {
  abstract readonly level: StateLevel;
}

/** Another window writes the journal (or it is damaged or closed): this one can look, not change. */
export class HistoryReadOnlyError extends EngineStateError {
  override name = 'HistoryReadOnlyError';
  readonly level = 'warning';
}

/** The job runs: it cannot be started, retried, resumed or removed until it ends. */
export class JobRunningError extends EngineStateError {
  override name = 'JobRunningError';
  readonly level = 'info';
  constructor(message = 'This job is already running.') {
    super(message);
  }
}

/** The job does not run: there is nothing to cancel. */
export class JobNotRunningError extends EngineStateError {
  override name = 'JobNotRunningError';
  readonly level = 'info';
  constructor(message = 'The job is not running.') {
    super(message);
  }
}

/** The account a target names was removed from this window's accounts. */
export class AccountRemovedError extends EngineStateError {
  override name = 'AccountRemovedError';
  readonly level = 'error';
  constructor(message = 'The account is no longer configured (it was removed). Add it again to continue.') {
    super(message);
  }
}

/**
 * A target the history holds cannot be sent as it stands: its account is of another vendor, or its
 * options are not its vendor's (a hand-edited journal line, a vendor this build does not know).
 * Its IDs would go somewhere the history does not show, so nothing is sent.
 */
export class UnsendableTargetError extends EngineStateError {
  override name = 'UnsendableTargetError';
  readonly level = 'error';
}

/** The selection holds no failed, unanswered or cancelled ID. */
export class NothingToRetryError extends EngineStateError {
  override name = 'NothingToRetryError';
  readonly level = 'info';
  constructor(message = 'Nothing to retry: no failed, unanswered or cancelled IDs in the selection.') {
    super(message);
  }
}

/** The history loads cleanly: Repair History has nothing to do. */
export class NothingToRepairError extends EngineStateError {
  override name = 'NothingToRepairError';
  readonly level = 'info';
  constructor(message = 'The erasure history loads cleanly: there is nothing to repair.') {
    super(message);
  }
}

/** Every ID of the job was sent already. */
export class NothingToResumeError extends EngineStateError {
  override name = 'NothingToResumeError';
  readonly level = 'info';
  constructor(message = 'Nothing to resume: every ID of the job was sent (or the job is running).') {
    super(message);
  }
}
