// Which tokens of a plain-text selection do not look like user IDs ("suspicious"): words of a
// sentence, words beside an ID on a table row, a few words among IDs of a clearly other shape,
// common words, comment lines, header names and tokens with sentence punctuation. They are left out
// of the IDs until the engineer picks them (editor) or passes --allow-suspicious (CLI).
//
// One pass as the tokens arrive (shape of each token, what each phrase holds), then one pass over
// the few kinds of tokens that can be suspicious. A *phrase* is a run of tokens on one line
// separated by spaces or tabs only (a comma, a semicolon or a line end closes it). Quoted tokens
// are the engineer's own delimiting: never suspicious. Linear; no regular expression.
import { isIdColumnName } from './columns';

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

/** Candidate flags (what the phrase and line around a token turned out to hold). */
const IN_SENTENCE = 1;
const IN_ROW = 2;
const ON_COMMENT_LINE = 4;

/** Common words of English requests and tickets that are not user names. */
const COMMON_WORDS = new Set(
  (
    'an the and or but nor not no yes if then so as at by for from in into of on onto to via with without about per ' +
    'please pls kindly thanks thank thx hi hello hey dear regards cheers team support ' +
    'me my we us our you your he him his she her they them their it its this that these those there here ' +
    'is are was were be been being am do does did done has have had can could should would must shall will ' +
    'delete deleted deleting remove removed removing erase erased purge wipe gdpr request requested requests ' +
    'user users id ids account accounts customer customers profile profiles data also too all every each both any ' +
    'following below above list tool tools system systems again still just only which who what when where why how ' +
    'ticket asap urgent ok okay done'
  ).split(' '),
);

const COMMENT_MARKERS = new Set(['#', '##', '//', '--']);

export class SuspicionCheck {
  private readonly values: string[] = [];
  private flags = new Uint8Array(64);
  private shapes = new Uint8Array(64);
  private count = 0;

  private prevEnd = 0;
  private phraseStart = 0; // candidate index where the current phrase's candidates begin
  private phraseTokens = 0;
  private phraseHasCommon = false;
  private phraseHasSentenceEnd = false;
  private phraseHasStrong = false;
  private phraseHasWord = false;
  private lineIsComment = false;
  private lineTokens = 0;
  /** The phrase's first token when it is a number (kept only if the phrase grows). */
  private firstNumber: string | undefined;

  private hasSentence = false;
  private nonWords = 0;
  private strong = 0;
  private listWords = 0;
  private tokens = 0;
  private longestNumber = 0;

  constructor(private readonly text: string) {}

  token(value: string, start: number, end: number, quoted: boolean): void {
    this.gap(start);
    this.prevEnd = end;
    this.tokens++;
    this.phraseTokens++;
    this.lineTokens++;
    // A number opening a phrase becomes a candidate once the phrase has a second token.
    if (this.phraseTokens === 2 && this.firstNumber !== undefined) this.push(this.firstNumber, NUMBER);
    if (quoted) {
      this.nonWords++;
      // 'user_id': 'u-90' (a Python dict, JSON in single quotes) read as one quoted token.
      if (hasInnerQuotedPair(value)) this.push(value, QUOTED_PAIRS);
      return;
    }
    const shape = shapeOf(value);
    if (this.lineTokens === 1 && shape === NO_ALNUM && COMMENT_MARKERS.has(value)) this.lineIsComment = true;
    if (shape !== WORD) this.nonWords++;
    if (shape === NUMBER || shape === STRONG) {
      this.strong++;
      this.phraseHasStrong = true;
    }
    switch (shape) {
      case WORD:
        this.phraseHasWord = true;
        if (isCommonWord(value)) this.phraseHasCommon = true;
        this.push(value, shape);
        return;
      case NUMBER:
        if (value.length > this.longestNumber) this.longestNumber = value.length;
        if (this.phraseTokens === 1) this.firstNumber = value;
        else this.push(value, shape);
        return;
      case SENTENCE_END:
        this.phraseHasSentenceEnd = true;
        this.push(value, shape);
        return;
      case NUMERIC_PUNCTUATED:
      case NO_ALNUM:
      case DATE_TIME:
      case SEP_LINE:
        this.push(value, shape);
        return;
      default:
        if (this.lineIsComment || (value.length <= 24 && isIdColumnName(value))) this.push(value, shape);
    }
  }

