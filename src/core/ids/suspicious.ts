// Which tokens of a plain-text selection do not look like user IDs ("suspicious"): words of a
// sentence (the whole line of one), words beside an ID on a table row, a few words among IDs of a
// clearly other shape, common words, greetings and words that only join a sentence, comment lines,
// mail header lines, header names, web addresses, a phone number written in groups and tokens with
// sentence punctuation. They are left out of the IDs until the engineer picks them (editor) or
// passes --allow-suspicious (CLI).
//
// One pass as the tokens arrive (shape of each token, what each phrase holds), then one pass over
// the few kinds of tokens that can be suspicious. A *phrase* is a run of tokens on one line
// separated by spaces or tabs only (a comma, a semicolon or a line end closes it). Quoted tokens
// are the engineer's own delimiting: never suspicious, unless one holds several quoted values.
// Linear, with no regular expression over the text and no allocation for most tokens.
import { isIdColumnName } from './columns';

// A module-local alias: transpiled to CommonJS (tsx, mocha) an imported binding is a getter call
// per use, which showed in profiles of a million-word list.
const isColumnName = isIdColumnName;

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;

/** Token shapes (see shapeOf). */
const WORD = 1; // letters only, with inner ' ’ -
const NUMBER = 2; // digits, with a leading + or -
const STRONG = 3; // e-mail, user-123, long random tokens: no word or username looks like them
const NUMERIC_PUNCTUATED = 4; // digits with - / : . between them: dates, times, phone numbers
const OTHER = 5; // everything else with a letter or digit: jdoe42, john.smith
const NO_ALNUM = 6; // no letter, no digit: -, &, —, #
const SENTENCE_END = 7; // ends with . ! ? : or …
const DATE_TIME = 8; // 2024-05-01…, 10:42, 10:42:07, 01/05/2024
const QUOTED_PAIRS = 9; // a quoted token holding quote-colon or quote-comma: several values, or key: value
const SEP_LINE = 10; // sep= (Excel's delimiter line)
const SENTENCE_START = 11; // starts with ¿ or ¡ (Spanish)
const URL = 12; // a web address (scheme://, mailto:, www.)
const MARKUP = 13; // holds < or > inside: HTML or XML copied with the IDs
const KEY_VALUE = 14; // key=value from a log line (not base64 padding: a= at the end)

/** Candidate flags (what the phrase and line around a token turned out to hold). */
const IN_SENTENCE = 1;
const IN_ROW = 2;
const ON_COMMENT_LINE = 4;
const ON_PROSE_LINE = 8; // a line of several tokens with a common word (Thanks, Dave)
const IN_PHONE = 16; // numbers after a country code: +49 30 1234567
const ON_MAIL_HEADER = 32; // a line that starts with From: / To: / Cc:
const ON_ROW_LINE = 64; // a line holding an ID and a word across commas: u-1, Anna

/** Common words of English requests and tickets that are not user names. */
const COMMON_WORDS = new Set(
  (
    'an the and or not no if so as at by for from in into of on to via with about please kindly thanks thank hi ' +
    'hello hey dear team support me my we our you your he his she her they them their it its this that these ' +
    'those there here is are was were be been am do does did can could should would must delete deleted remove removed erase ' +
    'purge wipe gdpr request user users id ids account accounts customer customers data also too all every each ' +
    'both any following below above list tool tools again still just only which who what when where ticket asap done ' +
    'best kind regards cheers sincerely greetings ' +
    // German, French and Spanish requests: their function words and request verbs.
    'und oder bitte die der das den dem des ist sind nicht mit von aus auf für ein eine einen sie wir ich löschen ' +
    'et ou le la les du un une pour avec merci svp supprimer ' +
    'el los las del por favor para con gracias borrar eliminar usuario usuarios'
  ).split(' '),
);

/** Greetings and sign-offs: never a user name, even alone on a line of a list. */
const GREETINGS = new Set('hi hello hey dear thanks thank thx cheers regards sincerely hallo danke bonjour merci hola gracias'.split(' '));

/** Words that only join a sentence: no list of user names holds them. */
// Not a or an: a list of one-letter test IDs, and An (a Vietnamese given name).
const FUNCTION_WORDS = new Set('the and or of to in on at by for from with into is are was were be not'.split(' '));

/** What a spreadsheet or an export writes in an empty cell. Alone, a selection of one is still sent. */
const PLACEHOLDERS = new Set('null undefined none nil nan n/a na tbd unknown'.split(' '));

