/**
 * Streams catalog rows from a file without loading it whole: JSON Lines, CSV (RFC 4180, header
 * row, quoted fields may span lines) or JSON (an array of rows, or an object whose `items` is
 * one). Each row comes with the 1-based line it starts on, for error messages. Memory: one row.
 */
import { createReadStream } from 'node:fs';

export type CatalogFormat = 'jsonl' | 'csv' | 'json';

export interface SourceRow {
  /** 1-based line where the row starts. */
  line: number;
  /** Parsed row, or null with `error` when the row could not be parsed at all. */
  value: unknown;
  error?: string;
}

export function formatOf(path: string, explicit?: string): CatalogFormat {
  const f = (explicit ?? path.replace(/\.gz$/, '').split('.').pop() ?? '').toLowerCase();
  if (f === 'jsonl' || f === 'ndjson') return 'jsonl';
  if (f === 'csv') return 'csv';
  if (f === 'json') return 'json';
  throw new Error(`cannot tell the format of ${path}: use a .jsonl, .csv or .json file, or --format jsonl|csv|json`);
}

async function* chunks(path: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let first = true;
  for await (const c of stream as AsyncIterable<string>) {
    yield first && c.charCodeAt(0) === 0xfeff ? c.slice(1) : c; // drop a UTF-8 BOM
    first = false;
  }
}

export async function* readRows(path: string, format: CatalogFormat): AsyncGenerator<SourceRow> {
  if (format === 'jsonl') yield* readJsonLines(path);
  else if (format === 'csv') yield* readCsv(path);
  else yield* readJson(path);
}

async function* readJsonLines(path: string): AsyncGenerator<SourceRow> {
  let rest = '';
  let line = 0;
  const parse = (text: string, at: number): SourceRow | null => {
    if (text.trim() === '') return null;
    try {
      return { line: at, value: JSON.parse(text) };
    } catch (e) {
      return { line: at, value: null, error: `not valid JSON (${e instanceof Error ? e.message : String(e)})` };
    }
  };
  for await (const c of chunks(path)) {
    rest += c;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const r = parse(rest.slice(0, nl), ++line);
      rest = rest.slice(nl + 1);
      if (r) yield r;
    }
  }
  const r = parse(rest, ++line);
  if (r) yield r;
}

async function* readCsv(path: string): AsyncGenerator<SourceRow> {
  let header: string[] | null = null;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let rowLine = 1;
  let pending: string | null = null; // a '"' seen at a chunk end inside quotes
  const endRow = (): SourceRow | null => {
    fields.push(field);
    field = '';
    const row = fields;
    fields = [];
    if (row.length === 1 && row[0]!.trim() === '') return null; // blank line
    if (!header) {
      header = row.map((h) => h.trim());
      return null;
    }
    if (row.length !== header.length) return { line: rowLine, value: null, error: `has ${row.length} fields; the header has ${header.length}` };
    const obj: Record<string, string> = {};
    header.forEach((h, i) => {
      if (h !== '') obj[h] = row[i]!;
    });
    return { line: rowLine, value: obj };
  };
  for await (const chunk of chunks(path)) {
    const c = pending === null ? chunk : pending + chunk;
    pending = null;
    for (let i = 0; i < c.length; i++) {
      const ch = c[i]!;
      if (quoted) {
        if (ch === '"') {
          if (i + 1 === c.length) {
            pending = '"';
            break;
          }
          if (c[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (ch === '\n') line++;
          field += ch;
        }
        continue;
      }
      if (ch === '"' && field === '' && !afterQuote) quoted = true;
      else if (ch === ',') {
        fields.push(field);
        field = '';
        afterQuote = false;
      } else if (ch === '\n') {
        if (field.endsWith('\r')) field = field.slice(0, -1);
        const r = endRow();
        afterQuote = false;
        line++;
        rowLine = line;
        if (r) yield r;
      } else if (ch !== '\r' || c[i + 1] !== '\n') field += ch;
    }
  }
  if (field !== '' || fields.length > 0) {
    const r = endRow();
    if (r) yield r;
  }
}

/**
 * A JSON array of rows, or an object with an `items` array (other keys are skipped). Objects are
 * cut out of the text by bracket depth (strings and escapes respected) and parsed one by one.
 */
async function* readJson(path: string): AsyncGenerator<SourceRow> {
  let depth = 0;
  let inString = false;
  let escape = false;
  let line = 1;
  let mode: 'start' | 'root-object' | 'rows' | 'done' = 'start';
  let lastKey = '';
  let keyBuf: string | null = null; // collecting a string at depth 1 of the root object
  let rowsDepth = -1; // depth of the rows array
  let row: string[] | null = null; // text of the row being collected
  let rowDepth = 0;
  let rowLine = 0;
  let sawRoot = false;
  for await (const c of chunks(path)) {
    let start = 0; // start of the current row's slice in this chunk
    for (let i = 0; i < c.length; i++) {
      const ch = c[i]!;
      if (ch === '\n') line++;
      if (inString) {
        if (escape) escape = false;
        else if (ch === '\\') escape = true;
        else if (ch === '"') {
          inString = false;
          if (keyBuf !== null) {
            lastKey = keyBuf;
            keyBuf = null;
          }
        } else if (keyBuf !== null) keyBuf += ch;
        continue;
      }
      if (row) {
        if (ch === '"') inString = true;
        else if (ch === '{' || ch === '[') rowDepth++;
        else if (ch === '}' || ch === ']') {
          rowDepth--;
          if (rowDepth === 0) {
            row.push(c.slice(start, i + 1));
            const text = row.join('');
            row = null;
            try {
              yield { line: rowLine, value: JSON.parse(text) };
            } catch (e) {
              yield { line: rowLine, value: null, error: `not valid JSON (${e instanceof Error ? e.message : String(e)})` };
            }
          }
        }
        continue;
      }
      if (/\s/.test(ch) || ch === ',' || ch === ':') continue;
      if (mode === 'start') {
        sawRoot = true;
        if (ch === '[') {
          mode = 'rows';
          rowsDepth = 1;
          depth = 1;
        } else if (ch === '{') {
          mode = 'root-object';
          depth = 1;
        } else throw new Error(`${path} is not a JSON array or object`);
        continue;
      }
      if (mode === 'rows' && depth === rowsDepth) {
        if (ch === ']') {
          mode = 'done';
          depth--;
          continue;
        }
        if (ch === '{' || ch === '[') {
          row = [];
          start = i;
          rowLine = line;
          rowDepth = 1;
        } else {
          // A bare string, number, true or null as a row: reported, then skipped.
          yield { line, value: null, error: 'row is not an object' };
          if (ch === '"') inString = true;
          else {
            let j = i;
            while (j < c.length && !/[\s,\]]/.test(c[j]!)) j++;
            i = j - 1;
          }
        }
        continue;
      }
      if (ch === '"') {
        inString = true;
        if (mode === 'root-object' && depth === 1) keyBuf = '';
        continue;
      }
      if (ch === '{' || ch === '[') {
        depth++;
        if (mode === 'root-object' && depth === 2 && ch === '[' && lastKey === 'items') {
          mode = 'rows';
          rowsDepth = 2;
        }
      } else if (ch === '}' || ch === ']') depth--;
      if (mode === 'done' && depth === 1 && rowsDepth === 2) mode = 'root-object';
    }
    if (row) row.push(c.slice(start));
  }
  if (!sawRoot) throw new Error(`${path} is empty`);
  if (row || inString) throw new Error(`${path} ends in the middle of a row (truncated JSON)`);
  if (rowsDepth === -1) throw new Error(`${path} is a JSON object without an "items" array`);
}
