/**
 * Splits an expression into tokens. The tokenizer never fails: characters the language does not
 * know become `unknown` tokens and unterminated literals are closed at the end of the text, so
 * the parser can always build a tree for completion on half-typed input.
 */

export type TokenKind =
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'attribute'
  | 'string'
  | 'single-quoted'
  | 'number'
  | 'hex'
  | 'identifier'
  | 'compare'
  | 'ampersand'
  | 'comment'
  | 'unknown'
  | 'eof';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** The decoded value for strings and attributes; the text otherwise. */
  value: string;
  /** False for a string, attribute or quoted token that reached the end without its closer. */
  closed: boolean;
  /** For strings: offsets of backslashes kept literally (unknown escapes). */
  unknownEscapes?: number[];
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isIdentStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isIdentPart(code: number): boolean {
  return isIdentStart(code) || isDigit(code);
}

function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const length = text.length;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value = text.slice(start, end), closed = true): void => {
    tokens.push({ kind, start, end, value, closed });
  };

  while (i < length) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      i++;
      continue;
    }
    const start = i;
    const ch = text[i];
    switch (ch) {
      case '(':
        push('lparen', i, ++i);
        continue;
      case ')':
        push('rparen', i, ++i);
        continue;
      case ',':
        push('comma', i, ++i);
        continue;
      case '[': {
        // An attribute reference runs to the next `]` on the same line; a line break or the end
        // of the text leaves it unclosed so completion can still offer names.
        let j = i + 1;
        while (j < length && text[j] !== ']' && text[j] !== '\n' && text[j] !== '\r') j++;
        const closed = j < length && text[j] === ']';
        push('attribute', start, closed ? j + 1 : j, text.slice(i + 1, j), closed);
        i = closed ? j + 1 : j;
        continue;
      }
      case '"': {
        // The value is copied in runs between backslashes (most strings have none).
        let value = '';
        let unknownEscapes: number[] | undefined;
        let j = i + 1;
        let runStart = j;
        let closed = false;
        while (j < length) {
          const c = text.charCodeAt(j);
          if (c === 92 /* \\ */) {
            const next = text.charCodeAt(j + 1);
            if (next === 34 || next === 92) {
              value += text.slice(runStart, j) + text[j + 1];
              j += 2;
              runStart = j;
              continue;
            }
            // Entra keeps a backslash before any other character (Cloud Sync's "\," example).
            (unknownEscapes ??= []).push(j);
            j++;
            continue;
          }
          if (c === 34 /* " */) {
            closed = true;
            break;
          }
          j++;
        }
        value += text.slice(runStart, j);
        if (closed) j++;
        tokens.push({ kind: 'string', start, end: j, value, closed, unknownEscapes });
        i = j;
        continue;
      }
      case "'": {
        let j = i + 1;
        while (j < length && text[j] !== "'" && text[j] !== '\n') j++;
        const closed = j < length && text[j] === "'";
        push('single-quoted', start, closed ? j + 1 : j, text.slice(i + 1, j), closed);
        i = closed ? j + 1 : j;
        continue;
      }
      case '&': {
        if ((text[i + 1] === 'H' || text[i + 1] === 'h') && isHexDigit(text.charCodeAt(i + 2))) {
          let j = i + 2;
          while (j < length && isHexDigit(text.charCodeAt(j))) j++;
          push('hex', start, j);
          i = j;
          continue;
        }
        push('ampersand', i, ++i);
        continue;
      }
      case '=':
        push('compare', i, ++i);
        continue;
      case '<':
        if (text[i + 1] === '>' || text[i + 1] === '=') {
          push('compare', i, (i += 2));
        } else {
          push('compare', i, ++i);
        }
        continue;
      case '>':
        if (text[i + 1] === '=') push('compare', i, (i += 2));
        else push('compare', i, ++i);
        continue;
      case '/':
        if (text[i + 1] === '/' || text[i + 1] === '*') {
          const lineEnd = text[i + 1] === '/' ? text.indexOf('\n', i) : text.indexOf('*/', i + 2);
          const j = lineEnd < 0 ? length : text[i + 1] === '/' ? lineEnd : lineEnd + 2;
          push('comment', start, j);
          i = j;
          continue;
        }
        break;
      case '#':
        push('comment', start, length);
        i = length;
        continue;
      default:
        break;
    }
    if (isDigit(code) || (ch === '-' && isDigit(text.charCodeAt(i + 1)))) {
      let j = i + 1;
      while (j < length && isDigit(text.charCodeAt(j))) j++;
      push('number', start, j);
      i = j;
      continue;
    }
    if (isIdentStart(code)) {
      let j = i + 1;
      while (j < length && isIdentPart(text.charCodeAt(j))) j++;
      push('identifier', start, j);
      i = j;
      continue;
    }
    // Take a whole surrogate pair so a range never splits a character.
    const width = code >= 0xd800 && code <= 0xdbff && i + 1 < length ? 2 : 1;
    push('unknown', start, i + width);
    i += width;
  }
  tokens.push({ kind: 'eof', start: length, end: length, value: '', closed: true });
  return tokens;
}