/** Mail header labels: the addresses after them are the mail's, not a list of users to erase. */
const MAIL_HEADERS = new Set('from: to: cc: bcc: reply-to: sender: von: an: de: à: para:'.split(' '));

/** Column headers that are not ID column names: a word above e-mails or phone numbers. */
const HEADER_WORDS = new Set('email emails mail phone mobile username name login uuid'.split(' '));

const COMMENT_MARKERS = new Set(['#', '##', '//', '--']);

export interface SuspicionCheck {
  /** Each token of the text, in order: its value, span [start, end) and whether it was quoted. */
  token(value: string, start: number, end: number, quoted: boolean): void;
  /** Suspicious values with their reason (first reason wins), added to `into`. */
  finish(into: Map<string, string>): void;
}

// A closure rather than a class: the minifier shortens its many counters (the extension bundle has
// a size budget).
export function suspicionCheck(text: string): SuspicionCheck {
  // Candidates: the tokens that can turn out suspicious, with their shape and flags.
  const values: string[] = [];
  let flags = new Uint8Array(64);
  let shapes = new Uint8Array(64);
  let count = 0;

  let prevEnd = 0;
  let phraseStart = 0; // candidate index where the current phrase's candidates begin
  let phraseTokens = 0;
  let phraseHasCommon = false;
  let phraseHasSentenceEnd = false;
  let phraseHasStrong = false;
  let phraseHasWord = false;
  let phraseIsPhone = false; // a country code (+49) so far followed only by numbers
  let lineIsComment = false;
  let lineIsMailHeader = false;
  let lineTokens = 0;
  let lineStart = 0; // candidate index where the current line's candidates begin
  let lineMark = 0; // IN_SENTENCE / IN_ROW of any phrase of the current line
  let lineHasCommon = false;
  let lineHasStrong = false;
  let lineHasWord = false;
  let rowLines = 0;
  let singleLines = 0;
  let multiLines = 0;
  /** The phrase's first token when it is a number (a candidate only if the phrase grows). */
  let firstNumber: string | undefined;

  let hasSentence = false;
  let nonWords = 0;
  let strong = 0;
  let listWords = 0;
  let tokens = 0;
  let longestNumber = 0;
  // The next < > and = at or after the last token searched (n when none): a token ending before
  // all three holds none, and most lists hold none at all, so each is searched for about once.
  const n = text.length;
  let nextLess = -1;
  let nextGreater = -1;
  let nextEquals = -1;
  const mayHoldMark = (start: number, end: number): boolean => {
    if (nextLess < start) nextLess = nextIndex(text, '<', start, n);
    if (nextGreater < start) nextGreater = nextIndex(text, '>', start, n);
    if (nextEquals < start) nextEquals = nextIndex(text, '=', start, n);
    return nextLess < end || nextGreater < end || nextEquals < end;
  };

  const push = (value: string, shape: number): void => {
    if (count === flags.length) {
      const grownFlags = new Uint8Array(count * 2);
      grownFlags.set(flags);
      flags = grownFlags;
      const grownShapes = new Uint8Array(count * 2);
      grownShapes.set(shapes);
      shapes = grownShapes;
    }
    values.push(value);
    shapes[count] = shape;
    flags[count] = (lineIsComment ? ON_COMMENT_LINE : 0) | (lineIsMailHeader ? ON_MAIL_HEADER : 0);
    count++;
  };

  const closePhrase = (): void => {
    const sentence = phraseTokens >= 2 && (phraseHasCommon || phraseHasSentenceEnd);
    const row = phraseTokens >= 2 && phraseHasStrong && phraseHasWord;
    const phone = phraseIsPhone && phraseTokens >= 2;
    const mark = (sentence ? IN_SENTENCE : 0) | (row ? IN_ROW : 0) | (phone ? IN_PHONE : 0);
    if (sentence) hasSentence = true;
    lineMark |= mark & (IN_SENTENCE | IN_ROW);
    for (let k = phraseStart; k < count; k++) {
      flags[k] |= mark;
      if (mark === 0 && shapes[k] === WORD) listWords++;
    }
    phraseStart = count;
    phraseTokens = 0;
    phraseHasCommon = phraseHasSentenceEnd = phraseHasStrong = phraseHasWord = phraseIsPhone = false;
    firstNumber = undefined;
  };

  /** Reads the separators before the next token: a comma, semicolon or line end closes the phrase. */
  const gap = (until: number): void => {
    let closes = false;
    let newLine = false;
    for (let k = prevEnd; k < until; k++) {
      const c = text.charCodeAt(k);
      if (c === SPACE || c === TAB) continue;
      closes = true;
      if (c === LF || c === CR) {
        newLine = true;
        break;
      }
    }
    if (closes || until === text.length) closePhrase();
    if (newLine || until === text.length) closeLine();
  };

  // A phrase that is a sentence or a row makes its whole line prose ("Por favor, borren al usuario
  // ana@x.es": the comma closes a phrase, not the sentence).
  const closeLine = (): void => {
    const prose = lineTokens >= 2 && lineHasCommon ? ON_PROSE_LINE : 0;
    const row = lineTokens >= 2 && lineHasStrong && lineHasWord ? ON_ROW_LINE : 0;
    if (row) rowLines++;
    if (lineTokens === 1) singleLines++;
    else if (lineTokens > 1) multiLines++;
    for (let k = lineStart; k < count; k++) flags[k] |= lineMark | prose | row;
    lineStart = count;
    lineMark = 0;
    lineHasCommon = lineHasStrong = lineHasWord = false;
    lineIsComment = lineIsMailHeader = false;
    lineTokens = 0;
  };

  const reasonFor = (value: string, shape: number, flag: number, manyTokens: boolean, wordsAmongStrong: boolean): string | undefined => {
    if (shape === NO_ALNUM) return 'has no letter or digit';
    if (shape === SENTENCE_END) return 'ends with sentence punctuation';
    if (shape === DATE_TIME) return 'a date or time';
    if (shape === QUOTED_PAIRS) return 'several quoted values or a key: value pair read as one';
    if (shape === SEP_LINE) return 'an Excel "sep=" line';
    if (shape === SENTENCE_START) return 'starts with sentence punctuation';
    if (shape === URL) return 'a web address, not an ID';
    if (shape === MARKUP) return 'holds markup (< or >)';
    if (shape === KEY_VALUE) return 'a key=value pair, not an ID';
    if (manyTokens && isListedWord(PLACEHOLDERS, value)) return 'a placeholder for a missing value';
    if (flag & ON_COMMENT_LINE) return 'on a comment line';
    if (flag & ON_MAIL_HEADER) return 'on a mail header line (From:, To:, Cc:)';
    if (manyTokens && (shape === WORD || shape === OTHER) && isColumnName(value)) return 'a column name, not an ID';
    if (shape === WORD) {
      if (hasSentence) return 'a word of a sentence';
      if (flag & IN_ROW || (flag & ON_ROW_LINE && rowLines >= 2)) return 'a word beside an ID on the same line';
      if (nonWords > 0 && isCommonWord(value)) return 'a common word, not an ID';
      if (manyTokens && isListedWord(GREETINGS, value)) return 'a greeting or sign-off, not an ID';
      if (manyTokens && isListedWord(FUNCTION_WORDS, value)) return 'a word that joins a sentence, not an ID';
      if (nonWords > 0 && manyTokens && isListedWord(HEADER_WORDS, value)) return 'a column name, not an ID';
      // One ID per line, and a line of words with a common word: a greeting or a signature.
      if (flag & ON_PROSE_LINE && singleLines >= 2 && singleLines > multiLines) return 'a word of a sentence beside a list';
      if (wordsAmongStrong) return 'a plain word among IDs of another shape';
      return undefined;
    }
    if (shape === NUMBER && flag & IN_PHONE) return 'part of a phone number written in groups';
    if (!hasSentence || !(flag & IN_SENTENCE)) return undefined;
    if (shape === NUMERIC_PUNCTUATED) return 'a date, time or number in a sentence';
    if (shape === NUMBER && value.length * 2 <= longestNumber) return 'a short number in a sentence';
    return undefined;
  };

  return {
    token(value, start, end, quoted) {
      gap(start);
      prevEnd = end;
      tokens++;
      phraseTokens++;
      lineTokens++;
      if (phraseTokens === 2 && firstNumber !== undefined) push(firstNumber, NUMBER);
      if (quoted) {
        nonWords++;
        // 'user_id': 'u-90' (a Python dict, JSON in single quotes) read as one quoted token.
        if (hasInnerQuotedPair(value)) push(value, QUOTED_PAIRS);
        return;
      }
      const shape = shapeOf(value, mayHoldMark(start, end));
      if (phraseTokens === 1) phraseIsPhone = shape === NUMBER && isCountryCode(value);
      else if (shape !== NUMBER) phraseIsPhone = false;
      if (lineTokens === 1 && shape === NO_ALNUM && COMMENT_MARKERS.has(value)) lineIsComment = true;
      if (lineTokens === 1 && shape === SENTENCE_END && value.length <= 9 && MAIL_HEADERS.has(value.toLowerCase())) lineIsMailHeader = true;
      if (shape !== WORD) nonWords++;
      if (shape === NUMBER || shape === STRONG) {
        strong++;
        phraseHasStrong = lineHasStrong = true;
      }
      switch (shape) {
        case WORD:
          phraseHasWord = lineHasWord = true;
          if (isCommonWord(value)) phraseHasCommon = lineHasCommon = true;
          push(value, shape);
          return;
        case NUMBER:
          if (value.length > longestNumber) longestNumber = value.length;
          // Only a number inside a phrase can be a count in a sentence ("the 3 users").
          if (phraseTokens === 1) firstNumber = value;
          else push(value, shape);
          return;
        case SENTENCE_END:
        case SENTENCE_START:
          phraseHasSentenceEnd = true;
          push(value, shape);
          return;
        case NUMERIC_PUNCTUATED:
        case NO_ALNUM:
        case DATE_TIME:
        case SEP_LINE:
        case URL:
        case MARKUP:
        case KEY_VALUE:
          push(value, shape);
          return;
        default:
          if (lineIsComment || lineIsMailHeader || (value.length <= 24 && isColumnName(value)) || isListedWord(PLACEHOLDERS, value)) push(value, shape);
      }
    },

    finish(into) {
      gap(text.length);
      const manyTokens = tokens > 1;
      const wordsAmongStrong = strong >= 3 && strong >= 3 * listWords;
      for (let k = 0; k < count; k++) {
        const reason = reasonFor(values[k], shapes[k], flags[k], manyTokens, wordsAmongStrong);
        if (reason !== undefined && !into.has(values[k])) into.set(values[k], reason);
      }
    },
  };
}