  /** Suspicious values with their reason (first reason wins), added to `into`. */
  finish(into: Map<string, string>): void {
    this.gap(this.text.length);
    const { values, flags, shapes } = this;
    const manyTokens = this.tokens > 1;
    const wordsAmongStrong = this.strong >= 3 && this.strong >= 3 * this.listWords;
    for (let k = 0; k < this.count; k++) {
      const reason = this.reasonFor(values[k], shapes[k], flags[k], manyTokens, wordsAmongStrong);
      if (reason !== undefined && !into.has(values[k])) into.set(values[k], reason);
    }
  }

  private reasonFor(value: string, shape: number, flag: number, manyTokens: boolean, wordsAmongStrong: boolean): string | undefined {
    if (shape === NO_ALNUM) return 'has no letter or digit';
    if (shape === SENTENCE_END) return 'ends with sentence punctuation';
    if (shape === DATE_TIME) return 'a date or time';
    if (shape === QUOTED_PAIRS) return 'several quoted values or a key: value pair read as one';
    if (shape === SEP_LINE) return 'an Excel "sep=" line';
    if (flag & ON_COMMENT_LINE) return 'on a comment line';
    if (manyTokens && (shape === WORD || shape === OTHER) && isIdColumnName(value)) return 'a column name, not an ID';
    if (shape === WORD) {
      if (this.hasSentence) return 'a word of a sentence';
      if (flag & IN_ROW) return 'a word beside an ID on the same line';
      if (this.nonWords > 0 && isCommonWord(value)) return 'a common word, not an ID';
      if (wordsAmongStrong) return 'a plain word among IDs of another shape';
      return undefined;
    }
    if (!this.hasSentence || !(flag & IN_SENTENCE)) return undefined;
    if (shape === NUMERIC_PUNCTUATED) return 'a date, time or number in a sentence';
    if (shape === NUMBER && value.length * 2 <= this.longestNumber) return 'a short number in a sentence';
    return undefined;
  }

  private push(value: string, shape: number): void {
    if (this.count === this.flags.length) this.grow();
    this.values.push(value);
    this.shapes[this.count] = shape;
    this.flags[this.count] = this.lineIsComment ? ON_COMMENT_LINE : 0;
    this.count++;
  }

  private grow(): void {
    const flags = new Uint8Array(this.flags.length * 2);
    flags.set(this.flags);
    this.flags = flags;
    const shapes = new Uint8Array(this.shapes.length * 2);
    shapes.set(this.shapes);
    this.shapes = shapes;
  }

  /** Reads the separators before the next token: a comma, semicolon or line end closes the phrase. */
  private gap(until: number): void {
    const { text } = this;
    let closes = false;
    let newLine = false;
    for (let k = this.prevEnd; k < until; k++) {
      const c = text.charCodeAt(k);
      if (c === SPACE || c === TAB) continue;
      closes = true;
      if (c === LF || c === CR) {
        newLine = true;
        break;
      }
    }
    if (closes || until === text.length) this.closePhrase();
    if (newLine) {
      this.lineIsComment = false;
      this.lineTokens = 0;
    }
  }

  private closePhrase(): void {
    const sentence = this.phraseTokens >= 2 && (this.phraseHasCommon || this.phraseHasSentenceEnd);
    const row = this.phraseTokens >= 2 && this.phraseHasStrong && this.phraseHasWord;
    const mark = (sentence ? IN_SENTENCE : 0) | (row ? IN_ROW : 0);
    if (sentence) this.hasSentence = true;
    for (let k = this.phraseStart; k < this.count; k++) {
      this.flags[k] |= mark;
      if (mark === 0 && this.shapes[k] === WORD) this.listWords++;
    }
    this.phraseStart = this.count;
    this.phraseTokens = 0;
    this.phraseHasCommon = false;
    this.phraseHasSentenceEnd = false;
    this.phraseHasStrong = false;
    this.phraseHasWord = false;
    this.firstNumber = undefined;
  }
}

function isCommonWord(value: string): boolean {
  if (value.length > 9) return false;
  if (COMMON_WORDS.has(value)) return true;
  const first = value.charCodeAt(0);
  return first >= 65 && first <= 90 && COMMON_WORDS.has(value.toLowerCase());
}

/** ASCII letters, and beyond Latin-1 anything but punctuation and symbol blocks (a rough but cheap test). */
const isLetter = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f) && c !== 0xfeff);
const isDigit = (c: number) => c >= 48 && c <= 57;

/** The shape of an unquoted token (non-empty). */
export function shapeOf(value: string): number {
  const n = value.length;
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
