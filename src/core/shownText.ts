// Text from outside (IDs, vendor messages, labels, journal titles) shown to a person — printed to a
// terminal by the CLI, or in the extension's confirmation: control characters and escape sequences
// could recolour, rewrite or hide the report, line breaks could forge lines, and bidirectional or
// invisible format characters could reorder it. They are shown escaped (\x1b, \u202e), never raw.

/** C0 and C1 controls and DEL (a newline too: one field, one line). */
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
/** Zero-width, line/paragraph separators, bidi controls and other invisible format characters. */
export const INVISIBLE_FORMAT_CHARACTER = /[\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
const UNSAFE = new RegExp(`${CONTROL_CHARACTER.source}|${INVISIBLE_FORMAT_CHARACTER.source}`, 'g');
const UNSAFE_ONE = new RegExp(UNSAFE.source);

export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A multi-line text, each line escaped; the line breaks themselves are kept. */
export function escapeControlsPerLine(text: string): string {
  return text.split('\n').map(escapeControls).join('\n');
}

const ID_SHOWN_MAX = 40;

/** An ID as the CLI and the confirmation show it: shortened, quoted when it has spaces, separators, quotes or controls, and escaped. */
export function showId(id: string): string {
  const short = id.length > ID_SHOWN_MAX ? `${id.slice(0, ID_SHOWN_MAX - 1)}…` : id;
  return id === '' || /[\s,;"'`]/.test(short) || UNSAFE_ONE.test(short) ? escapeControls(JSON.stringify(short)) : short;
}

/** What JSON.stringify leaves raw inside strings: DEL, C1 controls, bidi and invisible format characters. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** JSON for a terminal: the same value when parsed, with nothing in it that a terminal would act on. */
export function terminalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