/**
 * Whether `value` can be set apart when every token of the text is alone on its line (the text
 * holds no separator but line ends): only then is its shape a candidate one, or it is a column
 * name or a placeholder (a phrase there is one token, so a number is never a count in a sentence,
 * and only a candidate starts a comment or mail header line). When no token of such a text can,
 * suspicionCheck finds nothing in it and need not run. `mayHoldMark` as for shapeOf.
 */
export function canBeSuspiciousAlone(value: string, mayHoldMark: boolean): boolean {
  const shape = shapeOf(value, mayHoldMark);
  if (shape === NUMBER) return false;
  if (shape !== STRONG && shape !== OTHER) return true;
  return (value.length <= 24 && isColumnName(value)) || isListedWord(PLACEHOLDERS, value);
}

function isListedWord(words: ReadonlySet<string>, value: string): boolean {
  if (value.length > 9 || words.has(value)) return value.length <= 9;
  const first = value.charCodeAt(0);
  return first >= 65 && first <= 90 && words.has(value.toLowerCase());
}

/** First letters (either case) of the common words: most words of a username list stop here. */
const COMMON_FIRST = new Uint8Array(128);
for (const word of COMMON_WORDS) {
  COMMON_FIRST[word.charCodeAt(0)] = 1;
  COMMON_FIRST[word.toUpperCase().charCodeAt(0)] = 1;
}

