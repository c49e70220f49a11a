/**
 * The floor of `veille once` as a process: a fresh node process that fetches every feed once
 * (bounded concurrency, a keep-alive agent, gunzip when the server compressed) and parses each
 * body with rss-parser's parseString, then exits. With validators (the 304 case), each request
 * carries the source's ETag and Last-Modified, read from a JSON file, and a 304 is the end of it.
 * No state, no ids, no matching. It prints what it saw as one JSON line, for the bench to check.
 *
 * Usage: node once-floor-main.js TASK.json
 */
import { readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { createGunzip } from 'node:zlib';
import pLimit from 'p-limit';
import Parser from 'rss-parser';

export interface OnceFloorTask {
  readonly urls: readonly string[];
  readonly concurrency: number;
  /** One per URL (same order): what a conditional request sends. */
  readonly validators?: readonly { readonly etag?: string; readonly lastModified?: string }[];
}

export interface OnceFloorOutput {
  readonly documents: number;
  readonly notModified: number;
  readonly items: number;
  readonly bodyBytes: number;
}

const task = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as OnceFloorTask;
const agent = new Agent({ keepAlive: true, maxSockets: task.concurrency });
const parser = new Parser();
const limit = pLimit(task.concurrency);
const output = { documents: 0, notModified: 0, items: 0, bodyBytes: 0 };

function read(url: string, validators: { readonly etag?: string; readonly lastModified?: string } | undefined): Promise<void> {
  const headers: Record<string, string> = { 'Accept-Encoding': 'gzip' };
  if (validators?.etag !== undefined) headers['If-None-Match'] = validators.etag;
  if (validators?.lastModified !== undefined) headers['If-Modified-Since'] = validators.lastModified;
  return new Promise<void>((resolve, reject) => {
    get(url, { agent, headers }, (response) => {
      if (response.statusCode === 304) {
        output.notModified += 1;
        response.resume().on('end', resolve).on('error', reject);
        return;
      }
      const stream = response.headers['content-encoding'] === 'gzip' ? response.pipe(createGunzip()) : response;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('end', () => {
        const body = Buffer.concat(chunks);
        output.documents += 1;
        output.bodyBytes += body.length;
        parser.parseString(body.toString('utf8')).then((feed) => {
          output.items += feed.items.length;
          resolve();
        }, reject);
      });
    }).on('error', reject);
  });
}

await Promise.all(task.urls.map((url, index) => limit(() => read(url, task.validators?.[index]))));
agent.destroy();
process.stdout.write(`${JSON.stringify(output satisfies OnceFloorOutput)}\n`);
