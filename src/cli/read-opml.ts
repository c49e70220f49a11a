import { readFile } from 'node:fs/promises';
import { decodeFeedBody } from '../decode/decode-body.js';
import { FeedParseError } from '../errors/feed-parse-error.js';
import { OpmlError } from '../errors/opml-error.js';
import type { OpmlDocument } from '../opml/opml-document.js';
import { parseOpml } from '../opml/parse-opml.js';

/**
 * Reads and parses an OPML file (`-`: standard input). Bytes become text as feed bodies do (BOM,
 * XML declaration, UTF-8, else windows-1252), so exports in legacy charsets read right.
 *
 * @throws OpmlError with the file name: `unreadable`, `not-opml` or `truncated`.
 */
export async function readOpml(file: string, stdin: NodeJS.ReadableStream): Promise<OpmlDocument> {
  const shown = file === '-' ? 'standard input' : file;
  let text: string;
  try {
    const bytes = file === '-' ? await readAll(stdin) : await readFile(file);
    text = decodeFeedBody(bytes);
  } catch (error) {
    const reason =
      error instanceof FeedParseError ? 'not a text file' : (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new OpmlError(`cannot read ${shown}: ${reason}`, { kind: 'unreadable', file: shown }, { cause: error });
  }
  try {
    return parseOpml(text);
  } catch (error) {
    if (!(error instanceof OpmlError)) throw error;
    throw new OpmlError(`${shown}: ${error.message}`, { kind: error.kind, file: shown }, { cause: error });
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