function isCommonWord(value: string): boolean {
  const first = value.charCodeAt(0);
  if (value.length > 9 || first >= 128 || COMMON_FIRST[first] === 0) return false;
  if (COMMON_WORDS.has(value)) return true;
  return first >= 65 && first <= 90 && COMMON_WORDS.has(value.toLowerCase());
}

/** ASCII letters, and beyond Latin-1 anything but punctuation and symbol blocks (a rough but cheap test). */
const isLetter = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f) && c !== 0xfeff);
const isDigit = (c: number) => c >= 48 && c <= 57;

function nextIndex(text: string, search: string, from: number, none: number): number {
  const at = text.indexOf(search, from);
  return at < 0 ? none : at;
}

/** The shape of an unquoted token (non-empty); `mayHoldMark` false when it holds no < > or =. */
function shapeOf(value: string, mayHoldMark: boolean): number {
  const shape = baseShapeOf(value);
  return shape === STRONG || shape === OTHER ? innerMarkOf(value, mayHoldMark) || shape : shape;
}

/** MARKUP, KEY_VALUE or URL when the token is or holds one, else 0. */
function innerMarkOf(value: string, mayHoldMark: boolean): number {
  if (mayHoldMark) {
    if (value.indexOf('<') >= 0 || value.indexOf('>') >= 0) return MARKUP;
    const eq = value.indexOf('=');
    if (eq > 0 && eq < value.length - 1 && value.charCodeAt(eq + 1) !== 61) return KEY_VALUE;
  }
  if (value.startsWith('mailto:') || (value.startsWith('www.') && value.length > 4)) return URL;
  return 0;
}

