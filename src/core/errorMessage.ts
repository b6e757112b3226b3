// What an error says, whatever was thrown (an Error's message, anything else as text). Callers
// that show it to a person still pass it through the redactor.

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
