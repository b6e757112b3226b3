/** A failure the user can fix; the harness prints its message without a stack trace. */
export class HarnessError extends Error {}