function baseShapeOf(value: string): number {
  const n = value.length;
  const first = value.charCodeAt(0);
  if ((first === 0xbf || first === 0xa1) && n > 1) return SENTENCE_START;
  let letters = 0;
  let digits = 0;
  let at = -1;
  let joiners = 0; // - _ . : # /
  let wordMarks = 0; // ' ’ - between letters
  let others = 0;
  for (let k = 0; k < n; k++) {
    const c = value.charCodeAt(k);
    if (c >= 48 && c <= 57) digits++;
    else if (isLetter(c)) letters++;
    else if (c === 64 /* @ */) {
      if (at < 0) at = k;
    } else if (c === 58 && value.charCodeAt(k + 1) === 47 && value.charCodeAt(k + 2) === 47 && letters > 0) {
      return URL;
    } else if (c === 45 /* - */ || c === 95 || c === 46 || c === 58 || c === 35 || c === 47) {
      joiners++;
      if (c === 45 && k > 0 && k < n - 1) wordMarks++;
    } else if ((c === 39 || c === 0x2019) && k > 0 && k < n - 1) {
      wordMarks++;
      others++;
    } else {
      others++;
    }
    // A letter, a digit and a joiner make a coded ID (user-123) whatever follows; only the last
    // character and a date at the start still matter. Most IDs of a long list stop here.
    if (letters !== 0 && digits !== 0 && joiners !== 0) return endsSentence(value) ? SENTENCE_END : startsWithDate(value) ? DATE_TIME : STRONG;
  }
  if (letters + digits === 0) return NO_ALNUM;
  if (endsSentence(value)) return SENTENCE_END;
  if (n === 4 && others === 1 && value.toLowerCase() === 'sep=') return SEP_LINE;
  if (letters === 0 && at < 0) {
    const signed = value.charCodeAt(0) === 43 || value.charCodeAt(0) === 45;
    if (digits === n || (signed && digits === n - 1)) return NUMBER;
    if (others === 0) return startsWithDate(value) || isTimeOrShortDate(value) ? DATE_TIME : NUMERIC_PUNCTUATED;
    return OTHER;
  }
  if (digits === 0 && at < 0 && joiners + others === wordMarks) return WORD;
  // A mention (@alice) reads like a word.
  if (at === 0 && digits === 0 && value.indexOf('@', 1) < 0 && joiners + others === wordMarks) return WORD;
  if (at > 0 && at < n - 1) return STRONG;
  // Long random tokens (hex object IDs, base64): no username is like them.
  if (n >= 16 && digits > 0) return STRONG;
  return OTHER;
}

/** +1 … +998: the start of a phone number written in groups. */
function isCountryCode(value: string): boolean {
  return value.length >= 2 && value.length <= 4 && value.charCodeAt(0) === 43;
}

function hasInnerQuotedPair(value: string): boolean {
  for (const pair of [`':`, `',`, `":`, `",`]) if (value.indexOf(pair) >= 0) return true;
  return false;
}

function endsSentence(value: string): boolean {
  const last = value.charCodeAt(value.length - 1);
  return value.length > 1 && (last === 46 || last === 33 || last === 63 || last === 58 || last === 0x2026);
}

/** 2024-05-01, and anything after it (2024-05-01T10:00:00Z). */
function startsWithDate(value: string): boolean {
  if (value.length < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  for (const k of [0, 1, 2, 3, 5, 6, 8, 9]) if (!isDigit(value.charCodeAt(k))) return false;
  return true;
}

/** 10:42, 10:42:07, 1/5/24, 01/05/2024: runs of 1–4 digits joined by : (a time) or / (a date). */
function isTimeOrShortDate(value: string): boolean {
  const n = value.length;
  if (n > 10) return false;
  const sep = value.indexOf(':') > 0 ? 58 : value.indexOf('/') > 0 ? 47 : 0;
  if (sep === 0) return false;
  let run = 0;
  let runs = 0;
  for (let k = 0; k < n; k++) {
    const c = value.charCodeAt(k);
    if (isDigit(c)) {
      if (++run > 4) return false;
    } else if (c === sep && run > 0) {
      run = 0;
      runs++;
    } else {
      return false;
    }
  }
  return run > 0 && runs >= 1 && runs <= 2 && (sep === 47 ? runs === 2 : run === 2);
}
